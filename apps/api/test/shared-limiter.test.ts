import { afterAll, describe, expect, it } from 'vitest';
import { SharedLimiters } from '../src/runs/shared-limiter.js';

const redis = process.env.REDIS_URL;
if (!redis && process.env.CI === 'true') throw new Error('CI=true but REDIS_URL is not set: the shared limiter must be tested in CI.');

describe.skipIf(!redis)('connection limits shared through Redis', () => {
  // Two instances with their own Redis connections stand for two worker processes.
  const prefix = `limit-test-${process.pid}-${Date.now()}`;
  const processes = [new SharedLimiters(redis!, prefix), new SharedLimiters(redis!, prefix)];
  afterAll(async () => {
    for (const limiters of processes) await limiters.close();
  });

  it('never lets more calls run at once than the connection allows, across processes', async () => {
    let running = 0;
    let peak = 0;
    const call = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
    };
    const limiters = processes.map((p) => p.limiterFor('mailchimp:acct-1', { concurrent: 3 }));
    await Promise.all(Array.from({ length: 40 }, (_, i) => limiters[i % 2]!.run(call)));
    expect(peak).toBe(3);
  });

  it('keeps the request rate across processes, and keys are independent', async () => {
    const started: number[] = [];
    const limiters = processes.map((p) => p.limiterFor('linkedin:acct-2', { requests: 5, intervalMs: 300 }));
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 15 }, (_, i) => limiters[i % 2]!.run(() => Promise.resolve(void started.push(performance.now() - t0)))));
    // 15 calls at 5 per 300 ms: the last five cannot start before 600 ms.
    started.sort((a, b) => a - b);
    expect(started[10]!).toBeGreaterThanOrEqual(590);
    for (let i = 5; i < started.length; i++) expect(started[i]! - started[i - 5]!).toBeGreaterThanOrEqual(290);
    // Another connection's budget is untouched.
    const other = performance.now();
    await Promise.all(Array.from({ length: 5 }, () => processes[0]!.limiterFor('linkedin:acct-3', { requests: 5, intervalMs: 300 }).run(() => Promise.resolve())));
    expect(performance.now() - other).toBeLessThan(200);
  });

  it('keeps a burst window and a steady window together across processes', async () => {
    // 3 in any 100 ms and 5 in any 600 ms, like a target's 10-a-second burst and 150-a-minute limit.
    const limits = { windows: [{ requests: 3, intervalMs: 100 }, { requests: 5, intervalMs: 600 }] };
    const limiters = processes.map((p) => p.limiterFor('klaviyo:acct-5:import', limits));
    const started: number[] = [];
    const t0 = performance.now();
    await Promise.all(Array.from({ length: 8 }, (_, i) => limiters[i % 2]!.run(() => Promise.resolve(void started.push(performance.now() - t0)))));
    started.sort((a, b) => a - b);
    for (let i = 3; i < started.length; i++) expect(started[i]! - started[i - 3]!).toBeGreaterThanOrEqual(95);
    for (let i = 5; i < started.length; i++) expect(started[i]! - started[i - 5]!).toBeGreaterThanOrEqual(590);
    // The sixth start waited for the steady window, not just the burst window.
    expect(started[5]!).toBeGreaterThanOrEqual(590);
  });

  it('stops waiting when the call is cancelled', async () => {
    const limiter = processes[0]!.limiterFor('mailchimp:acct-4', { concurrent: 1 });
    let release!: () => void;
    const holding = limiter.run(() => new Promise<void>((r) => (release = r)));
    await new Promise((r) => setTimeout(r, 20));
    const abort = new AbortController();
    const waiting = limiter.run(() => Promise.resolve('ran'), abort.signal);
    abort.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    release();
    await holding;
    await expect(limiter.run(() => Promise.resolve('ran'))).resolves.toBe('ran');
  });
});
