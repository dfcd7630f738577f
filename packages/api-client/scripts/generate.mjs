// Generates src/schema.ts from the API's checked-in OpenAPI document. With --check it only
// verifies that the checked-in file is current (the build runs that, so a stale client fails CI).
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

const here = dirname(fileURLToPath(import.meta.url));
const specFile = join(here, '..', '..', '..', 'apps', 'api', 'openapi.json');
const outFile = join(here, '..', 'src', 'schema.ts');

const spec = JSON.parse(readFileSync(specFile, 'utf8'));
const ast = await openapiTS(spec, { exportType: true });
const banner = '// Generated from apps/api/openapi.json by scripts/generate.mjs. Do not edit.\n/* eslint-disable */\n';
const text = banner + astToString(ast);

if (process.argv.includes('--check')) {
  const current = existsSync(outFile) ? readFileSync(outFile, 'utf8') : '';
  if (current !== text) {
    console.error('packages/api-client/src/schema.ts is stale: run `npm run generate -w @outport/api-client` and commit it.');
    process.exit(1);
  }
} else {
  writeFileSync(outFile, text);
  console.log(`Wrote ${outFile}`);
}
