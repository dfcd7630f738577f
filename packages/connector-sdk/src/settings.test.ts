import { describe, expect, it } from 'vitest';
import { IdentityChangedError, identityChangeOf, PermanentError } from './errors.js';
import { SettingSchema } from './manifest.js';
import { withLearnedSettings } from './settings.js';

const declared = SettingSchema.array().parse([
  { key: 'host', label: 'Host', required: true },
  { key: 'hostKeyFingerprint', label: 'Host key fingerprint', pattern: '^SHA256:[A-Za-z0-9+/]{43}$' },
  { key: 'password', label: 'Password', secret: true },
]);
const fingerprint = `SHA256:${'k'.repeat(43)}`;

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
      password: 'learned-secret',
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
