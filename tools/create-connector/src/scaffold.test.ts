import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_USERS } from '@outport/demo-data';
import { afterAll, describe, expect, it } from 'vitest';
import { scaffold } from './scaffold.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const bin = (name: string) => join(root, 'node_modules', '.bin', name);
// Inside the repository (so the workspace's packages resolve), in a folder git ignores.
mkdirSync(join(root, '.cache'), { recursive: true });
const workDir = mkdtempSync(join(root, '.cache', 'scaffold-'));
const dir = join(workDir, 'acme-ads');

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8' });
  // Without colour codes, so assertions can read the output.
  return { status: result.status, output: `${result.stdout}${result.stderr}`.replace(new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g'), '') };
}

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('create-connector', () => {
  it('scaffolds a package that builds and passes its own conformance suite without edits', () => {
    // An email list: addresses in plain text, the kind of target most partners start with.
    const result = scaffold({ id: 'acme-ads', root, dir, changeset: false, category: 'email' });
    expect(result.packageName).toBe('@outport/connector-acme-ads');
    expect(result.files).toEqual(expect.arrayContaining(['package.json', 'src/index.ts', 'src/sandbox/index.ts', 'test/conformance.test.ts', 'README.md', 'CHANGELOG.md']));

    const build = run(bin('tsc'), ['-p', 'tsconfig.build.json'], dir);
    expect(build.output).toBe('');
    const cli = join(root, 'packages', 'connector-sdk', 'dist', 'cli.js');
    // A partner's first build, on their machine: it writes manifest.json and the README's tables.
    const manifest = run(process.execPath, [cli, 'manifest'], dir, { ...process.env, CI: '' });
    expect(manifest.status, manifest.output).toBe(0);
    const written = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { category: string; sdk: string; audienceKinds: { fields: { key: string; hash: string }[] }[] };
    expect(written.category).toBe('email');
    expect(written.audienceKinds[0]!.fields.map((f) => `${f.key}:${f.hash}`)).toEqual(['email:none', 'firstName:none', 'lastName:none']);
    // The SDK range is the package's peer dependency, nowhere else.
    expect(written.sdk).toBe((JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> }).peerDependencies['@outport/connector-sdk']);
    // The build wrote the README's tables from the manifest, and checks them.
    const readme = readFileSync(join(dir, 'README.md'), 'utf8');
    expect(readme).toContain('| `email` | Email | email | yes | yes | email (trim, lower-case) | none |');
    expect(readme).toContain('| records per request | 1,000 |');
    expect(readme).toMatch(/<!-- outport:options -->\n(\| key \| label \||An export needs no options\.)/);
    expect(run(process.execPath, [cli, 'manifest', '--check'], dir).status).toBe(0);
    writeFileSync(join(dir, 'README.md'), readme.replace('| records per request | 1,000 |', '| records per request | 5,000 |'));
    const stale = run(process.execPath, [cli, 'readme', '--check'], dir);
    expect([stale.status, stale.output.trim()]).toEqual([1, 'The tables in README.md are stale: run the build and commit it.']);
    // In CI the build checks instead of rewriting, so a stale committed table fails the build.
    const inCi = run(process.execPath, [cli, 'manifest'], dir, { ...process.env, CI: 'true' });
    expect([inCi.status, inCi.output.trim()]).toEqual([
      1,
      'The tables in README.md are stale: run the build of @outport/connector-acme-ads outside CI (npm run build, CI unset) and commit it; in CI the build checks generated files instead of rewriting them.',
    ]);
    expect(readFileSync(join(dir, 'README.md'), 'utf8'), 'the CI build left the README as it was').toContain('| records per request | 5,000 |');
    writeFileSync(join(dir, 'README.md'), readme);
    expect(run(process.execPath, [cli, 'manifest'], dir, { ...process.env, CI: 'true' }).status, 'a current README passes the CI build').toBe(0);

    const tests = run(bin('vitest'), ['run', '--reporter=verbose'], dir, { ...process.env, FORCE_COLOR: '0' });
    expect(tests.status, tests.output).toBe(0);
    expect(tests.output).toMatch(/Tests\s+\d+ passed/);
    // The template connects through the SDK's client, so the kit's outbound-policy check runs and passes.
    expect(tests.output).toMatch(/✓ .*connects only through the outbound-address policy/);
  });

  it('hashes identifiers for advertising targets only', () => {
    const ads = scaffold({ id: 'acme-dsp', root, dir: join(workDir, 'acme-dsp'), changeset: false });
    expect(readFileSync(join(ads.dir, 'src', 'index.ts'), 'utf8')).toMatch(/key: 'email'.*hash: 'sha256'/);
    for (const category of ['crm', 'other'] as const) {
      const plain = scaffold({ id: `acme-${category}`, root, dir: join(workDir, `acme-${category}`), changeset: false, category });
      expect(readFileSync(join(plain.dir, 'src', 'index.ts'), 'utf8')).not.toContain("hash: 'sha256'");
    }
    expect(() => scaffold({ id: 'acme-lake', root, dir: join(workDir, 'acme-lake'), changeset: false, category: 'storage' as never })).toThrow(/not a category the template knows/);
  });

  it('leaves a changelog that `changeset version` fills in once: the first release is 0.1.0', () => {
    // A workspace of its own, as the repository is one: the scaffold, its changeset, and a release.
    const workspace = join(workDir, 'release');
    mkdirSync(join(workspace, '.changeset'), { recursive: true });
    writeFileSync(join(workspace, 'package.json'), JSON.stringify({ name: 'release', private: true, workspaces: ['connectors/*'] }));
    writeFileSync(join(workspace, 'package-lock.json'), JSON.stringify({ name: 'release', lockfileVersion: 3, requires: true, packages: { '': { name: 'release', workspaces: ['connectors/*'] } } }));
    writeFileSync(join(workspace, '.changeset', 'config.json'), readFileSync(join(root, '.changeset', 'config.json')));
    // The scaffold reads the SDK's version for the peer range; the SDK is not released here.
    mkdirSync(join(workspace, 'packages', 'connector-sdk'), { recursive: true });
    writeFileSync(join(workspace, 'packages', 'connector-sdk', 'package.json'), readFileSync(join(root, 'packages', 'connector-sdk', 'package.json')));
    writeFileSync(join(workspace, 'tsconfig.base.json'), '{}');
    scaffold({ id: 'acme-mail', root: workspace, category: 'email' });
    const changeset = join(dirname(createRequire(import.meta.url).resolve('@changesets/cli/package.json')), 'bin.js');
    const version = run(process.execPath, [changeset, 'version'], workspace);
    expect(version.status, version.output).toBe(0);
    const connector = join(workspace, 'connectors', 'acme-mail');
    expect((JSON.parse(readFileSync(join(connector, 'package.json'), 'utf8')) as { version: string }).version).toBe('0.1.0');
    const changelog = readFileSync(join(connector, 'CHANGELOG.md'), 'utf8');
    expect(changelog.match(/^## /gm)).toEqual(['## ']);
    expect(changelog).toMatch(/^## 0\.1\.0$/m);
    expect(changelog.match(/First release/g)).toHaveLength(1);
  });

  it('refuses a bad name or an existing folder', () => {
    expect(() => scaffold({ id: 'Acme Ads', root, dir: join(workDir, 'x'), changeset: false })).toThrow(/not a valid connector id/);
    expect(() => scaffold({ id: 'acme-ads', root, dir, changeset: false })).toThrow(/already exists/);
  });

  it('makes the new connector appear in GET /api/v1/connectors once installed', async () => {
    const port = await freePort();
    const data = mkdtempSync(join(tmpdir(), 'outport-scaffold-api-'));
    const env: NodeJS.ProcessEnv = { ...process.env, OUTPORT_DATA_DIR: data, PORT: String(port), OUTPORT_DEMO_SCALE: '0.01', OUTPORT_CONNECTOR_PATHS: dir, LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    const cli = join(root, 'apps', 'api', 'dist', 'cli.js');
    expect(run(process.execPath, [cli, 'migrate'], root, env).status).toBe(0);
    expect(run(process.execPath, [cli, 'demo'], root, env).status).toBe(0);
    const server = spawn(process.execPath, [join(root, 'apps', 'api', 'dist', 'main.js')], { env, stdio: 'ignore' });
    try {
      const base = `http://127.0.0.1:${port}/api/v1`;
      await waitFor(async () => (await fetch(`${base}/health`)).ok);
      const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
      const login = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: admin.email, password: admin.password }) });
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const connectors = (await (await fetch(`${base}/connectors`, { headers: { cookie } })).json()) as { items: { id: string; name: string; packageName: string }[] };
      expect(connectors.items).toContainEqual(expect.objectContaining({ id: 'acme-ads', name: 'Acme Ads', packageName: '@outport/connector-acme-ads' }));
    } finally {
      server.kill();
      rmSync(data, { recursive: true, force: true });
    }
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    if (Date.now() > until) throw new Error('timed out waiting for the API');
    await new Promise((r) => setTimeout(r, 200));
  }
}
