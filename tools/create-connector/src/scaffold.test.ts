import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
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
    const result = scaffold({ id: 'acme-ads', root, dir, changeset: false });
    expect(result.packageName).toBe('@outport/connector-acme-ads');
    expect(result.files).toEqual(expect.arrayContaining(['package.json', 'src/index.ts', 'src/sandbox/index.ts', 'test/conformance.test.ts', 'README.md', 'CHANGELOG.md']));

    const build = run(bin('tsc'), ['-p', 'tsconfig.build.json'], dir);
    expect(build.output).toBe('');
    const manifest = run(process.execPath, [join(root, 'packages', 'connector-sdk', 'dist', 'cli.js'), 'manifest'], dir);
    expect(manifest.status, manifest.output).toBe(0);
    const tests = run(bin('vitest'), ['run'], dir, { ...process.env, FORCE_COLOR: '0' });
    expect(tests.status, tests.output).toBe(0);
    expect(tests.output).toMatch(/Tests\s+\d+ passed/);
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
