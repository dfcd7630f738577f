#!/usr/bin/env node
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scaffold } from './scaffold.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const [id] = process.argv.slice(2);
if (!id) {
  console.error('Usage: npm run create-connector -- <name>   (e.g. acme-ads)');
  process.exit(2);
}
try {
  const result = scaffold({ id, root });
  console.log(`Created ${result.packageName} in ${relative(root, result.dir)}:`);
  for (const file of result.files) console.log(`  ${file}`);
  console.log(`\nNext: npm test -- --filter=${result.packageName}   (installs, builds and runs its conformance suite)`);
  console.log('Then replace the members API in src/index.ts and src/sandbox/index.ts with your target, and read CONTRIBUTING-CONNECTORS.md.');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
