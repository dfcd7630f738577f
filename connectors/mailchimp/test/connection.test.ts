import { ConnectorError } from '@outport/connector-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataCenter, resolveConnection } from '../src/connection.js';
import connector from '../src/index.js';
import { startMailchimpSandbox, type MailchimpSandbox } from '../src/sandbox/index.js';
import { connection } from './helpers.js';

describe('connecting to Mailchimp', () => {
  let sandbox: MailchimpSandbox;

  beforeAll(async () => {
    sandbox = await startMailchimpSandbox();
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('checks the key with a ping and a look at the audiences', async () => {
    sandbox.server.resetStats();
    await expect(connector.testConnection(connection(sandbox))).resolves.toBeUndefined();
    expect(sandbox.server.stats().requests).toBe(2);
  });

  it('says a wrong key was refused, without repeating it', async () => {
    const badKey = '0123456789abcdef0123456789abcdef-us21';
    const error = await connector.testConnection(connection(sandbox, badKey)).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error).toMatchObject({ kind: 'auth', options: { status: 401 } });
    expect((error as Error).message).toMatch(/^Mailchimp refused the API key \(HTTP 401\): API Key Invalid: /);
    expect((error as Error).message).not.toContain('0123456789abcdef');
  });

  it("says the account's key was sent to the wrong data center, without repeating it", async () => {
    const secret = sandbox.apiKey.slice(0, sandbox.apiKey.lastIndexOf('-'));
    const error = await connector.testConnection(connection(sandbox, `${secret}-us5`)).then(() => null, (e: unknown) => e);
    expect(error).toMatchObject({ kind: 'auth', options: { status: 403 } });
    expect((error as Error).message).toMatch(/\(HTTP 403\): Wrong Datacenter: /);
    expect((error as Error).message).not.toContain(secret);
  });

  it('derives the data center and default base URL from the key', () => {
    expect(dataCenter('abc123-us21')).toBe('us21');
    expect(resolveConnection({ settings: {}, secrets: { apiKey: 'abc123-us21' } }).baseUrl).toBe('https://us21.api.mailchimp.com/3.0');
    expect(resolveConnection({ settings: { apiBaseUrl: 'http://127.0.0.1:9/3.0/' }, secrets: { apiKey: 'abc123-us21' } }).baseUrl).toBe('http://127.0.0.1:9/3.0');
  });

  it('refuses a key without a data center as an auth problem, without repeating it', () => {
    expect(() => resolveConnection({ settings: {}, secrets: { apiKey: 'secretkeywithoutdc' } })).toThrow(
      expect.objectContaining({ kind: 'auth', message: expect.not.stringContaining('secretkeywithoutdc') }),
    );
  });

  it('never names the key in the rate limiter', () => {
    const { connectionKey } = resolveConnection({ settings: {}, secrets: { apiKey: 'abc123def456-us21' } });
    expect(connectionKey).not.toContain('abc123def456');
  });
});
