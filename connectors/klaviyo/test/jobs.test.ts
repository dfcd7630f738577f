import { isConnectorError } from '@outport/connector-sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import connector from '../src/index.js';
import { startKlaviyoSandbox, type KlaviyoSandbox } from '../src/sandbox/index.js';
import { connection, exportContext, exportSegments, logger, people, segment } from './helpers.js';

describe('Klaviyo import jobs, throttling and outages', () => {
  let sandbox: KlaviyoSandbox;

  beforeEach(async () => {
    sandbox = await startKlaviyoSandbox({ jobQueuedMs: 50, jobProcessingMs: 100 });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('polls a job through queued and processing until Klaviyo completes it', async () => {
    sandbox.setJobTiming({ queuedMs: 1_200, processingMs: 1_500 });
    const result = await exportSegments(sandbox, [{ item: segment('Slow job', 40), records: people(40) }]);

    expect(result.items[0]!.accepted).toBe(40);
    const polls = sandbox.server.stats().log.filter((e) => e.operation === 'poll-job');
    // Not done at 1 s nor at 2.5 s (queued, then processing), complete at 4.75 s.
    expect(polls.length).toBe(3);
    expect(sandbox.members(sandbox.list('Outport: Slow job')!.id)).toHaveLength(40);
  });

  it('submits a job Klaviyo cancelled again, and the list gets every profile once', async () => {
    sandbox.cancelJobs(1);
    const log = logger();
    const result = await exportSegments(sandbox, [{ item: segment('Cancelled once', 50), records: people(50) }], {}, exportContext(sandbox, {}, log));

    expect(result.items[0]).toMatchObject({ accepted: 50, rejected: [] });
    expect(sandbox.jobs().map((job) => job.status)).toEqual(['cancelled', 'complete']);
    const list = sandbox.list('Outport: Cancelled once')!;
    expect(sandbox.deliveries(list.id)).toBe(50);
    expect(log.warnings).toEqual([`Klaviyo cancelled import job ${sandbox.jobs()[0]!.id}; submitting the 50 profiles again (submission 2).`]);
  });

  it('gives up, retryably, on a job Klaviyo cancels every time', async () => {
    sandbox.cancelJobs(3);
    const error = await exportSegments(sandbox, [{ item: segment('Always cancelled', 5), records: people(5) }]).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isConnectorError(error) && error.kind).toBe('retryable');
    expect((error as Error).message).toBe(`The Klaviyo import job for list "Outport: Always cancelled" was cancelled by the target (3 times): Klaviyo cancelled import job ${sandbox.jobs()[2]!.id}.`);
    expect(sandbox.jobs()).toHaveLength(3);
  });

  it('waits as long as a 429 asks (Retry-After), and still delivers every profile once', async () => {
    sandbox.server.inject({ kind: 'rate-limit', times: 2, retryAfterMs: 2_000, via: 'header' });
    const started = Date.now();
    const result = await exportSegments(sandbox, [{ item: segment('Throttled', 30), records: people(30) }]);

    expect(result.items[0]!.accepted).toBe(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3_900);
    expect(sandbox.server.stats().throttled).toBe(2);
    expect(sandbox.deliveries(sandbox.list('Outport: Throttled')!.id)).toBe(30);
  });

  it("keeps to Klaviyo's own windows: a burst another client used up is waited out, not failed", async () => {
    // Someone else on the account just spent the accounts endpoint's burst (1 a second). On a busy
    // machine the second may be over before the connector asks; then the scene is played again.
    let throttled: { operation?: string }[] = [];
    for (let attempt = 0; attempt < 5 && throttled.length === 0; attempt++) {
      // Again: once the last attempt's requests have left the window (1 a second).
      if (attempt > 0) await new Promise((r) => setTimeout(r, 1_100));
      const seen = sandbox.server.stats().log.length;
      const spent = await fetch(`${sandbox.url}/api/accounts`, { headers: { authorization: `Klaviyo-API-Key ${sandbox.apiKey}`, revision: '2026-07-15' } });
      expect(spent.status).toBe(200);
      await expect(connector.testConnection(connection(sandbox))).resolves.toBeUndefined();
      throttled = sandbox.server.stats().log.slice(seen).filter((e) => e.status === 429);
    }
    expect(throttled.map((e) => e.operation)).toEqual(['account']);
  });

  it('retries 503s from Klaviyo', async () => {
    sandbox.server.inject({ kind: 'server-error', times: 3, status: 503 });
    const result = await exportSegments(sandbox, [{ item: segment('Outage', 20), records: people(20) }]);
    expect(result.items[0]!.accepted).toBe(20);
    expect(sandbox.server.stats().serverErrors).toBe(3);
  });
});
