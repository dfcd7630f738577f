import { describe, expect, it } from 'vitest';
import { IdentityChangedError, identityChangeOf, PermanentError } from './errors.js';
import { parseManifest, SettingSchema } from './manifest.js';
import { validateSettings, withLearnedSettings } from './settings.js';

const declared = SettingSchema.array().parse([
  { key: 'host', label: 'Host', required: true },
  { key: 'hostKeyFingerprint', label: 'Host key fingerprint', pattern: '^SHA256:[A-Za-z0-9+/]{43}$' },
  { key: 'password', label: 'Password', secret: true },
]);
const fingerprint = `SHA256:${'k'.repeat(43)}`;
const SECRET_SETTING = declared.find((s) => s.secret)!.key;

describe('withLearnedSettings', () => {
  it('fills an empty declared setting with what the test learned, and says so', () => {
    expect(withLearnedSettings(declared, { host: 'sftp.example.com' }, { hostKeyFingerprint: fingerprint })).toEqual({
      settings: { host: 'sftp.example.com', hostKeyFingerprint: fingerprint },
      recorded: { hostKeyFingerprint: fingerprint },
    });
    expect(withLearnedSettings(declared, { host: 'h', hostKeyFingerprint: '' }, { hostKeyFingerprint: fingerprint }).recorded).toEqual({ hostKeyFingerprint: fingerprint });
  });

  it('never replaces a value that is set, nor fills secrets, undeclared settings or values that fail the checks', () => {
    const trusted = `SHA256:${'t'.repeat(43)}`;
    const result = withLearnedSettings(declared, { host: 'h', hostKeyFingerprint: trusted }, {
      hostKeyFingerprint: fingerprint,
      host: 'elsewhere',
      // A secret is never filled from what a test learned, whatever the target offered.
      [SECRET_SETTING]: 'offered by the target',
      somethingElse: 'x',
    });
    expect(result).toEqual({ settings: { host: 'h', hostKeyFingerprint: trusted }, recorded: {} });
    expect(withLearnedSettings(declared, { host: 'h' }, { hostKeyFingerprint: 'not a fingerprint' }).recorded).toEqual({});
  });
});

describe('identityChangeOf', () => {
  it('reads the change off an IdentityChangedError (an auth error), and nothing off other errors', () => {
    const error = new IdentityChangedError('changed', { setting: 'hostKeyFingerprint', trusted: 'a', offered: 'b' });
    expect(error.kind).toBe('auth');
    expect(identityChangeOf(error)).toEqual({ setting: 'hostKeyFingerprint', trusted: 'a', offered: 'b' });
    expect(identityChangeOf(new PermanentError('no'))).toBeUndefined();
    expect(identityChangeOf({ change: { setting: 'x', trusted: 'a', offered: 'b' } })).toBeUndefined();
  });
});

describe('validateSettings with visibleWhen', () => {
  const lake = SettingSchema.array().parse([
    { key: 'destination', label: 'Destination', type: 'select', required: true, default: 'azure-blob', options: [{ value: 'azure-blob', label: 'Azure' }, { value: 'local', label: 'Local folder' }] },
    { key: 'rootPath', label: 'Folder' },
    { key: 'accountName', label: 'Storage account name', required: true, visibleWhen: { key: 'destination', equals: 'azure-blob' } },
    { key: 'accountKey', label: 'Account key', secret: true, required: true, visibleWhen: { key: 'destination', equals: 'azure-blob' } },
  ]);

  it('requires a field only where it applies, and leaves out a value given for a field that does not', () => {
    expect(validateSettings(lake, { destination: 'local', rootPath: 'lake', accountName: 'stale' })).toEqual({ ok: true, values: { destination: 'local', rootPath: 'lake' } });
    expect(validateSettings(lake, { destination: 'azure-blob' })).toEqual({ ok: false, problems: [{ field: 'accountName', message: 'Storage account name is required' }] });
    // The default destination is Azure.
    expect(validateSettings(lake, {}).ok).toBe(false);
  });

  it('checks secrets against the settings they depend on', () => {
    expect(validateSettings(lake, {}, { secrets: true, context: { destination: 'local' } })).toEqual({ ok: true, values: {} });
    expect(validateSettings(lake, { accountKey: 'old' }, { secrets: true, context: { destination: 'local' } })).toEqual({ ok: true, values: {} });
    expect(validateSettings(lake, {}, { secrets: true, context: { destination: 'azure-blob' } })).toEqual({ ok: false, problems: [{ field: 'accountKey', message: 'Account key is required' }] });
  });

  it('keeps values of a partial change that does not say what they depend on', () => {
    expect(validateSettings(lake, { accountName: 'lakeaccount' }, { partial: true })).toEqual({ ok: true, values: { accountName: 'lakeaccount' } });
  });

  it('refuses a manifest whose condition names no other non-secret setting of the same form', () => {
    const manifest = {
      id: 'demo-target',
      name: 'Demo',
      category: 'storage',
      description: 'A demo.',
      version: '1.0.0',
      sdk: '^0.1.0',
      exportTypes: ['data-out'],
      connection: { settings: [{ key: 'a', label: 'A', secret: true }, { key: 'b', label: 'B', visibleWhen: { key: 'a', equals: 'x' } }, { key: 'c', label: 'C', visibleWhen: { key: 'nope', equals: 'x' } }] },
    };
    const parsed = parseManifest(manifest);
    expect(parsed.ok ? [] : parsed.problems).toEqual([
      'connection.settings.b.visibleWhen: "a" is not another non-secret setting of connection.settings',
      'connection.settings.c.visibleWhen: "nope" is not another non-secret setting of connection.settings',
    ]);
  });
});
