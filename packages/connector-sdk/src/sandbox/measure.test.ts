import { describe, expect, it } from 'vitest';
import { checkRequestLog, declaredBeyondTarget, maxConcurrent, maxInWindow, type SandboxLogEntry } from './measure.js';

const entry = (at: number, finishedAt: number, extra: Partial<SandboxLogEntry> = {}): SandboxLogEntry => ({ at, finishedAt, records: 0, bytes: 0, status: 200, ...extra });

describe('measuring requests at the target', () => {
  it('counts requests in flight at once and within any interval', () => {
    const log = [entry(0, 100), entry(10, 50), entry(50, 60), entry(60, 200), entry(1_000, 1_010)];
    expect(maxConcurrent(log)).toBe(2);
    // An answer sent as the next request arrives frees its place first.
    expect(maxConcurrent([entry(0, 10), entry(10, 20)])).toBe(1);
    expect(maxInWindow(log, 1_000)).toBe(4);
    // Arrivals a full interval apart are apart; a burst shows whatever the slack.
    expect(maxInWindow([entry(0, 1), entry(1_001, 1_002)], 1_000)).toBe(1);
    // Arrivals bunched by a busy machine are forgiven up to half the interval.
    expect(maxInWindow([entry(0, 1), entry(600, 601)], 1_000)).toBe(1);
    expect(maxInWindow(Array.from({ length: 9 }, (_, i) => entry(i * 5, i * 5 + 1)), 1_000)).toBe(9);
  });

  it('holds each request against the limits of its operation, and each budget against its windows', () => {
    const limits = {
      recordsPerRequest: 1_000,
      concurrentRequests: 2,
      requestsPerInterval: { requests: 3, intervalMs: 1_000 },
      operations: { remove: { recordsPerRequest: 100, requestsPerInterval: { requests: 1, intervalMs: 1_000 } } },
    };
    const log = [
      entry(0, 10, { operation: 'upsert', records: 1_000 }),
      entry(1, 11, { operation: 'upsert', records: 900 }),
      entry(2, 12, { operation: 'remove', records: 150 }),
      entry(3, 13, { operation: 'remove', records: 10 }),
      entry(4, 14),
    ];
    expect(checkRequestLog(log, limits, 'the manifest declares')).toEqual([
      'a remove request carried 150 records; the manifest declares at most 100',
      '3 requests were in flight at once; the manifest declares at most 2',
      '2 remove requests arrived within a second; the manifest declares at most 1',
    ]);
    expect(checkRequestLog(log.slice(0, 2), limits, 'the manifest declares')).toEqual([]);
  });

  it("holds each request's body against the bytes per request of its operation", () => {
    const limits = { bytesPerRequest: 5_000_000, concurrentRequests: 10, operations: { remove: { bytesPerRequest: 100_000 } } };
    const log = [
      // At the limit: accepted.
      entry(0, 10, { operation: 'upsert', bytes: 5_000_000 }),
      entry(1, 11, { operation: 'upsert', bytes: 5_000_001 }),
      // A smaller overshoot after a larger one is not said twice.
      entry(2, 12, { operation: 'upsert', bytes: 6_200_000 }),
      entry(3, 13, { operation: 'upsert', bytes: 5_500_000 }),
      // Within the general limit but beyond the removals' own.
      entry(4, 14, { operation: 'remove', bytes: 250_000 }),
      entry(5, 15, { bytes: 250_000 }),
    ];
    expect(checkRequestLog(log, limits, 'the target accepts')).toEqual([
      'an upsert request carried 5,000,001 bytes; the target accepts at most 5,000,000',
      'an upsert request carried 6,200,000 bytes; the target accepts at most 5,000,000',
      'a remove request carried 250,000 bytes; the target accepts at most 100,000',
    ]);
    expect(checkRequestLog([entry(0, 10, { operation: 'upsert', bytes: 5_000_000 }), entry(1, 11, { operation: 'remove', bytes: 100_000 })], limits, 'the target accepts')).toEqual([]);
    // Bytes count whatever the records: one record can be too large.
    expect(checkRequestLog([entry(0, 10, { records: 1, bytes: 5_000_001 })], { recordsPerRequest: 10_000, bytesPerRequest: 5_000_000, concurrentRequests: 1 }, 'the manifest declares')).toEqual([
      'a request carried 5,000,001 bytes; the manifest declares at most 5,000,000',
    ]);
  });

  it('finds limits a manifest declares beyond the target', () => {
    const target = { recordsPerRequest: 1_000, concurrentRequests: 4, requestsPerInterval: [{ requests: 10, intervalMs: 1_000 }, { requests: 150, intervalMs: 60_000 }] };
    expect(declaredBeyondTarget({ recordsPerRequest: 500, concurrentRequests: 2, requestsPerInterval: [{ requests: 10, intervalMs: 1_000 }, { requests: 150, intervalMs: 60_000 }] }, target)).toEqual([]);
    // 2 a second is at most 120 a minute: within both of the target's windows.
    expect(declaredBeyondTarget({ recordsPerRequest: 500, concurrentRequests: 1, requestsPerInterval: { requests: 2, intervalMs: 1_000 } }, target)).toEqual([]);
    expect(declaredBeyondTarget({ recordsPerRequest: 10_000, concurrentRequests: 8, requestsPerInterval: { requests: 10, intervalMs: 1_000 } }, target)).toEqual([
      'the manifest declares 10,000 records per request; the target accepts at most 1,000',
      'the manifest declares 8 concurrent requests; the target accepts at most 4',
      "the manifest's request rate allows more than the target's 150 per minute",
    ]);
  });

  it('checks an operation that has limits of its own on either side', () => {
    const target = { recordsPerRequest: 10_000, operations: { remove: { recordsPerRequest: 1_000 } } };
    expect(declaredBeyondTarget({ recordsPerRequest: 10_000, concurrentRequests: 1, operations: { remove: { recordsPerRequest: 1_000 } } }, target)).toEqual([]);
    expect(declaredBeyondTarget({ recordsPerRequest: 10_000, concurrentRequests: 1 }, target)).toEqual(['the manifest declares 10,000 records per request for remove; the target accepts at most 1,000']);
  });
});
