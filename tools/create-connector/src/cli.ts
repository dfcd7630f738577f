#!/usr/bin/env node
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { scaffold, TEMPLATE_CATEGORIES, type TemplateCategory } from './scaffold.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const usage = `Usage: npm run create-connector -- <name> [--category ${TEMPLATE_CATEGORIES.join('|')}]   (e.g. acme-ads --category email)`;
let parsed;
try {
  parsed = parseArgs({ allowPositionals: true, options: { category: { type: 'string', short: 'c' } } });
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}
const [id] = parsed.positionals;
if (!id) {
  console.error(usage);
  process.exit(2);
}
try {
  const result = scaffold({ id, root, category: parsed.values.category as TemplateCategory | undefined });
  console.log(`Created ${result.packageName} in ${relative(root, result.dir)}:`);
  for (const file of result.files) console.log(`  ${file}`);
  console.log(`\nNext: npm test -- --filter=${result.packageName}   (installs, builds and runs its conformance suite)`);
  console.log('Then replace the members API in src/index.ts and src/sandbox/index.ts with your target, and read CONTRIBUTING-CONNECTORS.md.');
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
