import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * A release rehearsal: the pending changesets applied (`changeset version`) in a scratch copy of the
 * repository, every connector of the copy built the way its build script builds it (`tsc`, then
 * `outport-connector manifest`, which writes manifest.json from the bumped package.json), and the
 * API's connector registry booted on the result, loading each connector's code as the API does. Every
 * connector must still load: a manifest whose SDK range stayed behind the SDK's new version would be
 * refused at boot, and GET /connectors would be empty.
 *
 * Lean on purpose: the copy shares the repository's installed dependencies and the built SDK, core
 * and API (a release changes their versions, which they read from package.json at run time, not
 * their code); the connectors, whose manifests a release changes, are built from their sources,
 * side by side.
 */

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const scratch = mkdtempSync(join(tmpdir(), 'outport-release-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface Workspace {
  dir: string;
  name: string;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

function workspaces(base: string): (Workspace & { json: { version: string; outport?: { connector?: boolean }; peerDependencies?: Record<string, string> } })[] {
  const out = [];
  for (const group of ['packages', 'apps', 'connectors', 'tools']) {
    if (!existsSync(join(base, group))) continue;
    for (const entry of readdirSync(join(base, group)).sort()) {
      const file = join(base, group, entry, 'package.json');
      if (!existsSync(file)) continue;
      const json = readJson<{ name: string; version: string }>(file);
      out.push({ dir: `${group}/${entry}`, name: json.name, json });
    }
  }
  return out;
}

/**
 * What a release reads and writes, as the checkout has it now (committed, changed or new): the
 * changesets and their config, the root's package.json and lockfile (how the workspace is found),
 * and each package's package.json, changelog, README and manifest.
 */
function copyCheckout(): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
  const released = /^(?:package\.json|package-lock\.json|\.changeset\/.*|(?:packages|apps|connectors|tools)\/[^/]+\/(?:package\.json|CHANGELOG\.md|README\.md|manifest\.json))$/;
  for (const file of files) {
    if (!released.test(file) || !existsSync(join(root, file))) continue; // deleted in the working tree
    mkdirSync(dirname(join(scratch, file)), { recursive: true });
    cpSync(join(root, file), join(scratch, file));
  }
}

/**
 * The repository's installed dependencies, by link; the workspace's own packages link to the
 * copy's folders, so the copy's bumped versions are the ones that load.
 */
function linkDependencies(own: Workspace[]): void {
  const modules = join(scratch, 'node_modules');
  mkdirSync(modules);
  for (const entry of readdirSync(join(root, 'node_modules'))) {
    if (entry !== '@outport') symlinkSync(join(root, 'node_modules', entry), join(modules, entry));
  }
  mkdirSync(join(modules, '@outport'));
  for (const pkg of own) {
    symlinkSync(join(scratch, pkg.dir), join(modules, pkg.name), 'dir');
    // A package whose dependency could not be hoisted (another version is at the root) has its own.
    const nested = join(root, pkg.dir, 'node_modules');
    if (existsSync(nested)) symlinkSync(nested, join(scratch, pkg.dir, 'node_modules'), 'dir');
  }
}

/**
 * Built code, copied so that each package's code reads the copy's package.json; connectors get
 * their sources and build settings instead, to be built in the copy.
 */
function copyBuilds(own: Workspace[], connectors: Set<string>): void {
  cpSync(join(root, 'tsconfig.base.json'), join(scratch, 'tsconfig.base.json'));
  for (const pkg of own) {
    const from = (entry: string) => join(root, pkg.dir, entry);
    const entries = connectors.has(pkg.name) ? ['src', 'tsconfig.json', 'tsconfig.build.json'] : ['dist', 'bin'];
    for (const entry of entries) if (existsSync(from(entry))) cpSync(from(entry), join(scratch, pkg.dir, entry), { recursive: true });
  }
}

const env = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' };

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed in ${cwd}:\n${output}`);
  return output;
}

/** The same, without waiting: several connectors build side by side. */
function runAsync(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => (status === 0 ? resolve(output) : reject(new Error(`${args.join(' ')} failed in ${cwd}:\n${output}`))));
  });
}

/**
 * What a connector's build script does (`tsc -p tsconfig.build.json && outport-connector manifest`),
 * with the copy's SDK. `--write`: the rehearsal's manifests are new by design, and in CI the command
 * would otherwise only check them.
 */
async function buildConnector(dir: string): Promise<void> {
  const script = readJson<{ scripts?: { build?: string } }>(join(dir, 'package.json')).scripts?.build;
  expect(script, `${dir}: the build the rehearsal repeats`).toBe('tsc -p tsconfig.build.json && outport-connector manifest');
  await runAsync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], dir);
  await runAsync(process.execPath, [join(scratch, 'packages', 'connector-sdk', 'bin', 'outport-connector.js'), 'manifest', '--write'], dir);
}

describe('a release of the pending changesets', () => {
  it('bumps the SDK and the connectors together, builds every connector, and the API still loads each', async () => {
    const own = workspaces(root);
    copyCheckout();
    linkDependencies(own);
    copyBuilds(own, new Set(own.filter((p) => p.json.outport?.connector).map((p) => p.name)));

    const changeset = join(dirname(createRequire(import.meta.url).resolve('@changesets/cli/package.json')), 'bin.js');
    run(process.execPath, [changeset, 'version'], scratch);

    const released = workspaces(scratch);
    const sdk = released.find((p) => p.name === '@outport/connector-sdk')!;
    const connectors = released.filter((p) => p.json.outport?.connector);
    expect(connectors.length).toBeGreaterThan(0);
    // Each connector built from its sources in the copy (no dist was copied), two at a time.
    const queue = connectors.map((c) => join(scratch, c.dir));
    await Promise.all([0, 1].map(async () => {
      for (let dir = queue.shift(); dir; dir = queue.shift()) await buildConnector(dir);
    }));
    // The API's connector registry booted on the released copy, and every connector's code loaded as
    // the API loads it; one process of the copy's own, so every package resolves to the copy's versions.
    const sdkDist = pathToFileURL(join(scratch, 'packages', 'connector-sdk', 'dist', 'index.js')).href;
    const registry = pathToFileURL(join(scratch, 'apps', 'api', 'dist', 'connectors', 'connector-registry.js')).href;
    const script = `
      const { SDK_VERSION } = await import(${JSON.stringify(sdkDist)});
      const { ConnectorRegistry } = await import(${JSON.stringify(registry)});
      const registry = new ConnectorRegistry({ connectorAllowList: null, connectorPaths: [] });
      const loaded = [];
      for (const c of registry.list()) {
        const definition = await registry.load(c.manifest.id);
        if (typeof definition.createExporter === 'function') loaded.push(c.packageName + '@' + c.manifest.version);
      }
      console.log('RESULT ' + JSON.stringify({ sdk: SDK_VERSION, refused: registry.refused, loaded }));`;
    const output = run(process.execPath, ['--input-type=module', '-e', script], join(scratch, 'apps', 'api'));
    for (const connector of connectors) {
      const manifest = readJson<{ version: string; sdk: string }>(join(scratch, connector.dir, 'manifest.json'));
      expect(manifest, connector.name).toMatchObject({ version: connector.json.version, sdk: connector.json.peerDependencies?.['@outport/connector-sdk'] });
    }
    const result = JSON.parse(/^RESULT (.*)$/m.exec(output)?.[1] ?? 'null') as { sdk: string; refused: unknown[]; loaded: string[] } | null;
    expect(result, output).not.toBeNull();
    expect(result!.sdk).toBe(sdk.json.version);
    expect(result!.refused).toEqual([]);
    expect(result!.loaded.sort()).toEqual(connectors.map((c) => `${c.name}@${c.json.version}`).sort());
  });
});
