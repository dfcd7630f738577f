import { afterEach, describe, expect, it } from 'vitest';
import { sendJson, startCountingRelay, startSandboxServer, type SandboxServer } from './index.js';

let sandbox: SandboxServer | undefined;
afterEach(() => sandbox?.close());

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('startSandboxServer', () => {
  it('counts requests, records and bytes per request', async () => {
    sandbox = await startSandboxServer({
      handler: (req, res) => sendJson(res, 200, { received: req.json<{ members: unknown[] }>().members.length }),
      countRecords: (req) => req.json<{ members: unknown[] }>().members.length,
    });
    const small = { members: [1, 2] };
    const large = { members: [1, 2, 3, 4, 5] };
    expect(await (await post(`${sandbox.url}/batch`, small)).json()).toEqual({ received: 2 });
    await post(`${sandbox.url}/batch`, large);
    expect(sandbox.stats()).toMatchObject({
      requests: 2,
      records: 7,
      maxRecordsPerRequest: 5,
      bytes: JSON.stringify(small).length + JSON.stringify(large).length,
      maxBytesPerRequest: JSON.stringify(large).length,
      throttled: 0,
      serverErrors: 0,
    });
    sandbox.resetStats();
    expect(sandbox.stats().requests).toBe(0);
  });

  it('applies queued faults first in, first out, before the handler', async () => {
    sandbox = await startSandboxServer({ handler: (_req, res) => sendJson(res, 200, { ok: true }) });
    sandbox.inject({ kind: 'rate-limit', times: 1, retryAfterMs: 1_500 });
    sandbox.inject({ kind: 'rate-limit', times: 1, retryAfterMs: 250, via: 'body' });
    sandbox.inject({ kind: 'server-error', times: 1, status: 500 });
    sandbox.inject({ kind: 'expired-auth', times: 1 });
    const answers = [];
    for (let i = 0; i < 5; i++) {
      const response = await fetch(sandbox.url);
      answers.push({ status: response.status, retryAfter: response.headers.get('retry-after'), body: await response.json() });
    }
    expect(answers.map((a) => a.status)).toEqual([429, 429, 500, 401, 200]);
    expect(answers[0]!.retryAfter).toBe('2');
    expect(answers[1]!.body).toMatchObject({ retry_after_ms: 250 });
    expect(sandbox.stats()).toMatchObject({ requests: 5, throttled: 2, serverErrors: 1 });
  });

  it('lets a target answer faults in its own shape', async () => {
    sandbox = await startSandboxServer({
      handler: (_req, res) => sendJson(res, 200, {}),
      rateLimitResponse: (res) => sendJson(res, 400, { error: { code: 613, message: 'Calls to this api have exceeded the rate limit.' } }),
      serverErrorResponse: (res, status) => {
        res.writeHead(status, { 'x-ms-error-code': 'ServerBusy', 'content-type': 'application/xml' });
        res.end('<Error><Code>ServerBusy</Code></Error>');
      },
    });
    sandbox.inject({ kind: 'rate-limit', times: 1 });
    sandbox.inject({ kind: 'server-error', times: 1 });
    const throttled = await fetch(sandbox.url);
    expect(throttled.status).toBe(400);
    expect(await throttled.json()).toMatchObject({ error: { code: 613 } });
    const busy = await fetch(sandbox.url);
    expect([busy.status, busy.headers.get('x-ms-error-code')]).toEqual([503, 'ServerBusy']);
    await busy.text();
    expect(sandbox.stats()).toMatchObject({ throttled: 1, serverErrors: 1 });
  });

  it('adds latency until the faults are cleared, and tracks concurrent requests', async () => {
    sandbox = await startSandboxServer({ handler: (_req, res) => sendJson(res, 200, {}) });
    sandbox.inject({ kind: 'latency', ms: 300 });
    const started = Date.now();
    await Promise.all([1, 2, 3].map(async () => (await fetch(sandbox!.url)).text()));
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(sandbox.stats().maxConcurrent).toBe(3);
    sandbox.clearFaults();
    const quick = Date.now();
    await (await fetch(sandbox.url)).text();
    expect(Date.now() - quick).toBeLessThan(250);
  });

  it('answers 500 with a reason when the handler throws', async () => {
    sandbox = await startSandboxServer({
      handler: () => {
        throw new Error('not implemented in the sandbox');
      },
    });
    const response = await fetch(sandbox.url);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Sandbox handler failed: not implemented in the sandbox' });
  });

  it('counts deliveries per item on successful answers only, every copy counted, and logs every request', async () => {
    sandbox = await startSandboxServer({
      handler: (_req, res) => sendJson(res, 200, { ok: true }),
      countRecords: (req) => req.json<{ members: unknown[] }>().members.length,
      operationOf: (req) => req.json<{ op: string }>().op,
      countDeliveries: (req) => [{ item: req.path.slice(1), records: req.json<{ members: unknown[] }>().members.length }],
      targetLimits: { recordsPerRequest: 2 },
    });
    await post(`${sandbox.url}/audience-1`, { op: 'upsert', members: [1, 2] });
    await post(`${sandbox.url}/audience-1`, { op: 'upsert', members: [1, 2] });
    sandbox.inject({ kind: 'server-error', times: 1 });
    sandbox.inject({ kind: 'expired-auth', times: 1 });
    await post(`${sandbox.url}/audience-1`, { op: 'upsert', members: [3] });
    await post(`${sandbox.url}/audience-1`, { op: 'upsert', members: [3] });
    await post(`${sandbox.url}/audience-2`, { op: 'remove', members: [1, 2, 3] });
    // The same two members twice count four times; the refused requests delivered nothing.
    expect(sandbox.deliveries('audience-1')).toBe(4);
    expect(sandbox.deliveries('audience-2')).toBe(3);
    const stats = sandbox.stats();
    expect(stats).toMatchObject({ requests: 5, delivered: 7, authFailures: 1, targetLimits: { recordsPerRequest: 2 } });
    expect(stats.log.map((e) => [e.operation, e.records, e.status])).toEqual([
      ['upsert', 2, 200],
      ['upsert', 2, 200],
      ['upsert', 1, 503],
      ['upsert', 1, 401],
      ['remove', 3, 200],
    ]);
    expect(stats.log.every((e) => e.finishedAt! >= e.at)).toBe(true);
    expect(stats.violations).toEqual(['a remove request carried 3 records; the target accepts at most 2']);
    sandbox.resetStats();
    expect(sandbox.stats().log).toEqual([]);
  });
});

describe('startCountingRelay', () => {
  it('relays to a server it does not run, counting the connections it accepts', async () => {
    sandbox = await startSandboxServer({ handler: (req, res) => sendJson(res, 200, { path: req.path }) });
    const relay = await startCountingRelay({ port: sandbox.port });
    try {
      expect(relay.connections()).toBe(0);
      const res = await fetch(`http://127.0.0.1:${relay.port}/through`, { headers: { connection: 'close' } });
      expect(await res.json()).toEqual({ path: '/through' });
      expect(relay.connections()).toBe(1);
      expect(sandbox.stats().requests).toBe(1);
    } finally {
      await relay.close();
    }
  });
});
