import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The launcher on a small checkout of its own (one workspace package, no registry dependencies, so
// npm needs no network): what it installs with, and when it installs again. Like vite's
// Windows-only helper in the real lockfile, the package's optional dependency is not in the
// lockfile and cannot be fetched: a plain `npm install` writes it into the lockfile.
const launcher = join(dirname(fileURLToPath(import.meta.url)), '..', 'launch.mjs');
const temp = mkdtempSync(join(tmpdir(), 'outport-launcher-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const LOCKFILE = `${JSON.stringify(
  {
    name: 'checkout',
    version: '0.0.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'checkout', version: '0.0.0', workspaces: ['packages/*'] },
      'node_modules/@checkout/a': { resolved: 'packages/a', link: true },
      'packages/a': { name: '@checkout/a', version: '1.0.0' },
    },
  },
  null,
  2,
)}\n`;

const OPTIONAL = { 'outport-never-published-helper': '^0.1.0' };

function checkout(name) {
  const dir = join(temp, name);
  mkdirSync(join(dir, 'tools', 'launcher'), { recursive: true });
  mkdirSync(join(dir, 'packages', 'a'), { recursive: true });
  cpSync(launcher, join(dir, 'tools', 'launcher', 'launch.mjs'));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'checkout', version: '0.0.0', private: true, workspaces: ['packages/*'] }, null, 2)}\n`);
  writeFileSync(join(dir, 'packages', 'a', 'package.json'), `${JSON.stringify({ name: '@checkout/a', version: '1.0.0', optionalDependencies: OPTIONAL }, null, 2)}\n`);
  writeFileSync(join(dir, 'package-lock.json'), LOCKFILE);
  return dir;
}

/** Runs a task that needs nothing but the install step; returns what the launcher said. */
function launch(dir) {
  const run = spawnSync(process.execPath, [join(dir, 'tools', 'launcher', 'launch.mjs'), 'exec', 'true'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, npm_config_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stderr;
}

describe('the launcher', () => {
  const first = checkout('first');

  it('installs a fresh clone from the lockfile, leaving the lockfile as it was', () => {
    expect(launch(first)).toContain('[outport] installing dependencies from package-lock.json');
    expect(readFileSync(join(first, 'package-lock.json'), 'utf8')).toBe(LOCKFILE);
    expect(existsSync(join(first, 'node_modules', '@checkout', 'a', 'package.json'))).toBe(true);
    expect(launch(first)).not.toContain('dependencies');
  });

  it('does not install again in a checkout that was moved or copied', () => {
    const copy = join(temp, 'elsewhere', 'copy');
    mkdirSync(dirname(copy), { recursive: true });
    cpSync(first, copy, { recursive: true, verbatimSymlinks: true });
    expect(launch(copy)).not.toContain('dependencies');
  });

  it('installs again when a manifest changes', () => {
    writeFileSync(join(first, 'packages', 'a', 'package.json'), `${JSON.stringify({ name: '@checkout/a', version: '1.0.1', optionalDependencies: OPTIONAL }, null, 2)}\n`);
    expect(launch(first)).toContain('[outport] updating dependencies');
  });
});
