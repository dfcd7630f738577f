import type { ConnectionContext } from './define.js';
import { limitsFor, type RequestLimitsInput, type RequestWindow } from './manifest.js';
import { abortReason } from './retry.js';

/**
 * Client-side rate limiting, so a connector stays under its target's published limits instead of
 * running into 429s: at most `requests` starts in any `intervalMs`, for every window declared at
 * once (a sliding log of start times), and at most `concurrent` calls in flight. Waiters are served
 * strictly first come, first served, so a busy export cannot starve another sharing the same
 * connection.
 */

export interface RateLimits {
  /** Calls that may start within any `intervalMs` (one window). Unlimited when missing. */
  requests?: number;
  intervalMs?: number;
  /** Further windows that hold at the same time, e.g. a burst of 10 a second and 150 a minute. */
  windows?: RequestWindow[];
  /** Calls in flight at once. Unlimited when missing. */
  concurrent?: number;
}

/** Every window a RateLimits holds, in one list (unusable ones left out). */
export function rateWindows(limits: RateLimits): RequestWindow[] {
  const all = [...(limits.requests !== undefined && limits.intervalMs !== undefined ? [{ requests: limits.requests, intervalMs: limits.intervalMs }] : []), ...(limits.windows ?? [])];
  return all.filter((w) => w.requests > 0 && w.intervalMs > 0);
}

/** Runs calls within limits. The SDK's RateLimiter is one; a host may give a limiter shared by processes. */
export interface CallLimiter {
  run<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T>;
}

interface Waiter {
  start: (slot: { at: number } | null) => void;
}

export class RateLimiter implements CallLimiter {
  private readonly windows: RequestWindow[];
  /** The longest window: starts older than this no longer count anywhere. */
  private readonly horizonMs: number;
  private readonly concurrent: number;
  /** Start times of recent calls, oldest first (objects, so a call can stamp its real start). */
  private readonly starts: { at: number }[] = [];
  private readonly queue: Waiter[] = [];
  private running = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(limits: RateLimits = {}) {
    this.windows = rateWindows(limits);
    this.horizonMs = Math.max(0, ...this.windows.map((w) => w.intervalMs));
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
    try {
      // Granted, but cancelled before it could begin: it does not begin.
      if (signal?.aborted) throw abortReason(signal);
      // Stamp the real start: a busy event loop may run this a little after the slot was granted,
      // and the window must count from when the request really goes out.
      if (slot) slot.at = performance.now();
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

  /** Starts queued calls, in order, while every limit allows; otherwise waits for a slot to open. */
  private pump(): void {
    while (this.queue.length > 0 && this.running < this.concurrent) {
      const now = performance.now();
      const wait = this.windowWait(now);
      if (wait > 0) {
        this.schedule(wait);
        return;
      }
      const waiter = this.queue.shift()!;
      const slot = this.windows.length > 0 ? { at: now } : null;
      if (slot) this.starts.push(slot);
      this.running++;
      waiter.start(slot);
    }
  }

  /** How long until every window has room for one more start (0: now). */
  private windowWait(now: number): number {
    if (this.windows.length === 0) return 0;
    while (this.starts.length > 0 && this.starts[0]!.at + this.horizonMs <= now) this.starts.shift();
    let wait = 0;
    for (const window of this.windows) {
      // Starts still inside this window, oldest first; a start counts until `at + intervalMs`.
      const inside = this.starts.filter((s) => s.at + window.intervalMs > now).map((s) => s.at).sort((a, b) => a - b);
      if (inside.length < window.requests) continue;
      // Room opens when enough of the oldest starts have left the window.
      wait = Math.max(wait, inside[inside.length - window.requests]! + window.intervalMs - now);
    }
    return wait;
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
 * `requestsPerInterval` and `concurrentRequests` (of `operation` when it has a budget of its own,
 * under the key `<key>:<operation>`); a changed manifest gets a fresh limiter.
 */
export function limiterFor(key: string, limits: RequestLimitsInput, operation?: string): RateLimiter {
  const { key: limiterKey, limits: settings } = limiterSpec(key, limits, operation);
  return processLimiter(limiterKey, settings);
}

function processLimiter(key: string, settings: RateLimits): RateLimiter {
  const signature = JSON.stringify(settings);
  const existing = shared.get(key);
  if (existing?.signature === signature) return existing.limiter;
  const limiter = new RateLimiter(settings);
  shared.set(key, { signature, limiter });
  return limiter;
}

/** The manifest's limits (of one operation, when named) as a limiter takes them. */
export function rateLimitsOf(limits: RequestLimitsInput, operation?: string): RateLimits {
  const effective = limitsFor(limits, operation);
  return { windows: effective.windows, concurrent: effective.concurrentRequests };
}

/**
 * Which limiter the requests of `operation` go through: the connection's own (`key`), or, when the
 * operation declares a rate budget of its own, `<key>:<operation>`.
 */
export function limiterSpec(key: string, limits: RequestLimitsInput, operation?: string): { key: string; limits: RateLimits } {
  const own = operation !== undefined && limitsFor(limits, operation).ownBudget;
  return own ? { key: `${key}:${operation}`, limits: rateLimitsOf(limits, operation) } : { key, limits: rateLimitsOf(limits) };
}

/**
 * The limiter a connector calls its target through. When the host runs exports in several
 * processes (workers on several machines) it passes a limiter shared by all of them in the context,
 * so the target's budget holds across processes; otherwise the process's own limiter is used.
 * Name the `operation` for calls whose limits differ (see the manifest's `limits.operations`).
 */
export function connectionLimiter(ctx: Pick<ConnectionContext, 'sharedLimiter'>, key: string, limits: RequestLimitsInput, operation?: string): CallLimiter {
  const spec = limiterSpec(key, limits, operation);
  return ctx.sharedLimiter?.(spec.key, spec.limits) ?? processLimiter(spec.key, spec.limits);
}
