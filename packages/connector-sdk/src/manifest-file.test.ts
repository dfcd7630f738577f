import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defineConnector } from './define.js';
import { buildManifest } from './manifest-file.js';
import { limitsFor, parseManifest } from './manifest.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function pkg(json: object): string {
  const dir = mkdtempSync(join(tmpdir(), 'outport-manifest-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify(json));
  return dir;
}

const connector = defineConnector({
  manifest: {
    id: 'acme',
    name: 'Acme',
    category: 'email',
    description: 'A test.',
    exportTypes: ['segment'],
    audienceKinds: [{ id: 'contact', label: 'Contacts', accepts: { individuals: ['profile'] }, fields: [{ key: 'email', label: 'Email', type: 'email', required: true, identifier: true }] }],
    limits: {
      recordsPerRequest: 10_000,
      requestsPerInterval: [
        { requests: 10, intervalMs: 1_000 },
        { requests: 150, intervalMs: 60_000 },
      ],
      operations: { remove: { recordsPerRequest: 1_000 } },
    },
  },
  testConnection: () => Promise.resolve(),
  createExporter: () => ({ exportItem: async function* () {} }),
});

describe('buildManifest', () => {
  it("takes the version and the SDK range from package.json: the peer dependency is the one source", () => {
    const manifest = buildManifest(connector, pkg({ name: '@x/acme', version: '2.3.0', peerDependencies: { '@outport/connector-sdk': '^0.4.0' } }));
    expect(manifest).toMatchObject({ version: '2.3.0', sdk: '^0.4.0' });
    // A release that moves the peer range moves the manifest with it.
    expect(buildManifest(connector, pkg({ name: '@x/acme', version: '2.4.0', peerDependencies: { '@outport/connector-sdk': '^0.5.0' } })).sdk).toBe('^0.5.0');
  });

  it('refuses a package without the peer dependency, and a definition whose own range disagrees', () => {
    expect(() => buildManifest(connector, pkg({ name: '@x/acme', version: '1.0.0' }))).toThrow(/has no peer dependency on @outport\/connector-sdk/);
    const stated = { ...connector, manifest: { ...connector.manifest, sdk: '^0.1.0' } } as unknown as typeof connector;
    expect(() => buildManifest(stated, pkg({ name: '@x/acme', version: '1.0.0', peerDependencies: { '@outport/connector-sdk': '^0.2.0' } }))).toThrow(
      /states SDK range "\^0\.1\.0", but its peer dependency says \^0\.2\.0/,
    );
  });
});

describe('limits per operation and several windows', () => {
  it('parses them, and an operation inherits what it does not declare', () => {
    const manifest = buildManifest(connector, pkg({ name: '@x/acme', version: '1.0.0', peerDependencies: { '@outport/connector-sdk': '*' } }));
    expect(limitsFor(manifest.limits, 'remove')).toEqual({
      recordsPerRequest: 1_000,
      bytesPerRequest: undefined,
      windows: [
        { requests: 10, intervalMs: 1_000 },
        { requests: 150, intervalMs: 60_000 },
      ],
      concurrentRequests: 1,
      ownBudget: false,
    });
    expect(limitsFor(manifest.limits, 'upsert').recordsPerRequest).toBe(10_000);
  });

  it('still reads manifests written before (one window, no operations), and refuses bad ones', () => {
    const old = { id: 'old', name: 'Old', category: 'other', description: 'x', version: '1.0.0', sdk: '*', exportTypes: ['data-out'], limits: { requestsPerInterval: { requests: 5, intervalMs: 1_000 } } };
    const parsed = parseManifest(old);
    expect(parsed.ok && limitsFor(parsed.manifest.limits).windows).toEqual([{ requests: 5, intervalMs: 1_000 }]);
    const twice = parseManifest({ ...old, limits: { requestsPerInterval: [{ requests: 5, intervalMs: 1_000 }, { requests: 9, intervalMs: 1_000 }] } });
    expect(twice).toEqual({ ok: false, problems: ['limits.requestsPerInterval: two windows have the same interval'] });
    expect(parseManifest({ ...old, limits: { operations: { 'Not A Name': {} } } }).ok).toBe(false);
  });
});
