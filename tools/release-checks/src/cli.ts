#!/usr/bin/env node
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkRepository } from './check.js';

const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const problems = checkRepository(root);
if (problems.length > 0) {
  console.error(`Release checks failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log('Release checks passed: manifests change compatibly and every changed package has a changeset.');
