import type { FindOptions } from '@mikro-orm/core';
import type { Dialect } from '../database/orm.js';
import type { ListQuery } from './dto.js';
import { Problem } from './problem.js';

export interface ListSpec {
  sortable: string[];
  search: string[];
  defaultSort: string;
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%", not everything. */
const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Turns paging, sorting and search parameters into an ORM filter and options, refusing sort columns
 * that are not listed (with a message that names the ones that are).
 */
export function listQuery<T extends object>(query: ListQuery, spec: ListSpec, dialect: Dialect = 'sqlite'): { where: Record<string, unknown>; options: FindOptions<T> } {
  const sort = query.sort ?? spec.defaultSort;
  if (!spec.sortable.includes(sort)) {
    throw Problem.badRequest(`Cannot sort by "${sort}". Sort by one of: ${spec.sortable.join(', ')}.`, [{ field: 'sort', message: `unknown column "${sort}"` }]);
  }
  const order = query.order ?? 'asc';
  const where: Record<string, unknown> = {};
  const q = query.q?.trim();
  if (q) {
    // SQLite's LIKE is case-insensitive for ASCII; PostgreSQL needs ILIKE.
    const operator = dialect === 'postgresql' ? '$ilike' : '$like';
    where.$or = spec.search.map((field) => ({ [field]: { [operator]: `%${escapeLike(q)}%` } }));
  }
  // The sort key was checked against the listed columns above, so the cast cannot admit a bad one.
  const orderBy = { [sort]: order, ...(sort === 'id' ? {} : { id: 'asc' }) } as FindOptions<T>['orderBy'];
  return { where, options: { orderBy, limit: query.limit ?? 50, offset: query.offset ?? 0 } };
}
