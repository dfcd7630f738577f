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

describe('breaking changes beyond fields', () => {
  const base = {
    id: 'acme',
    exportTypes: ['segment', 'data-out'],
    audienceKinds: [
      { id: 'contact', accepts: { individuals: ['profile'], business: ['contact'] }, fields: [{ key: 'email', required: true }] },
      { id: 'company', accepts: { business: ['account'] }, fields: [{ key: 'domain', required: true }] },
    ],
    connection: { settings: [{ key: 'apiKey', required: true }, { key: 'region' }] },
    exportOptions: [{ key: 'listId', required: true }, { key: 'status' }],
    limits: { recordsPerRequest: 1_000, bytesPerRequest: 1_000_000, membersPerSegment: { min: 100, max: 100_000 }, membersPerExport: { max: 1_000_000 }, operations: { remove: { recordsPerRequest: 500 } } },
  };
  const change = (patch: (m: typeof base) => void) => {
    const after = structuredClone(base);
    patch(after);
    return breakingChanges(base, after);
  };

  it('flags a lowered limit, and only a lowered one', () => {
    expect(change((m) => (m.limits.recordsPerRequest = 500))).toEqual(['records per request went down from 1,000 to 500']);
    expect(change((m) => (m.limits.bytesPerRequest = 10))).toEqual(['bytes per request went down from 1,000,000 to 10']);
    expect(change((m) => (m.limits.membersPerSegment.max = 50_000))).toEqual(['members per segment at most went down from 100,000 to 50,000']);
    expect(change((m) => (m.limits.membersPerSegment.min = 300))).toEqual(['members per segment at least went up from 100 to 300']);
    expect(change((m) => (m.limits.membersPerExport.max = 10))).toEqual(['members per export at most went down from 1,000,000 to 10']);
    expect(change((m) => (m.limits.operations.remove.recordsPerRequest = 100))).toEqual(['records per request for remove went down from 500 to 100']);
    expect(change((m) => ((m.limits.recordsPerRequest = 5_000), (m.limits.membersPerSegment.min = 10)))).toEqual([]);
  });

  it('flags a new required connection setting or export option, unless it has a default', () => {
    expect(change((m) => m.connection.settings.push({ key: 'accountId', required: true }))).toEqual(['required connection setting "accountId" was added']);
    expect(change((m) => (m.connection.settings[1]!.required = true))).toEqual(['connection setting "region" became required']);
    expect(change((m) => m.exportOptions.push({ key: 'tag', required: true }))).toEqual(['required export option "tag" was added']);
    expect(change((m) => m.exportOptions.push({ key: 'tag', required: true, default: 'outport' } as never))).toEqual([]);
    expect(change((m) => m.connection.settings.push({ key: 'timeout' }))).toEqual([]);
  });

  it('flags a removed audience kind, accepted segment type or export type', () => {
    expect(change((m) => m.audienceKinds.pop())).toEqual(['audience kind "company" was removed']);
    expect(change((m) => (m.audienceKinds[0]!.accepts = { individuals: ['profile'] } as never))).toEqual(['audience kind "contact" no longer accepts contact segments in business environments']);
    expect(change((m) => (m.exportTypes = ['segment']))).toEqual(['export type "data-out" was removed']);
  });
});

describe('release checks on a repository', () => {
  let root: string;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'ignore' });
  const write = (path: string, content: unknown) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  };
  const pkg = (version: string) => ({ name: '@x/connector-acme', version, outport: { connector: true } });
  /** What `changeset publish` leaves: a commit of the version and its tag. */
  const release = (version: string) => {
    write('connectors/acme/package.json', pkg(version));
    git('add', '-A');
    git('commit', '-qm', `release ${version}`);
    git('tag', `@x/connector-acme@${version}`);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'release-checks-'));
    git('init', '-q', '-b', 'main');
    git('config', 'user.email', 'ci@example.com');
    git('config', 'user.name', 'CI');
    write('connectors/acme/manifest.json', manifest([{ key: 'email', required: true }, { key: 'firstName' }]));
    write('connectors/acme/src/index.ts', 'export {};\n');
    write('.changeset/README.md', 'changesets\n');
    release('1.0.0');
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

  it('compares against the last release, and accepts a breaking change `changeset version` already made major', () => {
    // `changeset version` consumed a major changeset: 2.0.0 is written, not published yet.
    write('connectors/acme/manifest.json', manifest([{ key: 'email', required: true }]));
    write('connectors/acme/package.json', pkg('2.0.0'));
    write('connectors/acme/CHANGELOG.md', '# @x/connector-acme\n\n## 2.0.0\n\n### Major Changes\n\n- First name is gone.\n');
    git('add', '-A');
    git('commit', '-qm', 'version packages');
    expect(checkRepository(root)).toEqual([]);
    // Published: the tag makes 2.0.0 the baseline.
    git('tag', '@x/connector-acme@2.0.0');
    expect(checkRepository(root)).toEqual([]);
  });

  it('does not take a version that was never published for a release', () => {
    // A scaffold: the package carries a version in package.json, but no release was ever tagged.
    write('connectors/new/package.json', { name: '@x/connector-new', version: '0.0.0', outport: { connector: true } });
    write('connectors/new/manifest.json', manifest([{ key: 'email', required: true }, { key: 'firstName' }]));
    write('.changeset/new.md', "---\n'@x/connector-new': minor\n---\n\nFirst release.\n");
    git('add', '-A');
    git('commit', '-qm', 'scaffold');
    // Replacing the template's fields is the first real change, not a breaking one.
    write('connectors/new/manifest.json', manifest([{ key: 'phone', required: true }]));
    expect(checkRepository(root)).toEqual([]);
    rmSync(join(root, '.changeset/new.md'));
    expect(checkRepository(root)).toEqual(['@x/connector-new has never been released and no changeset names it: run `npm run changeset`.']);
  });
});
