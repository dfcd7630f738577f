// List pages keep their search, sort and paging in the URL query, so a list can be bookmarked,
// shared and restored with the back button. These helpers read and update that state.

export type SortOrder = 'asc' | 'desc';

export interface ListParams {
  q: string;
  sort: string;
  order: SortOrder;
  offset: number;
  limit: number;
}

export interface ListSpec {
  /** Columns the API can sort this list by. */
  sortable: readonly string[];
  defaultSort: string;
  defaultOrder?: SortOrder;
  limit?: number;
  /** Other query parameters the list keeps in the URL (e.g. a status filter). */
  filters?: readonly string[];
}

/** The list state in `url`, with anything invalid replaced by the defaults. */
export function readListParams(url: { searchParams: { get(name: string): string | null } }, spec: ListSpec): ListParams {
  const search = url.searchParams;
  const sort = search.get('sort') ?? '';
  const order = search.get('order');
  const offset = Number(search.get('offset') ?? '0');
  return {
    q: (search.get('q') ?? '').trim(),
    sort: spec.sortable.includes(sort) ? sort : spec.defaultSort,
    order: order === 'asc' || order === 'desc' ? order : (spec.defaultOrder ?? 'asc'),
    offset: Number.isInteger(offset) && offset > 0 ? offset : 0,
    limit: spec.limit ?? 50,
  };
}

/** The query the API expects for these list parameters. */
export function apiListQuery(params: ListParams): { q?: string; sort: string; order: SortOrder; offset: number; limit: number } {
  return { ...(params.q ? { q: params.q } : {}), sort: params.sort, order: params.order, offset: params.offset, limit: params.limit };
}

/**
 * The path and query of `url` with some list parameters changed. Changing the search or the sort
 * goes back to the first page. Parameters equal to their defaults are left out of the URL.
 */
export function listSearch(
  url: { searchParams: { get(name: string): string | null } },
  spec: ListSpec,
  change: Partial<ListParams>,
  filters: Record<string, string | undefined> = {},
): string {
  const current = readListParams(url, spec);
  const next: ListParams = { ...current, ...change };
  const filtering = Object.keys(filters).length > 0;
  if (change.q !== undefined || change.sort !== undefined || change.order !== undefined || filtering) next.offset = change.offset ?? 0;
  const search = new URLSearchParams();
  if (next.q) search.set('q', next.q);
  for (const name of spec.filters ?? []) {
    const value = name in filters ? filters[name] : (url.searchParams.get(name) ?? undefined);
    if (value) search.set(name, value);
  }
  if (next.sort !== spec.defaultSort || next.order !== (spec.defaultOrder ?? 'asc')) {
    search.set('sort', next.sort);
    search.set('order', next.order);
  }
  if (next.offset > 0) search.set('offset', String(next.offset));
  const query = search.toString();
  return query ? `?${query}` : '';
}

/** Clicking a column header: sort by it ascending, or flip the order when it is already the sort. */
export function nextSort(current: ListParams, sortKey: string, firstOrder: SortOrder = 'asc'): { sort: string; order: SortOrder } {
  if (current.sort === sortKey) return { sort: sortKey, order: current.order === 'asc' ? 'desc' : 'asc' };
  return { sort: sortKey, order: firstOrder };
}
