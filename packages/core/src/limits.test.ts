import { describe, it, expect } from 'vitest';
import { checkExportLimits, checkSegmentLimits } from './limits.js';

describe('checkSegmentLimits', () => {
  const limits = { minPerSegment: 300, maxPerSegment: 100_000 };

  it('skips a segment below the minimum, saying how many it has and needs', () => {
    expect(checkSegmentLimits(120, limits)).toEqual({
      verdict: 'skip',
      limit: 300,
      reason: 'Segment has 120 members; this destination needs at least 300.',
    });
    expect(checkSegmentLimits(1, limits)).toMatchObject({
      reason: 'Segment has 1 member; this destination needs at least 300.',
    });
  });

  it('skips a segment above the maximum, with thousands separators', () => {
    expect(checkSegmentLimits(250_000, limits)).toEqual({
      verdict: 'skip',
      limit: 100_000,
      reason: 'Segment has 250,000 members; this destination accepts at most 100,000.',
    });
  });

  it('warns near the maximum (from 90% by default) and near the minimum (below 110%)', () => {
    expect(checkSegmentLimits(90_000, limits)).toEqual({
      verdict: 'warn',
      limit: 100_000,
      reason: "Segment has 90,000 members, close to this destination's maximum of 100,000.",
    });
    expect(checkSegmentLimits(100_000, limits).verdict).toBe('warn');
    expect(checkSegmentLimits(89_999, limits)).toEqual({ verdict: 'ok' });
    expect(checkSegmentLimits(300, limits)).toEqual({
      verdict: 'warn',
      limit: 300,
      reason: "Segment has 300 members, close to this destination's minimum of 300.",
    });
    expect(checkSegmentLimits(329, limits).verdict).toBe('warn');
    expect(checkSegmentLimits(330, limits)).toEqual({ verdict: 'ok' });
  });

  it('honours a custom warning ratio', () => {
    expect(checkSegmentLimits(60_000, limits, { warnRatio: 0.5 }).verdict).toBe('warn');
    expect(checkSegmentLimits(99_999, limits, { warnRatio: 1 }).verdict).toBe('ok');
  });

  it('accepts anything when the connector declares no limits', () => {
    expect(checkSegmentLimits(0, {})).toEqual({ verdict: 'ok' });
    expect(checkSegmentLimits(10_000_000, { minPerSegment: 100 })).toEqual({ verdict: 'ok' });
  });
});

describe('checkExportLimits', () => {
  it('checks the total across segments against maxPerExport', () => {
    const limits = { maxPerExport: 1_000_000 };
    expect(checkExportLimits([400_000, 500_000, 200_000], limits)).toEqual({
      verdict: 'skip',
      limit: 1_000_000,
      reason:
        'Export has 1,100,000 members across 3 segments; this destination accepts at most 1,000,000 per export.',
    });
    expect(checkExportLimits([950_000], limits)).toEqual({
      verdict: 'warn',
      limit: 1_000_000,
      reason:
        "Export has 950,000 members across 1 segment, close to this destination's maximum of 1,000,000 per export.",
    });
    expect(checkExportLimits([100, 200], limits)).toEqual({ verdict: 'ok' });
    expect(checkExportLimits([5_000_000], { maxPerSegment: 10 })).toEqual({ verdict: 'ok' });
  });
});
