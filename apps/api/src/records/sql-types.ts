import type { CellValue, ColumnType } from '@outport/core';
import type { Dialect } from '../database/orm.js';

/**
 * How each Outport column type is stored. PostgreSQL gets native types; SQLite has no date, time or
 * boolean types, so dates are ISO-8601 text (which sorts and compares correctly) and booleans 0/1.
 */
export function columnSqlType(dialect: Dialect, type: ColumnType): 'text' | 'real' | 'integer' | 'double precision' | 'boolean' | 'date' | 'timestamptz' {
  if (dialect === 'sqlite') {
    if (type === 'number') return 'real';
    if (type === 'boolean') return 'integer';
    return 'text';
  }
  switch (type) {
    case 'number':
      return 'double precision';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'datetime':
      return 'timestamptz';
    default:
      return 'text';
  }
}

/** Text-like types take text operators (contains, starts with) and compare case-insensitively. */
export const isTextType = (type: ColumnType): boolean => ['string', 'email', 'phone', 'url'].includes(type);

/** A parsed cell as the driver should bind it. */
export function toDb(dialect: Dialect, value: CellValue): string | number | boolean | null {
  if (dialect === 'sqlite' && typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** A value read back from the driver, in the API's representation. */
export function fromDb(type: ColumnType, value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value === true || value === 1 || value === '1' || value === 't';
  if (type === 'number') return typeof value === 'number' ? value : Number(value);
  if (value instanceof Date) {
    if (type === 'date') {
      // node-postgres builds dates at local midnight; read the local calendar fields back.
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${value.getFullYear()}-${pad(value.getMonth() + 1)}-${pad(value.getDate())}`;
    }
    return value.toISOString();
  }
  if (type === 'datetime' && typeof value === 'string' && !value.endsWith('Z')) {
    // PostgreSQL's text form ("2026-10-01 10:00:00+00"): normalise to the API's ISO-8601 UTC form.
    const iso = value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
    const parsed = new Date(iso);
    if (!Number.isNaN(parsed.getTime())) return parsed.toISOString();
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}
