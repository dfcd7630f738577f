import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, type ConnectorError, RetryableError } from './errors.js';
import { createHttpClient } from './http.js';
import { RateLimiter } from './rate-limit.js';
import { sendJson, startSandboxServer, type SandboxServer } from './sandbox/index.js';

let sandbox: SandboxServer;
const seen: { method: string; path: string; query: Record<string, string>; auth?: string; body: unknown }[] = [];

beforeEach(async () => {
  seen.length = 0;
  sandbox = await startSandboxServer({
    handler: (req, res) => {
      if (req.headers.authorization !== 'Bearer good-token') return sendJson(res, 401, { message: 'Invalid token' });
      seen.push({ method: req.method, path: req.path, query: req.query, auth: req.headers.authorization, body: req.body.length ? req.json() : undefined });
      if (req.path === '/v1/text') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return void res.end('plain words');
      }
      sendJson(res, 200, { ok: true });
    },
  });
});

afterEach(() => sandbox.close());

const client = (token = 'good-token', retry = {}) =>
  createHttpClient({ baseUrl: `${sandbox.url}/v1/`, headers: { authorization: `Bearer ${token}` }, retry });

describe('createHttpClient', () => {
  it('sends JSON and query parameters and parses a JSON answer', async () => {
    const response = await client().request<{ ok: boolean }>('POST', '/lists/abc/members', {
      json: { members: [1, 2] },
      query: { update_existing: 'true', skip: undefined, limit: 10 },
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
    expect(seen).toEqual([
      { method: 'POST', path: '/v1/lists/abc/members', query: { update_existing: 'true', limit: '10' }, auth: 'Bearer good-token', body: { members: [1, 2] } },
    ]);
    expect((await client().request('GET', 'text')).body).toBe('plain words');
  });

  it('retries an injected 429 after its Retry-After of 1 s, then succeeds', async () => {
    sandbox.inject({ kind: 'rate-limit', times: 1, retryAfterMs: 1_000 });
    const retries: number[] = [];
    const started = Date.now();
    const response = await client('good-token', { onRetry: (info: { delayMs: number }) => retries.push(info.delayMs) }).request('GET', 'ping');
    expect(response.body).toEqual({ ok: true });
    expect(retries).toEqual([1_000]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
    expect(sandbox.stats()).toMatchObject({ requests: 2, throttled: 1 });
  });

  it('retries server errors with backoff', async () => {
    sandbox.inject({ kind: 'server-error', times: 2 });
    const response = await client('good-token', { baseDelayMs: 5 }).request('GET', 'ping');
    expect(response.status).toBe(200);
    expect(sandbox.stats()).toMatchObject({ requests: 3, serverErrors: 2 });
  });

  it('reports a 401 as an AuthError at once, without the token in the message', async () => {
    const error = await client('bad-secret-token').request('GET', 'ping').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as ConnectorError).message).toBe('The target refused the credentials (HTTP 401): Invalid token');
    expect((error as ConnectorError).message).not.toContain('bad-secret-token');
    expect(sandbox.stats().requests).toBe(1);
  });

  it('reports an unreachable target as retryable and gives up after the attempts', async () => {
    const closed = await startSandboxServer({ handler: (_req, res) => sendJson(res, 200, {}) });
    const url = closed.url;
    await closed.close();
    const error = await createHttpClient({ baseUrl: url, retry: { maxAttempts: 2, baseDelayMs: 1 } })
      .request('GET', '/')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetryableError);
    // The system's error code, and that retries gave up.
    expect((error as Error).message).toMatch(/^Could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\); gave up after 2 attempts$/);
    expect((error as ConnectorError).options.code).toBe('ECONNREFUSED');
  });

  it('names the target in its messages and masks the credentials a target quotes back', async () => {
    const echo = await startSandboxServer({ handler: (req, res) => sendJson(res, 401, { message: `Unknown key ${String(req.headers['x-api-key'])}` }) });
    try {
      const error = await createHttpClient({ baseUrl: echo.url, target: 'Acme', headers: { 'x-api-key': 'acme-key-secret' } })
        .request('GET', '/me')
        .catch((e: unknown) => e);
      expect((error as Error).message).toBe('Acme refused the credentials (HTTP 401): Unknown key [redacted]');
    } finally {
      await echo.close();
    }
    const url = echo.url;
    const unreachable = await createHttpClient({ baseUrl: url, target: 'Acme', retry: { maxAttempts: 1 } })
      .request('GET', '/')
      .catch((e: unknown) => e);
    expect((unreachable as Error).message).toMatch(/^Could not reach Acme at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
  });

  it('sends every attempt through the limiter', async () => {
    const limiter = new RateLimiter({ concurrent: 1 });
    sandbox.inject({ kind: 'latency', ms: 30 });
    const http = createHttpClient({ baseUrl: `${sandbox.url}/v1`, headers: { authorization: 'Bearer good-token' }, limiter });
    await Promise.all(Array.from({ length: 4 }, () => http.request('GET', 'ping')));
    expect(sandbox.stats().maxConcurrent).toBe(1);
  });
});
