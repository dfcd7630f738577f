import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/config.js';
import { SecretBox } from '../src/common/secret-box.js';
import { hashPassword, verifyPassword } from '../src/auth/password.js';

const dataDir = mkdtempSync(join(tmpdir(), 'outport-config-'));

describe('configuration', () => {
  it('defaults to SQLite in the data folder on port 3000', () => {
    const config = loadConfig({ OUTPORT_DATA_DIR: dataDir });
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ driver: 'sqlite', path: join(dataDir, 'outport.sqlite') });
    expect(config.redisUrl).toBeNull();
    expect(config.secretKey).toHaveLength(32);
    // The generated key is kept, so secrets stay readable after a restart.
    expect(loadConfig({ OUTPORT_DATA_DIR: dataDir }).secretKey.equals(config.secretKey)).toBe(true);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://localhost/x' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'http://localhost' }, 'REDIS_URL'],
    [{ OUTPORT_SECRET_KEY: 'c2hvcnQ=' }, 'OUTPORT_SECRET_KEY'],
    [{ LOG_LEVEL: 'chatty' }, 'LOG_LEVEL'],
    [{ OUTPORT_ALLOW_PRIVATE_TARGETS: 'yes' }, 'OUTPORT_ALLOW_PRIVATE_TARGETS'],
    [{ OUTPORT_ALLOWED_TARGETS: '127.0.0.1:4010,no-port' }, 'OUTPORT_ALLOWED_TARGETS'],
    [{ OUTPORT_ALERT_ATTEMPTS: '0' }, 'OUTPORT_ALERT_ATTEMPTS'],
    [{ OUTPORT_ALERT_RETRY_BASE_MS: 'soon' }, 'OUTPORT_ALERT_RETRY_BASE_MS'],
  ])('stops on a bad variable and names it: %o', (env, variable) => {
    expect(() => loadConfig({ OUTPORT_DATA_DIR: dataDir, ...env })).toThrow(new RegExp(`^Invalid configuration: ${variable} `));
  });

  it('refuses private targets and writes local exports into the data folder unless told otherwise', () => {
    const defaults = loadConfig({ OUTPORT_DATA_DIR: dataDir });
    expect(defaults).toMatchObject({ allowPrivateTargets: false, allowedTargets: [], localExportRoot: join(dataDir, 'exports') });
    const set = loadConfig({
      OUTPORT_DATA_DIR: dataDir,
      OUTPORT_ALLOW_PRIVATE_TARGETS: 'true',
      OUTPORT_ALLOWED_TARGETS: ' 127.0.0.1:4010, Sandbox.Local:443 ,[::1]:9000',
      OUTPORT_LOCAL_EXPORT_ROOT: join(dataDir, 'lakes'),
    });
    expect(set).toMatchObject({ allowPrivateTargets: true, allowedTargets: ['127.0.0.1:4010', 'sandbox.local:443', '[::1]:9000'], localExportRoot: join(dataDir, 'lakes') });
    expect(() => loadConfig({ OUTPORT_DATA_DIR: dataDir, OUTPORT_ALLOWED_TARGETS: 'no-port' })).toThrow(
      'Invalid configuration: OUTPORT_ALLOWED_TARGETS has an entry that is not valid: "no-port" is not host:port (e.g. 127.0.0.1:4010, sandbox.internal:443 or [::1]:4010)',
    );
  });

  it('tries an alert 8 times, backing off from 10 s, unless told otherwise', () => {
    expect(loadConfig({ OUTPORT_DATA_DIR: dataDir })).toMatchObject({ alertAttempts: 8, alertRetryBaseMs: 10_000 });
    expect(loadConfig({ OUTPORT_DATA_DIR: dataDir, OUTPORT_ALERT_ATTEMPTS: '3', OUTPORT_ALERT_RETRY_BASE_MS: '500' })).toMatchObject({ alertAttempts: 3, alertRetryBaseMs: 500 });
  });

  it('uses PostgreSQL when DATABASE_URL says so', () => {
    const config = loadConfig({ OUTPORT_DATA_DIR: dataDir, DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/outport' });
    expect(config.database).toEqual({ driver: 'postgresql', url: 'postgresql://postgres@127.0.0.1:5432/outport' });
  });
});

describe('secrets at rest', () => {
  it('round-trips secrets and detects tampering', () => {
    const box = new SecretBox(Buffer.alloc(32, 7));
    const sealed = box.seal({ apiKey: 'us21-abcdef' });
    expect(sealed).not.toContain('us21-abcdef');
    expect(box.open(sealed)).toEqual({ apiKey: 'us21-abcdef' });
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => box.open(tampered)).toThrow();
    expect(() => new SecretBox(Buffer.alloc(32, 8)).open(sealed)).toThrow();
  });

  it('hashes passwords with scrypt and verifies them', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horse!', hash)).toBe(false);
  });
});
