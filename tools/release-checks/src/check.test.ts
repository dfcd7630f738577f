import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRepository } from './check.js';
import { breakingChanges } from './manifest-diff.js';

const manifest = (fields: { key: string; required?: boolean }[]) => ({
  id: 'acme',
  exportTypes: ['segment'],
  audienceKinds: [{ id: 'contact', fields }],
});

describe('breaking manifest changes', () => {
  const before = manifest([{ key: 'email', required: true }, { key: 'firstName' }]);

  it('flags a removed field and a new required field', () => {
    expect(breakingChanges(before, manifest([{ key: 'email', required: true }, { key: 'phone', required: true }]))).toEqual([
      'field "firstName" of audience kind "contact" was removed',
      'required field "phone" was added to audience kind "contact"',
    ]);
  });

  it('accepts a new optional field', () => {
    expect(breakingChanges(before, manifest([{ key: 'email', required: true }, { key: 'firstName' }, { key: 'phone' }]))).toEqual([]);
  });

  it('flags an optional field that became required', () => {
    expect(breakingChanges(before, manifest([{ key: 'email', required: true }, { key: 'firstName', required: true }]))).toEqual([
      'field "firstName" of audience kind "contact" became required',
    ]);
  });
});

describe('release checks on a repository', () => {
  let root: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  const write = (path: string, content: unknown) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'release-checks-'));
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'ci@example.com');
    git('config', 'user.name', 'CI');
    write('connectors/acme/package.json', { name: '@x/connector-acme', version: '1.0.0', outport: { connector: true } });
    write('connectors/acme/manifest.json', manifest([{ key: 'email', required: true }, { key: 'firstName' }]));
    write('connectors/acme/src/index.ts', 'export {};\n');
    write('.changeset/README.md', 'changesets\n');
    git('add', '-A');
    git('commit', '-qm', 'release 1.0.0');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes when nothing changed since the release', () => {
    expect(checkRepository(root)).toEqual([]);
  });

  it('fails when a changed package has no changeset, and passes with one', () => {
    write('connectors/acme/src/index.ts', 'export const fixed = true;\n');
    expect(checkRepository(root)).toEqual([expect.stringContaining('@x/connector-acme changed since 1.0.0 (connectors/acme/src/index.ts)')]);
    write('.changeset/fix.md', "---\n'@x/connector-acme': patch\n---\n\nFix.\n");
    expect(checkRepository(root)).toEqual([]);
  });

  it('requires a major changeset when the manifest gains a required field', () => {
    write('connectors/acme/manifest.json', manifest([{ key: 'email', required: true }, { key: 'firstName' }, { key: 'phone', required: true }]));
    write('.changeset/phone.md', "---\n'@x/connector-acme': minor\n---\n\nPhone.\n");
    expect(checkRepository(root)).toEqual([expect.stringContaining('required field "phone" was added')]);
    write('.changeset/phone.md', "---\n'@x/connector-acme': major\n---\n\nPhone.\n");
    expect(checkRepository(root)).toEqual([]);
  });

  it('compares against the manifest released with the current version', () => {
    // A release bumps the version: the new baseline is the manifest of that commit.
    write('connectors/acme/manifest.json', manifest([{ key: 'email', required: true }]));
    write('connectors/acme/package.json', { name: '@x/connector-acme', version: '2.0.0', outport: { connector: true } });
    git('add', '-A');
    git('commit', '-qm', 'release 2.0.0');
    expect(checkRepository(root)).toEqual([]);
  });
});
