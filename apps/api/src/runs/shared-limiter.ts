import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { abortReason, rateWindows, RetryableError, type CallLimiter, type RateLimits } from '@outport/connector-sdk';
import { Redis } from 'ioredis';

/**
 * Takes a slot if every limit allows, atomically: at most `concurrent` leases held (a lease that
 * outlives its expiry belonged to a dead process and is dropped) and, for each window, at most
 * `requests` starts in the last `interval` ms (a 10-a-second burst and a 150-a-minute steady limit
 * hold together). KEYS: the leases, then one start log per window; ARGV: concurrent, lease length,
 * call id, then `requests interval` per window. Returns 0 when the slot is taken, -1 when only a
 * concurrency slot is missing, otherwise how long to wait (ms). Time comes from Redis, so every
 * process agrees on it.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local concurrent, leaseMs, id = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3]
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if concurrent > 0 and redis.call('ZCARD', KEYS[1]) >= concurrent then return -1 end
local wait = 0
for i = 2, #KEYS do
  local requests, interval = tonumber(ARGV[2 + (i - 1) * 2]), tonumber(ARGV[3 + (i - 1) * 2])
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - interval)
  local count = redis.call('ZCARD', KEYS[i])
  if count >= requests then
    -- Room opens when enough of the oldest starts have left this window.
    local oldest = redis.call('ZRANGE', KEYS[i], count - requests, count - requests, 'WITHSCORES')
    wait = math.max(wait, tonumber(oldest[2]) + interval - now + 1)
  end
end
if wait > 0 then return wait end
for i = 2, #KEYS do
  local interval = tonumber(ARGV[3 + (i - 1) * 2])
  redis.call('ZADD', KEYS[i], now, id)
  redis.call('PEXPIRE', KEYS[i], interval + 1000)
end
if concurrent > 0 then
  redis.call('ZADD', KEYS[1], now + leaseMs, id)
  redis.call('PEXPIRE', KEYS[1], leaseMs * 2)
end
return 0`;

/** Extends a lease still held, on Redis's clock. */
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
return redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])`;

/** The SharedLimiters of this process, or null when runs go through the in-process queue. */
export const SHARED_LIMITERS = Symbol('SHARED_LIMITERS');

/** A lease is renewed while its call runs; one whose process died frees its slot after this long. */
const LEASE_MS = 30_000;
/** How often a caller waiting for a concurrency slot asks again. */
const POLL_MS = 5;
/**
 * How long a call waits for Redis to come back (a restart, a failover) before it fails as
 * retryable. Calls wait rather than go unlimited: the limits are the target's, not Redis's.
 */
const REDIS_PATIENCE_MS = 120_000;

type LimiterRedis = Redis & {
  /** Keys first (their number, the leases, one start log per window), then the arguments. */
  outportAcquire(keyCount: number, ...keysAndArgs: (string | number)[]): Promise<number>;
  outportRenew(inflight: string, leaseMs: number, id: string): Promise<number>;
};

/**
 * Connection limits shared by every process that runs exports (API and workers on several
 * machines): a connector's declared concurrency and request rate hold for the connection as a
 * whole, not per process. Used when runs go through Bull on Redis; with the in-process queue the
 * SDK's own limiter already sees every call.
 */
export class SharedLimiters {
  private readonly redis: LimiterRedis;
  private readonly logger = new Logger('Limits');
  private unavailable = false;

  constructor(url: string, private readonly prefix: string) {
    const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3, retryStrategy: (attempt) => Math.min(100 * attempt, 2_000) });
    // Said once per outage (ioredis would print every failed reconnection otherwise).
    redis.on('error', (error: Error) => {
      if (!this.unavailable) this.logger.warn(`Redis is unavailable (${error.message}); calls wait for it to keep the connection limits`);
      this.unavailable = true;
    });
    redis.on('ready', () => (this.unavailable = false));
    // The number of keys varies with the windows: it is passed with each call.
    redis.defineCommand('outportAcquire', { lua: ACQUIRE });
    redis.defineCommand('outportRenew', { numberOfKeys: 1, lua: RENEW });
    this.redis = redis as LimiterRedis;
  }

  /** The limiter for one connection key (what a connector passes to `connectionLimiter`). */
  limiterFor = (key: string, limits: RateLimits): CallLimiter => ({
    run: (work, signal) => this.run(key, limits, work, signal),
  });

  private async run<T>(key: string, limits: RateLimits, work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const inflight = `${this.prefix}:limit:${key}:inflight`;
    const id = randomUUID();
    await this.acquire(key, inflight, limits, id, signal);
    const concurrent = (limits.concurrent ?? 0) > 0;
    const renew = concurrent ? setInterval(() => void this.redis.outportRenew(inflight, LEASE_MS, id).catch(() => undefined), LEASE_MS / 3) : undefined;
    try {
      // Granted, but cancelled meanwhile: the call does not begin (its start still counts).
      if (signal?.aborted) throw abortReason(signal);
      return await work();
    } finally {
      clearInterval(renew);
      // A slot Redis cannot free now frees itself when its lease lapses; the call's own result stands.
      if (concurrent) await this.redis.zrem(inflight, id).catch(() => undefined);
    }
  }

  private async acquire(key: string, inflight: string, limits: RateLimits, id: string, signal?: AbortSignal): Promise<void> {
    const windows = rateWindows(limits);
    // One start log per window, named by its interval, so two limits on one key never share one.
    const keys = [inflight, ...windows.map((w) => `${this.prefix}:limit:${key}:starts:${w.intervalMs}`)];
    const args = [limits.concurrent ?? 0, LEASE_MS, id, ...windows.flatMap((w) => [w.requests, w.intervalMs])];
    let unavailableSince: number | null = null;
    for (;;) {
      if (signal?.aborted) throw abortReason(signal);
      let wait: number;
      try {
        wait = await this.redis.outportAcquire(keys.length, ...keys, ...args);
        unavailableSince = null;
      } catch (error) {
        // Redis is restarting or unreachable: the call waits for it, like every other caller.
        unavailableSince ??= Date.now();
        if (Date.now() - unavailableSince > REDIS_PATIENCE_MS) {
          throw new RetryableError(`Redis, which keeps this connection's shared limits, has been unavailable for ${Math.round(REDIS_PATIENCE_MS / 60_000)} minutes.`, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      if (wait === 0) return;
      // A concurrency slot frees when a call ends, at no known time: ask again soon, with jitter so
      // waiting processes do not ask in step.
      await new Promise((resolve) => setTimeout(resolve, wait > 0 ? wait : POLL_MS + Math.random() * POLL_MS));
    }
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
