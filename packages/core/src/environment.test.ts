import { describe, it, expect } from 'vitest';
import {
  baseTableForSegmentType,
  isRole,
  segmentTypeForTable,
  SEGMENT_TYPE_LABELS,
  SEGMENT_TYPE_NAMES,
  SEGMENT_TYPES,
} from './environment.js';

describe('segmentTypeForTable', () => {
  it('builds profile segments on Customer in an individuals environment', () => {
    expect(segmentTypeForTable('individuals', 'Customer')).toBe('profile');
  });

  it('builds account and contact segments in a business environment', () => {
    expect(segmentTypeForTable('business', 'Account')).toBe('account');
    expect(segmentTypeForTable('business', 'Contact')).toBe('contact');
  });

  it('refuses segments on tables that do not belong to the environment kind', () => {
    expect(segmentTypeForTable('business', 'Customer')).toBeNull();
    expect(segmentTypeForTable('individuals', 'Contact')).toBeNull();
    expect(segmentTypeForTable('individuals', 'Orders')).toBeNull();
    expect(segmentTypeForTable('individuals', 'customer')).toBeNull();
  });

  it('round-trips with baseTableForSegmentType', () => {
    expect(baseTableForSegmentType('profile')).toBe('Customer');
    expect(segmentTypeForTable('business', baseTableForSegmentType('contact'))).toBe('contact');
  });
});

describe('labels and guards', () => {
  it('has a label for every segment type', () => {
    expect(SEGMENT_TYPES.map((t) => SEGMENT_TYPE_LABELS[t])).toEqual(['Profile', 'Account', 'Contact']);
    // The product's names, as the refusal of an ineligible segment says them.
    expect(SEGMENT_TYPES.map((t) => SEGMENT_TYPE_NAMES[t])).toEqual(['CustomerProfile', 'Account', 'ContactProfile']);
  });

  it('recognises roles', () => {
    expect(isRole('viewer')).toBe(true);
    expect(isRole('owner')).toBe(false);
  });
});
