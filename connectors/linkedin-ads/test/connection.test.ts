import { ConnectorError, type ConnectionContext } from '@outport/connector-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import connector, { LINKEDIN_VERSION } from '../src/index.js';
import { startLinkedInSandbox, type LinkedInSandbox } from '../src/sandbox/index.js';
import { connectionFor } from './helpers.js';

describe('testConnection', () => {
  let sandbox: LinkedInSandbox;
  beforeAll(async () => {
    sandbox = await startLinkedInSandbox({ accessToken: 'AQV-good-token-1234567890' });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const failure = (ctx: ConnectionContext) =>
    connector.testConnection(ctx).then(
      () => null,
      (e: unknown) => e as ConnectorError,
    );

  it('succeeds when the token reaches the ad account, given as a URN or a number', async () => {
    await expect(connector.testConnection(connectionFor(sandbox))).resolves.toBeUndefined();
    const ctx = connectionFor(sandbox);
    await expect(
      connector.testConnection({ ...ctx, settings: { ...ctx.settings, adAccountId: sandbox.adAccountId } }),
    ).resolves.toBeUndefined();
  });

  it('reports a bad token as an auth error that does not contain it', async () => {
    const error = await failure(connectionFor(sandbox, { accessToken: 'AQV-expired-token-0987654321' }));
    expect(error).toBeInstanceOf(ConnectorError);
    expect(error!.kind).toBe('auth');
    expect(error!.message).toMatch(/did not accept the access token/);
    expect(error!.message).not.toContain('AQV-expired-token-0987654321');
    expect(error!.message).not.toContain('AQV-good-token-1234567890');
  });

  it('says so when the token has no access to the ad account', async () => {
    const ctx = connectionFor(sandbox);
    const error = await failure({ ...ctx, settings: { ...ctx.settings, adAccountId: '999' } });
    expect(error!.kind).toBe('auth');
    expect(error!.message).toMatch(/no access to LinkedIn ad account 999/);
  });

  it('refuses an ad account id that is not one, without calling LinkedIn', async () => {
    const ctx = connectionFor(sandbox);
    const error = await failure({ ...ctx, settings: { ...ctx.settings, adAccountId: 'acme-ads' } });
    expect(error!.kind).toBe('permanent');
    expect(error!.message).toMatch(/"acme-ads" is not a LinkedIn ad account/);
  });

  it('asks for a token when there is none', async () => {
    const error = await failure(connectionFor(sandbox, { accessToken: '' }));
    expect(error!.kind).toBe('auth');
  });
});

describe('the sandbox', () => {
  it("insists on the Rest.li headers, answering in LinkedIn's error shape", async () => {
    const sandbox = await startLinkedInSandbox();
    try {
      const url = `${sandbox.apiBaseUrl}/adAccounts/${sandbox.adAccountId}`;
      const auth = { Authorization: `Bearer ${sandbox.accessToken}` };
      const noVersion = await fetch(url, { headers: { ...auth, 'X-Restli-Protocol-Version': '2.0.0' } });
      expect(noVersion.status).toBe(400);
      expect(await noVersion.json()).toMatchObject({
        status: 400,
        code: 'VERSION_MISSING',
        message: expect.any(String),
      });

      const ok = await fetch(url, {
        headers: { ...auth, 'X-Restli-Protocol-Version': '2.0.0', 'LinkedIn-Version': LINKEDIN_VERSION },
      });
      expect(ok.status).toBe(200);
      const noToken = await fetch(url, {
        headers: { 'X-Restli-Protocol-Version': '2.0.0', 'LinkedIn-Version': LINKEDIN_VERSION },
      });
      expect(noToken.status).toBe(401);
      expect(await noToken.json()).toMatchObject({ status: 401, code: 'INVALID_ACCESS_TOKEN' });
    } finally {
      await sandbox.close();
    }
  });

  it.each([
    { name: 'takes a batch of any size by default, as LinkedIn publishes no cap', limit: undefined, size: 1_200, status: 200 },
    { name: 'refuses a batch larger than its stricter limit with a 400', limit: 2, size: 3, status: 400 },
  ])('$name', async ({ limit, size, status }) => {
    const sandbox = await startLinkedInSandbox({ ...(limit === undefined ? {} : { maxElementsPerRequest: limit }), readyAfterMs: 0 });
    try {
      const headers = {
        Authorization: `Bearer ${sandbox.accessToken}`,
        'X-Restli-Protocol-Version': '2.0.0',
        'LinkedIn-Version': LINKEDIN_VERSION,
        'Content-Type': 'application/json',
      };
      const created = await fetch(`${sandbox.apiBaseUrl}/dmpSegments`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          name: 'x',
          type: 'USER',
          account: `urn:li:sponsoredAccount:${sandbox.adAccountId}`,
          sourceSegmentId: 's',
          sourcePlatform: 'OUTPORT',
        }),
      });
      expect(created.status).toBe(201);
      const id = created.headers.get('x-restli-id');
      const element = { action: 'ADD', userIds: [{ idType: 'SHA256_EMAIL', idValue: 'a'.repeat(64) }] };
      const batch = await fetch(`${sandbox.apiBaseUrl}/dmpSegments/${id}/users`, {
        method: 'POST',
        headers: { ...headers, 'X-RestLi-Method': 'batch_create' },
        body: JSON.stringify({ elements: Array.from({ length: size }, () => element) }),
      });
      expect(batch.status).toBe(status);
      if (status === 400) expect(await batch.json()).toMatchObject({ status: 400, code: 'BATCH_TOO_LARGE' });
      else expect(((await batch.json()) as { elements: unknown[] }).elements).toHaveLength(size);
    } finally {
      await sandbox.close();
    }
  });
});
