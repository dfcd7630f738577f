import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatRelative } from '../src/lib/format.ts';
import { listSearch, nextSort, readListParams, type ListSpec } from '../src/lib/list-params.ts';

describe('formatting', () => {
  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1722)).toBe('1,722');
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('tells times relative to now', () => {
    const now = Date.parse('2026-11-28T12:00:00Z');
    const ago = (seconds: number): string => new Date(now - seconds * 1000).toISOString();
    expect(formatRelative(null, now)).toBe('Never');
    expect(formatRelative(ago(10), now)).toBe('just now');
    expect(formatRelative(ago(5 * 60), now)).toBe('5 minutes ago');
    expect(formatRelative(ago(3 * 3600), now)).toBe('3 hours ago');
    expect(formatRelative(ago(26 * 3600), now)).toBe('yesterday');
    expect(formatRelative('not a date', now)).toBe('—');
  });

  it('formats durations', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(420)).toBe('420 ms');
    expect(formatDuration(1530)).toBe('1.5 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});

describe('list parameters in the URL', () => {
  const spec: ListSpec = { sortable: ['name', 'memberCount'], defaultSort: 'name' };
  const url = (search: string): URL => new URL(`http://x/e/a/segments${search}`);

  it('reads defaults and ignores what the API cannot sort by', () => {
    expect(readListParams(url(''), spec)).toEqual({ q: '', sort: 'name', order: 'asc', offset: 0, limit: 50 });
    expect(readListParams(url('?sort=password&order=sideways&offset=-3'), spec)).toEqual({ q: '', sort: 'name', order: 'asc', offset: 0, limit: 50 });
    expect(readListParams(url('?q=%20vip%20&sort=memberCount&order=desc&offset=50'), spec)).toEqual({ q: 'vip', sort: 'memberCount', order: 'desc', offset: 50, limit: 50 });
  });

  it('writes only what differs from the defaults, and goes back to page one on a new search or sort', () => {
    expect(listSearch(url('?offset=50'), spec, { q: 'vip' })).toBe('?q=vip');
    expect(listSearch(url('?q=vip'), spec, { sort: 'memberCount', order: 'desc' })).toBe('?q=vip&sort=memberCount&order=desc');
    expect(listSearch(url('?sort=memberCount&order=desc'), spec, { offset: 50 })).toBe('?sort=memberCount&order=desc&offset=50');
    expect(listSearch(url('?q=vip'), spec, { q: '' })).toBe('');
  });

  it('flips the order when the sorted column is clicked again', () => {
    const current = readListParams(url(''), spec);
    expect(nextSort(current, 'name')).toEqual({ sort: 'name', order: 'desc' });
    expect(nextSort(current, 'memberCount', 'desc')).toEqual({ sort: 'memberCount', order: 'desc' });
  });
});
