// Member-count limits declared by connectors. The console warns when a chosen segment is near or
// outside the limits; at run time a segment outside them is skipped with the reason recorded, never
// silently truncated.

export interface MemberLimits {
  minPerSegment?: number;
  maxPerSegment?: number;
  maxPerExport?: number;
}

export type LimitVerdict =
  | { verdict: 'ok' }
  | { verdict: 'warn'; limit: number; reason: string }
  | { verdict: 'skip'; limit: number; reason: string };

export interface LimitOptions {
  /** Warn from this fraction of a maximum (default 0.9), and below min × (2 − warnRatio) (default 1.1). */
  warnRatio?: number;
}

const DEFAULT_WARN_RATIO = 0.9;
const numberFormat = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return numberFormat.format(n);
}

function members(n: number): string {
  return `${formatCount(n)} ${n === 1 ? 'member' : 'members'}`;
}

/** Verdict for one segment's member count against the per-segment limits. */
export function checkSegmentLimits(
  memberCount: number,
  limits: MemberLimits,
  options: LimitOptions = {},
): LimitVerdict {
  const ratio = options.warnRatio ?? DEFAULT_WARN_RATIO;
  const { minPerSegment: min, maxPerSegment: max } = limits;
  if (min !== undefined && memberCount < min) {
    return {
      verdict: 'skip',
      limit: min,
      reason: `Segment has ${members(memberCount)}; this destination needs at least ${formatCount(min)}.`,
    };
  }
  if (max !== undefined && memberCount > max) {
    return {
      verdict: 'skip',
      limit: max,
      reason: `Segment has ${members(memberCount)}; this destination accepts at most ${formatCount(max)}.`,
    };
  }
  if (max !== undefined && memberCount >= ratio * max) {
    return {
      verdict: 'warn',
      limit: max,
      reason: `Segment has ${members(memberCount)}, close to this destination's maximum of ${formatCount(max)}.`,
    };
  }
  // Mirrors the maximum's margin: 10% above the minimum by default. A segment shrinking below it
  // would be skipped at the next run.
  if (min !== undefined && memberCount < min * (2 - ratio)) {
    return {
      verdict: 'warn',
      limit: min,
      reason: `Segment has ${members(memberCount)}, close to this destination's minimum of ${formatCount(min)}.`,
    };
  }
  return { verdict: 'ok' };
}

/** Verdict for the total members of an export (all its segments) against maxPerExport. */
export function checkExportLimits(
  segmentCounts: number[],
  limits: MemberLimits,
  options: LimitOptions = {},
): LimitVerdict {
  const max = limits.maxPerExport;
  if (max === undefined) return { verdict: 'ok' };
  const ratio = options.warnRatio ?? DEFAULT_WARN_RATIO;
  const total = segmentCounts.reduce((sum, n) => sum + n, 0);
  const across = `across ${segmentCounts.length} ${segmentCounts.length === 1 ? 'segment' : 'segments'}`;
  if (total > max) {
    return {
      verdict: 'skip',
      limit: max,
      reason: `Export has ${members(total)} ${across}; this destination accepts at most ${formatCount(max)} per export.`,
    };
  }
  if (total >= ratio * max) {
    return {
      verdict: 'warn',
      limit: max,
      reason: `Export has ${members(total)} ${across}, close to this destination's maximum of ${formatCount(max)} per export.`,
    };
  }
  return { verdict: 'ok' };
}
