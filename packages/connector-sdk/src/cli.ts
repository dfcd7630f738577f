#!/usr/bin/env node
// `outport-connector manifest [--check]`, run in a connector package: writes manifest.json from the
// package's built definition (dist/index.js), or fails when the checked-in file is stale.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConnectorDefinition } from './define.js';
import { buildManifest, manifestFileText } from './manifest-file.js';

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (command !== 'manifest') {
    console.error('Usage: outport-connector manifest [--check]');
    process.exit(2);
  }
  const packageDir = resolve('.');
  const entry = join(packageDir, 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`Build the connector first: ${entry} is missing.`);
  const module = (await import(pathToFileURL(entry).href)) as { default?: ConnectorDefinition };
  if (!module.default) throw new Error(`${entry} has no default export; export defineConnector({...}) as default.`);
  const text = manifestFileText(buildManifest(module.default, packageDir));
  const file = join(packageDir, 'manifest.json');
  if (args.includes('--check')) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
      throw new Error('manifest.json is stale: run the build and commit it.');
    }
    return;
  }
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
