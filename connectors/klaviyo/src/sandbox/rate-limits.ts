import type { RequestWindow } from '@outport/connector-sdk';

/**
 * Klaviyo's rate limiting: per account and per endpoint, fixed windows (a 1-second burst and a
 * 1-minute steady one, and for list creation a daily one), all counted at once. A request over any
 * window is refused with 429 and the time until that window resets.
 */
export class FixedWindows {
  private readonly counts = new Map<string, { window: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Counts a request to `endpoint`; returns the wait until it would be allowed, or 0 when it is. */
  take(endpoint: string, windows: readonly RequestWindow[]): number {
    const now = this.now();
    let wait = 0;
    const keys = windows.map((w) => {
      const key = `${endpoint}:${w.intervalMs}`;
      const current = Math.floor(now / w.intervalMs);
      const entry = this.counts.get(key);
      const count = entry?.window === current ? entry.count : 0;
      if (count >= w.requests) wait = Math.max(wait, (current + 1) * w.intervalMs - now);
      return { key, current, count };
    });
    // A refused request counts nowhere; an allowed one counts in every window.
    if (wait === 0) for (const { key, current, count } of keys) this.counts.set(key, { window: current, count: count + 1 });
    return wait;
  }

  /**
   * The RateLimit-* headers Klaviyo puts on every answer that is not a 429, for the steady
   * (one-minute) window: its limit, the requests left in it and the seconds until it resets.
   */
  headers(endpoint: string, windows: readonly RequestWindow[]): Record<string, string> {
    const steady = windows.find((w) => w.intervalMs === 60_000);
    if (!steady) return {};
    const now = this.now();
    const current = Math.floor(now / steady.intervalMs);
    const entry = this.counts.get(`${endpoint}:${steady.intervalMs}`);
    const used = entry?.window === current ? entry.count : 0;
    return {
      'ratelimit-limit': String(steady.requests),
      'ratelimit-remaining': String(Math.max(0, steady.requests - used)),
      'ratelimit-reset': String(Math.ceil(((current + 1) * steady.intervalMs - now) / 1000)),
    };
  }
}
