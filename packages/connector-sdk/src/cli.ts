#!/usr/bin/env node
// `outport-connector manifest [--check]` and `outport-connector readme [--check]`, run in a
// connector package. `manifest` writes manifest.json from the package's built definition
// (dist/index.js) and its package.json (version, SDK range), and regenerates the README's marked
// tables; `readme` does only the latter. `--check` writes nothing and fails when a file is stale.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConnectorDefinition } from './define.js';
import type { ConnectorManifest } from './manifest.js';
import { buildManifest, manifestFileText } from './manifest-file.js';
import { renderReadme } from './readme.js';

const USAGE = 'Usage: outport-connector manifest [--check] | outport-connector readme [--check]';

async function loadManifest(packageDir: string): Promise<ConnectorManifest> {
  const entry = join(packageDir, 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`Build the connector first: ${entry} is missing.`);
  const module = (await import(pathToFileURL(entry).href)) as { default?: ConnectorDefinition };
  if (!module.default) throw new Error(`${entry} has no default export; export defineConnector({...}) as default.`);
  return buildManifest(module.default, packageDir);
}

/** Writes (or, with `check`, compares) one generated file; returns `stale` when it is. */
function sync(file: string, text: string, check: boolean, stale: string): string | undefined {
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === text) return undefined;
  if (check) return stale;
  writeFileSync(file, text);
  return undefined;
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (command !== 'manifest' && command !== 'readme') {
    console.error(USAGE);
    process.exit(2);
  }
  const check = args.includes('--check');
  const packageDir = resolve('.');
  const manifest = await loadManifest(packageDir);
  const problems: string[] = [];
  if (command === 'manifest') {
    const problem = sync(join(packageDir, 'manifest.json'), manifestFileText(manifest), check, 'manifest.json is stale: run the build and commit it.');
    if (problem) problems.push(problem);
  }
  const readme = join(packageDir, 'README.md');
  if (existsSync(readme)) {
    const problem = sync(readme, renderReadme(readFileSync(readme, 'utf8'), manifest), check, 'The tables in README.md are stale: run the build and commit it.');
    if (problem) problems.push(problem);
  }
  if (problems.length) throw new Error(problems.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
