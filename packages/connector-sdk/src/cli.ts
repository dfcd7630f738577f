#!/usr/bin/env node
// `outport-connector manifest [--check]` and `outport-connector readme [--check]`, run in a
// connector package. `manifest` writes manifest.json from the package's built definition
// (dist/index.js) and its package.json (version, SDK range), and regenerates the README's marked
// tables; `readme` does only the latter. `--check` writes nothing and fails when a file is stale.
//
// In CI (the CI variable set, as CI services do) checking is the default: the connector's build runs
// `outport-connector manifest` before its tests, and a build that rewrote a stale committed file
// would let it pass unseen. `--write` writes anyway (a scratch copy whose version was bumped).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConnectorDefinition } from './define.js';
import type { ConnectorManifest } from './manifest.js';
import { buildManifest, manifestFileText } from './manifest-file.js';
import { renderReadme } from './readme.js';

const USAGE = 'Usage: outport-connector manifest [--check | --write] | outport-connector readme [--check | --write]';

/** Whether this is a CI run (`CI=true`, `CI=1`; not `CI=false` or `CI=0`). */
function inCi(): boolean {
  const value = process.env.CI?.trim().toLowerCase();
  return !!value && value !== 'false' && value !== '0';
}

async function loadManifest(packageDir: string): Promise<ConnectorManifest> {
  const entry = join(packageDir, 'dist', 'index.js');
  if (!existsSync(entry)) throw new Error(`Build the connector first: ${entry} is missing.`);
  const module = (await import(pathToFileURL(entry).href)) as { default?: ConnectorDefinition };
  if (!module.default) throw new Error(`${entry} has no default export; export defineConnector({...}) as default.`);
  return buildManifest(module.default, packageDir);
}

function packageName(packageDir: string): string {
  const file = join(packageDir, 'package.json');
  return existsSync(file) ? ((JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name ?? packageDir) : packageDir;
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
  const unknown = args.filter((arg) => arg !== '--check' && arg !== '--write');
  if (unknown.length || (args.includes('--check') && args.includes('--write'))) {
    console.error(USAGE);
    process.exit(2);
  }
  const ci = !args.includes('--check') && !args.includes('--write') && inCi();
  const check = args.includes('--check') || ci;
  const packageDir = resolve('.');
  // In CI the build itself checks: name the package, and say why it did not just rewrite the file.
  const fix = ci
    ? `run the build of ${packageName(packageDir)} outside CI (npm run build, CI unset) and commit it; in CI the build checks generated files instead of rewriting them.`
    : 'run the build and commit it.';
  const manifest = await loadManifest(packageDir);
  const problems: string[] = [];
  if (command === 'manifest') {
    const problem = sync(join(packageDir, 'manifest.json'), manifestFileText(manifest), check, `manifest.json is stale: ${fix}`);
    if (problem) problems.push(problem);
  }
  const readme = join(packageDir, 'README.md');
  if (existsSync(readme)) {
    const problem = sync(readme, renderReadme(readFileSync(readme, 'utf8'), manifest), check, `The tables in README.md are stale: ${fix}`);
    if (problem) problems.push(problem);
  }
  if (problems.length) throw new Error(problems.join('\n'));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
