import { limitsFor, type RequestLimitsInput, type RequestWindow } from '../manifest.js';
import { describeWindow } from '../readme.js';

/**
 * Measuring, at the target, what a connector really sent: the size of each request, how many were
 * in flight at once and how many started within any interval. The sandbox keeps one entry per
 * request; `checkRequestLog` holds the entries against a set of limits, either the ones a manifest
 * declares or the ones the target itself enforces, and says what was exceeded.
 */

export interface SandboxLogEntry {
  /** When the request arrived (`performance.now()`, the clock tests and the kit share). */
  at: number;
  /** When its answer was sent; undefined while it is still being handled. */
  finishedAt?: number;
  /** The operation the sandbox classed it as (`upsert`, `remove`, ...), if it classes requests. */
  operation?: string;
  /** Records it carried (as the sandbox counts them) and its body's bytes. */
  records: number;
  bytes: number;
  /** The status answered. */
  status?: number;
}

/**
 * How much earlier than an interval two arrivals may be and still count as apart. A limiter spaces
 * the starts of its calls; the target sees arrivals, which a busy machine (a test run beside other
 * suites, a sandbox sharing the test's event loop) can bunch up by a good part of a second. Counting
 * over half the interval (at least the interval less 500 ms) shows a burst, not a slight overshoot:
 * the conformance kit holds the exact rule by checking that every call goes through the limiter.
 */
export function windowSlackMs(intervalMs: number): number {
  return Math.min(500, intervalMs * 0.5);
}

/** The most requests that arrived within any `intervalMs` (less the slack above). */
export function maxInWindow(entries: readonly SandboxLogEntry[], intervalMs: number): number {
  const times = entries.map((e) => e.at).sort((a, b) => a - b);
  const span = intervalMs - windowSlackMs(intervalMs);
  let best = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while (times[last]! - times[first]! >= span) first++;
    best = Math.max(best, last - first + 1);
  }
  return best;
}

/** The most requests in flight at one moment. */
export function maxConcurrent(entries: readonly SandboxLogEntry[]): number {
  const events: [number, number][] = [];
  for (const entry of entries) {
    events.push([entry.at, 1]);
    events.push([entry.finishedAt ?? Infinity, -1]);
  }
  // An answer sent at the same moment another request arrives frees its place first.
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let current = 0;
  let best = 0;
  for (const [, delta] of events) {
    current += delta;
    best = Math.max(best, current);
  }
  return best;
}

const n = (value: number) => value.toLocaleString('en-US');

/**
 * Holds the entries against `limits`: records and bytes per request (each request against the
 * limits of its operation), and, per budget (each operation that declares a rate budget of its
 * own, and the general one for all other requests), concurrency and every window. `who` names the
 * limits in the messages: "the manifest declares" or "the target accepts".
 */
export function checkRequestLog(entries: readonly SandboxLogEntry[], limits: RequestLimitsInput, who: string): string[] {
  const problems: string[] = [];
  const sizes = new Map<string, { records: number; bytes: number }>();
  for (const entry of entries) {
    const effective = limitsFor(limits, entry.operation);
    const label = entry.operation ?? '';
    const request = label ? `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label} request` : 'a request';
    const seen = sizes.get(label) ?? { records: 0, bytes: 0 };
    if (effective.recordsPerRequest !== undefined && entry.records > effective.recordsPerRequest && entry.records > seen.records) {
      seen.records = entry.records;
      problems.push(`${request} carried ${n(entry.records)} records; ${who} at most ${n(effective.recordsPerRequest)}`);
    }
    if (effective.bytesPerRequest !== undefined && entry.bytes > effective.bytesPerRequest && entry.bytes > seen.bytes) {
      seen.bytes = entry.bytes;
      problems.push(`${request} carried ${n(entry.bytes)} bytes; ${who} at most ${n(effective.bytesPerRequest)}`);
    }
    sizes.set(label, seen);
  }

  const budgets = new Map<string, SandboxLogEntry[]>();
  for (const entry of entries) {
    const own = entry.operation !== undefined && limitsFor(limits, entry.operation).ownBudget;
    const budget = own ? entry.operation! : '';
    budgets.set(budget, [...(budgets.get(budget) ?? []), entry]);
  }
  for (const [budget, group] of budgets) {
    const effective = limitsFor(limits, budget || undefined);
    const of = budget ? ` ${budget}` : '';
    const concurrent = maxConcurrent(group);
    if (effective.concurrentRequests !== undefined && concurrent > effective.concurrentRequests) {
      problems.push(`${n(concurrent)}${of} requests were in flight at once; ${who} at most ${n(effective.concurrentRequests)}`);
    }
    for (const window of effective.windows) {
      const most = maxInWindow(group, window.intervalMs);
      if (most > window.requests) problems.push(`${n(most)}${of} requests arrived within ${describeInterval(window.intervalMs)}; ${who} at most ${n(window.requests)}`);
    }
  }
  return problems;
}

/**
 * Limits a manifest declares beyond what the target accepts: more records or bytes per request,
 * more concurrency, a window the target's windows do not allow.
 */
export function declaredBeyondTarget(declared: RequestLimitsInput, target: RequestLimitsInput, operations: readonly (string | undefined)[] = [undefined, 'upsert', 'remove']): string[] {
  const problems: string[] = [];
  const same = (a: object, b: object) => JSON.stringify({ ...a, ownBudget: false }) === JSON.stringify({ ...b, ownBudget: false });
  for (const operation of operations) {
    const mine = limitsFor(declared, operation);
    const theirs = limitsFor(target, operation);
    // An operation with nothing of its own on either side was checked with the general limits.
    if (operation !== undefined && same(mine, limitsFor(declared)) && same(theirs, limitsFor(target))) continue;
    const of = operation ? ` for ${operation}` : '';
    if (theirs.recordsPerRequest !== undefined && (mine.recordsPerRequest === undefined || mine.recordsPerRequest > theirs.recordsPerRequest)) {
      problems.push(`the manifest declares ${mine.recordsPerRequest === undefined ? 'no limit of' : n(mine.recordsPerRequest)} records per request${of}; the target accepts at most ${n(theirs.recordsPerRequest)}`);
    }
    if (theirs.bytesPerRequest !== undefined && (mine.bytesPerRequest === undefined || mine.bytesPerRequest > theirs.bytesPerRequest)) {
      problems.push(`the manifest declares ${mine.bytesPerRequest === undefined ? 'no limit of' : n(mine.bytesPerRequest)} bytes per request${of}; the target accepts at most ${n(theirs.bytesPerRequest)}`);
    }
    if (theirs.concurrentRequests !== undefined && (mine.concurrentRequests ?? Infinity) > theirs.concurrentRequests) {
      problems.push(`the manifest declares ${n(mine.concurrentRequests ?? Infinity)} concurrent requests${of}; the target accepts at most ${n(theirs.concurrentRequests)}`);
    }
    for (const window of theirs.windows) {
      if (!allowsWithin(mine.windows, window)) {
        problems.push(`the manifest's request rate${of} allows more than the target's ${describeWindow(window)}`);
      }
    }
  }
  return [...new Set(problems)];
}

/** Whether `windows` keep starts within `limit`: some window at least as long allows no more. */
function allowsWithin(windows: RequestWindow[], limit: RequestWindow): boolean {
  // Within any stretch of `limit.intervalMs`, a window of (r, I) lets at most r × ⌈L / I⌉ calls start.
  return windows.some((w) => w.requests * Math.ceil(limit.intervalMs / w.intervalMs) <= limit.requests);
}

export function describeInterval(ms: number): string {
  if (ms % 60_000 === 0) return ms === 60_000 ? 'a minute' : `${ms / 60_000} minutes`;
  if (ms % 1000 === 0) return ms === 1000 ? 'a second' : `${ms / 1000} seconds`;
  return `${ms} ms`;
}
