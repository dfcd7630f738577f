import { describe, it, expect } from 'vitest';
import { clampLimit, clampOffset } from './pagination.js';

describe('clampLimit', () => {
  it('uses the fallback when no limit is asked for', () => {
    expect(clampLimit()).toBe(50);
    expect(clampLimit(Number.NaN)).toBe(50);
    expect(clampLimit(undefined, 100, 20)).toBe(20);
  });

  it('caps a greedy client at the maximum', () => {
    expect(clampLimit(10_000)).toBe(200);
    expect(clampLimit(500, 100)).toBe(100);
  });

  it('never returns an empty or fractional page size', () => {
    expect(clampLimit(0)).toBe(1);
    expect(clampLimit(-5)).toBe(1);
    expect(clampLimit(12.7)).toBe(12);
  });
});

describe('clampOffset', () => {
  it('keeps offsets non-negative integers', () => {
    expect(clampOffset()).toBe(0);
    expect(clampOffset(-3)).toBe(0);
    expect(clampOffset(40.5)).toBe(40);
  });
});
