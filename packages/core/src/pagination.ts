// List endpoints share one page shape so the console can page through any of them the same way.

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

/** A page size the server is willing to serve: missing or garbage → fallback, otherwise 1..max. */
export function clampLimit(n?: number, max = 200, fallback = 50): number {
  if (n === undefined || n === null || !Number.isFinite(n)) return Math.min(fallback, max);
  return Math.min(Math.max(Math.floor(n), 1), max);
}

/** A non-negative integer offset; missing or garbage → 0. */
export function clampOffset(n?: number): number {
  if (n === undefined || n === null || !Number.isFinite(n)) return 0;
  return Math.max(Math.floor(n), 0);
}

export function makePage<T>(items: T[], total: number, limit: number, offset: number): Page<T> {
  return { items, total, limit, offset };
}
