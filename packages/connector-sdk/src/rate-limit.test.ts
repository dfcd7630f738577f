import { describe, expect, it } from 'vitest';
import { RateLimiter, connectionLimiter, limiterFor, limiterSpec } from './rate-limit.js';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RateLimiter', () => {
  it('never starts more than N requests in any interval', async () => {
    const limiter = new RateLimiter({ requests: 3, intervalMs: 100 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 10 }, () =>
        limiter.run(() => {
          starts.push(performance.now());
          return Promise.resolve();
        }),
      ),
    );
    expect(starts).toHaveLength(10);
    // Every start and the third start after it are at least one interval apart.
    for (let i = 3; i < starts.length; i++) expect(starts[i]! - starts[i - 3]!).toBeGreaterThanOrEqual(100);
    // 10 calls at 3 per 100 ms need at least three more intervals after the first burst.
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(300);
  });

  it('never runs more than the concurrency cap at once, and serves callers in order', async () => {
    const limiter = new RateLimiter({ concurrent: 2 });
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        limiter.run(async () => {
          order.push(i);
          running++;
          peak = Math.max(peak, running, limiter.active);
          await wait(15);
          running--;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(limiter.active).toBe(0);
  });

  it('applies both limits together and releases the slot when work fails', async () => {
    const limiter = new RateLimiter({ requests: 2, intervalMs: 100, concurrent: 1 });
    await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(limiter.active).toBe(0);
    await expect(limiter.run(() => Promise.resolve(7))).resolves.toBe(7);
  });

  it('drops a queued call when its signal aborts', async () => {
    const limiter = new RateLimiter({ concurrent: 1 });
    const controller = new AbortController();
    let release!: () => void;
    const first = limiter.run(() => new Promise<void>((resolve) => (release = resolve)));
    const second = limiter.run(() => Promise.resolve('never'), controller.signal);
    controller.abort(new Error('stop'));
    await expect(second).rejects.toThrow('stop');
    expect(limiter.pending).toBe(0);
    release();
    await first;
  });
});

describe('limiterFor', () => {
  it('shares one limiter per connection', () => {
    const limits = { membersPerSegment: {}, membersPerExport: {}, concurrentRequests: 2, requestsPerInterval: { requests: 10, intervalMs: 1000 } };
    expect(limiterFor('conn-a', limits)).toBe(limiterFor('conn-a', limits));
    expect(limiterFor('conn-a', limits)).not.toBe(limiterFor('conn-b', limits));
  });
});

describe('several windows at once', () => {
  it('keeps a burst window and a steady window together', async () => {
    // 3 in any 50 ms and 5 in any 400 ms: the burst is served at once, then the steady window holds.
    const limiter = new RateLimiter({ windows: [{ requests: 3, intervalMs: 50 }, { requests: 5, intervalMs: 400 }] });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 7 }, () => limiter.run(() => Promise.resolve(starts.push(performance.now())))));
    for (let i = 3; i < starts.length; i++) expect(starts[i]! - starts[i - 3]!).toBeGreaterThanOrEqual(50);
    for (let i = 5; i < starts.length; i++) expect(starts[i]! - starts[i - 5]!).toBeGreaterThanOrEqual(400);
    // The sixth call waited for the steady window, not only the burst window.
    expect(starts[5]! - starts[0]!).toBeGreaterThanOrEqual(400);
  });
});

describe('limits per operation', () => {
  const limits = {
    concurrentRequests: 4,
    requestsPerInterval: { requests: 100, intervalMs: 1_000 },
    operations: {
      upsert: { recordsPerRequest: 10_000 },
      remove: { recordsPerRequest: 1_000, requestsPerInterval: [{ requests: 10, intervalMs: 1_000 }, { requests: 150, intervalMs: 60_000 }] },
    },
  };

  it("gives an operation with rate limits of its own a limiter of its own, and the rest the connection's", () => {
    expect(limiterSpec('acct', limits, 'upsert')).toEqual({ key: 'acct', limits: { windows: [{ requests: 100, intervalMs: 1_000 }], concurrent: 4 } });
    expect(limiterSpec('acct', limits, 'remove')).toEqual({
      key: 'acct:remove',
      limits: { windows: [{ requests: 10, intervalMs: 1_000 }, { requests: 150, intervalMs: 60_000 }], concurrent: 4 },
    });
    expect(limiterFor('acct-x', limits, 'remove')).not.toBe(limiterFor('acct-x', limits));
    expect(limiterFor('acct-x', limits, 'upsert')).toBe(limiterFor('acct-x', limits));
  });

  it("asks the host's shared limiter for the operation's key and limits", () => {
    const asked: [string, unknown][] = [];
    const ctx = { sharedLimiter: (key: string, rate: unknown) => (asked.push([key, rate]), { run: <T>(work: () => Promise<T>) => work() }) };
    connectionLimiter(ctx, 'acct', limits, 'remove');
    connectionLimiter(ctx, 'acct', limits);
    expect(asked.map(([key]) => key)).toEqual(['acct:remove', 'acct']);
  });
});
