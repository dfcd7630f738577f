import type { FindOptions } from '@mikro-orm/core';
import type { Dialect } from '../database/orm.js';
import type { ListQuery } from './dto.js';
import { Problem } from './problem.js';

/** What a list offers: the columns it sorts by, the fields its text search looks in, its default order. */
export interface ListSpec {
  sortable: readonly string[];
  search?: readonly string[];
  defaultSort: string;
  defaultOrder?: 'asc' | 'desc';
}

/** Paging, sorting and search of one list request, checked against its spec. */
export interface ListParams {
  sort: string;
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
  q: string | undefined;
}

/**
 * The one place every list checks its parameters: paging defaults, and a sort column that the list
 * names (an unknown one is refused with a problem that lists the sortable columns).
 */
export function listParams(query: ListQuery, spec: ListSpec): ListParams {
  const sort = query.sort ?? spec.defaultSort;
  if (!spec.sortable.includes(sort)) {
    throw Problem.badRequest(`Cannot sort by "${sort}". Sort by one of: ${spec.sortable.join(', ')}.`, [
      { field: 'sort', message: `unknown column "${sort}"; sortable: ${spec.sortable.join(', ')}` },
    ]);
  }
  // The default order goes with the default sort; a chosen column sorts ascending unless told otherwise.
  const order = query.order ?? (query.sort === undefined ? spec.defaultOrder : undefined) ?? 'asc';
  return { sort, order, limit: query.limit ?? 50, offset: query.offset ?? 0, q: query.q?.trim() || undefined };
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%", not everything. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Turns paging, sorting and search parameters into an ORM filter and options (ties broken by id,
 * so pages never overlap).
 */
export function listQuery<T extends object>(query: ListQuery, spec: ListSpec, dialect: Dialect = 'sqlite'): { where: Record<string, unknown>; options: FindOptions<T> } {
  const { sort, order, limit, offset, q } = listParams(query, spec);
  const where: Record<string, unknown> = {};
  if (q && spec.search?.length) {
    // SQLite's LIKE is case-insensitive for ASCII; PostgreSQL needs ILIKE.
    const operator = dialect === 'postgresql' ? '$ilike' : '$like';
    where.$or = spec.search.map((field) => ({ [field]: { [operator]: `%${escapeLike(q)}%` } }));
  }
  // The sort key was checked against the listed columns above, so the cast cannot admit a bad one.
  const orderBy = { [sort]: order, ...(sort === 'id' ? {} : { id: 'asc' }) } as FindOptions<T>['orderBy'];
  return { where, options: { orderBy, limit, offset } };
}

/**
 * The same for lists held in memory (a few hundred items at most): search, sort by the value
 * `value` gives for the column (numbers numerically, text case-insensitively, empty values last
 * in either order, ties by id), then page.
 */
export function pageInMemory<T>(
  items: T[],
  query: ListQuery,
  spec: ListSpec,
  value: (item: T, column: string) => string | number | boolean | null | undefined,
): { items: T[]; total: number } {
  const { sort, order, limit, offset, q } = listParams(query, spec);
  const needle = q?.toLowerCase();
  const matching = needle
    ? items.filter((item) => (spec.search ?? []).some((field) => String(value(item, field) ?? '').toLowerCase().includes(needle)))
    : [...items];
  const direction = order === 'desc' ? -1 : 1;
  const empty = (v: unknown): boolean => v === null || v === undefined || v === '';
  const compare = (a: T, b: T): number => {
    const x = value(a, sort);
    const y = value(b, sort);
    if (empty(x) || empty(y)) return empty(x) === empty(y) ? 0 : empty(x) ? 1 : -1;
    if (typeof x === 'number' && typeof y === 'number') return direction * (x - y);
    return direction * String(x).localeCompare(String(y), 'en', { sensitivity: 'base' });
  };
  const tieBreak = (a: T, b: T): number => String(value(a, 'id') ?? '').localeCompare(String(value(b, 'id') ?? ''));
  matching.sort((a, b) => compare(a, b) || tieBreak(a, b));
  return { items: matching.slice(offset, offset + limit), total: matching.length };
}
