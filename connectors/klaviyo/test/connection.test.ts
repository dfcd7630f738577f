import { AuthError, isConnectorError } from '@outport/connector-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import connector from '../src/index.js';
import { startKlaviyoSandbox, type KlaviyoSandbox } from '../src/sandbox/index.js';
import { connection } from './helpers.js';

describe('testing a Klaviyo connection', () => {
  let sandbox: KlaviyoSandbox;
  beforeAll(async () => {
    sandbox = await startKlaviyoSandbox();
  });
  afterAll(() => sandbox.close());

  it('reads the account and the lists with a good key', async () => {
    sandbox.server.resetStats();
    await expect(connector.testConnection(connection(sandbox))).resolves.toBeUndefined();
    expect(sandbox.server.stats().log.map((e) => e.operation)).toEqual(['account', 'find-list']);
  });

  it("refuses a key Klaviyo does not know, in Klaviyo's words, without repeating the key", async () => {
    const badKey = 'pk_ffffffffffffffffffffffffffffffffff';
    const error = await connector.testConnection(connection(sandbox, badKey)).then(() => null, (e: unknown) => e as Error);
    expect(isConnectorError(error) && error.kind).toBe('auth');
    expect(error!.message).toBe('Klaviyo refused the credentials (HTTP 401): Incorrect authentication credentials. (while reading the account)');
    expect(error!.message).not.toContain(badKey);
  });

  it('stops with an auth error once the key is revoked', async () => {
    const old = sandbox.apiKey;
    sandbox.rotateKey();
    const error = await connector.testConnection(connection(sandbox, old)).then(() => null, (e: unknown) => e);
    expect(isConnectorError(error) && error.kind).toBe('auth');
  });

  it('needs a key before it calls anything', async () => {
    await expect(connector.testConnection({ ...connection(sandbox), secrets: {} })).rejects.toThrow(AuthError);
  });
});
