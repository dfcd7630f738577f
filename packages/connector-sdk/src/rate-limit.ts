import type { ConnectionContext } from './define.js';
import type { ConnectorLimits } from './manifest.js';
import { abortReason } from './retry.js';

/**
 * Client-side rate limiting, so a connector stays under its target's published limits instead of
 * running into 429s: at most `requests` starts in any `intervalMs` (a sliding log of start times)
 * and at most `concurrent` calls in flight. Waiters are served strictly first come, first served, so
 * a busy export cannot starve another sharing the same connection.
 */

export interface RateLimits {
  /** Calls that may start within any `intervalMs`. Unlimited when missing. */
  requests?: number;
  intervalMs?: number;
  /** Calls in flight at once. Unlimited when missing. */
  concurrent?: number;
}

/** Runs calls within limits. The SDK's RateLimiter is one; a host may give a limiter shared by processes. */
export interface CallLimiter {
  run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

interface Waiter {
  start: (slot: { at: number } | null) => void;
}

export class RateLimiter implements CallLimiter {
  private readonly requests: number;
  private readonly intervalMs: number;
  private readonly concurrent: number;
  /** Start times of the last `requests` calls, oldest first (objects, so a call can stamp its real start). */
  private readonly starts: { at: number }[] = [];
  private readonly queue: Waiter[] = [];
  private running = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(limits: RateLimits = {}) {
    const windowed = (limits.requests ?? 0) > 0 && (limits.intervalMs ?? 0) > 0;
    this.requests = windowed ? limits.requests! : Infinity;
    this.intervalMs = windowed ? limits.intervalMs! : 0;
    this.concurrent = (limits.concurrent ?? 0) > 0 ? limits.concurrent! : Infinity;
  }

  /** Calls in flight now. */
  get active(): number {
    return this.running;
  }

  /** Calls waiting for their turn. */
  get pending(): number {
    return this.queue.length;
  }

  /**
   * Runs `work` when the limits allow. Aborting while still queued rejects with the signal's reason
   * and frees the place; work that has started is the caller's to cancel.
   */
  async run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const slot = await this.acquire(signal);
    // Stamp the real start: a busy event loop may run this a little after the slot was granted,
    // and the window must count from when the request really goes out.
    if (slot) slot.at = performance.now();
    try {
      return await work();
    } finally {
      this.running--;
      this.pump();
    }
  }

  private acquire(signal: AbortSignal | undefined): Promise<{ at: number } | null> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    return new Promise<{ at: number } | null>((resolve, reject) => {
      const onAbort = () => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(abortReason(signal!));
        this.pump();
      };
      const waiter: Waiter = {
        start: (slot) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(slot);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  /** Starts queued calls, in order, while both limits allow; otherwise waits for a slot to open. */
  private pump(): void {
    while (this.queue.length > 0 && this.running < this.concurrent) {
      const now = performance.now();
      if (this.starts.length >= this.requests) {
        const opensAt = this.starts[0]!.at + this.intervalMs;
        if (opensAt > now) {
          this.schedule(opensAt - now);
          return;
        }
        this.starts.shift();
      }
      const waiter = this.queue.shift()!;
      const slot = this.requests !== Infinity ? { at: now } : null;
      if (slot) this.starts.push(slot);
      this.running++;
      waiter.start(slot);
    }
  }

  private schedule(delayMs: number): void {
    if (this.timer) return;
    // A millisecond of slack: timers round, and starting a hair late is harmless, early is not.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, Math.ceil(delayMs) + 1);
  }
}

const shared = new Map<string, { signature: string; limiter: RateLimiter }>();

/**
 * The limiter for one connection (or other key), shared by every run in this process that uses it,
 * since the target counts the budget per account, not per run. Built from the manifest's
 * `requestsPerInterval` and `concurrentRequests`; a changed manifest gets a fresh limiter.
 */
export function limiterFor(key: string, limits: ConnectorLimits): RateLimiter {
  const settings = rateLimitsOf(limits);
  const signature = JSON.stringify(settings);
  const existing = shared.get(key);
  if (existing?.signature === signature) return existing.limiter;
  const limiter = new RateLimiter(settings);
  shared.set(key, { signature, limiter });
  return limiter;
}

/** The manifest's limits as a limiter takes them. */
export function rateLimitsOf(limits: Pick<ConnectorLimits, 'requestsPerInterval' | 'concurrentRequests'>): RateLimits {
  return { requests: limits.requestsPerInterval?.requests, intervalMs: limits.requestsPerInterval?.intervalMs, concurrent: limits.concurrentRequests };
}

/**
 * The limiter a connector calls its target through. When the host runs exports in several
 * processes (workers on several machines) it passes a limiter shared by all of them in the context,
 * so the target's budget holds across processes; otherwise the process's own limiter is used.
 */
export function connectionLimiter(ctx: Pick<ConnectionContext, 'sharedLimiter'>, key: string, limits: ConnectorLimits): CallLimiter {
  return ctx.sharedLimiter?.(key, rateLimitsOf(limits)) ?? limiterFor(key, limits);
}
