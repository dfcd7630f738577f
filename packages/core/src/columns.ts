// Table schemas and the parsing of incoming cell values. Ingestion (CSV and NDJSON) and segment rules
// both go through parseCell, so a value that can be stored can also be used in a rule, and vice versa.

export const COLUMN_TYPES = [
  'string',
  'number',
  'boolean',
  'date',
  'datetime',
  'email',
  'phone',
  'url',
] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ColumnDefinition {
  name: string;
  type: ColumnType;
  /** Defaults to true for ordinary columns; the key column is always required. */
  nullable?: boolean;
}

export interface TableDefinition {
  name: string;
  keyColumn: string;
  columns: ColumnDefinition[];
}

/** Table and column names: safe as SQL identifiers once quoted, and readable in the console. */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,62}$/;
export const MAX_COLUMNS = 200;

export function isColumnType(value: unknown): value is ColumnType {
  return typeof value === 'string' && (COLUMN_TYPES as readonly string[]).includes(value);
}

/**
 * Whether a column accepts empty values. The key column never does (records are upserted by key);
 * other columns do unless declared `nullable: false`.
 */
export function isColumnNullable(table: TableDefinition, column: ColumnDefinition): boolean {
  if (column.name === table.keyColumn) return false;
  return column.nullable !== false;
}

/** Problems with a table definition, as readable sentences; empty when the definition is valid. */
export function validateTableDefinition(def: TableDefinition): string[] {
  const problems: string[] = [];
  if (typeof def.name !== 'string' || !NAME_PATTERN.test(def.name)) {
    problems.push(
      `Table name "${String(def.name)}" is invalid: use a letter followed by letters, digits or underscores (at most 63 characters).`,
    );
  }
  const columns = Array.isArray(def.columns) ? def.columns : [];
  if (columns.length === 0) problems.push('A table needs at least one column.');
  if (columns.length > MAX_COLUMNS) {
    problems.push(`A table can have at most ${MAX_COLUMNS} columns (this one has ${columns.length}).`);
  }

  const seen = new Map<string, string>();
  for (const column of columns) {
    if (typeof column.name !== 'string' || !NAME_PATTERN.test(column.name)) {
      problems.push(
        `Column name "${String(column.name)}" is invalid: use a letter followed by letters, digits or underscores (at most 63 characters).`,
      );
    } else {
      // Case-insensitive because the storage layer and most targets treat column names that way.
      const folded = column.name.toLowerCase();
      const previous = seen.get(folded);
      if (previous !== undefined) {
        problems.push(
          `Column "${column.name}" duplicates column "${previous}" (names are not case-sensitive).`,
        );
      } else {
        seen.set(folded, column.name);
      }
    }
    if (!isColumnType(column.type)) {
      problems.push(`Column "${String(column.name)}" has unknown type "${String(column.type)}".`);
    }
  }

  const key = columns.find((c) => c.name === def.keyColumn);
  if (!key) {
    problems.push(`Key column "${String(def.keyColumn)}" is not one of the table's columns.`);
  } else {
    if (key.nullable === true) problems.push(`Key column "${key.name}" cannot be nullable.`);
    if (key.type !== 'string' && key.type !== 'number') {
      problems.push(`Key column "${key.name}" must be of type string or number, not ${String(key.type)}.`);
    }
  }
  return problems;
}

export type CellValue = string | number | boolean | null;
export type ParseResult = { ok: true; value: CellValue } | { ok: false; reason: string };

const NUMBER_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_PATTERN =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$/;
// Deliberately practical rather than RFC 5322: one @, no spaces, a dotted domain of valid labels.
const EMAIL_PATTERN =
  /^[^\s@"(),:;<>[\]\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const PHONE_SEPARATORS = /[\s\-.()]/g;
const E164_PATTERN = /^\+[1-9]\d{7,14}$/;
const BOOLEAN_WORDS: Record<string, boolean> = {
  true: true,
  false: false,
  '1': true,
  '0': false,
  yes: true,
  no: false,
};

/** Milliseconds since the epoch for a UTC wall clock; setUTCFullYear keeps years 0-99 literal. */
export function utcMillis(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  ms = 0,
): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  d.setUTCHours(hour, minute, second, ms);
  return d.getTime();
}

export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

export function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  return new Date(utcMillis(year, month + 1, 0)).getUTCDate();
}

function show(raw: unknown): string {
  return JSON.stringify(raw) ?? String(raw);
}

function describeJsonType(raw: unknown): string {
  if (Array.isArray(raw)) return 'a list';
  if (typeof raw === 'object') return 'an object';
  return `a ${typeof raw}`;
}

function fail(reason: string): ParseResult {
  return { ok: false, reason };
}

/**
 * Parses one incoming value into its stored form. `raw` is a CSV string or any JSON value from NDJSON.
 * Empty values (null, undefined, '') parse to null: whether null is allowed is the caller's decision
 * (see isColumnNullable). For non-string types, surrounding whitespace is ignored.
 */
export function parseCell(type: ColumnType, raw: unknown): ParseResult {
  if (raw === null || raw === undefined || raw === '') return { ok: true, value: null };
  if (typeof raw === 'object') return fail(`${show(raw)} is ${describeJsonType(raw)}, not a ${type} value`);
  if (type === 'string') {
    if (typeof raw === 'string') return { ok: true, value: raw };
    if (typeof raw === 'number' || typeof raw === 'boolean') return { ok: true, value: String(raw) };
    return fail(`${show(raw)} is not text`);
  }

  if (typeof raw === 'string' && raw.trim() === '') return { ok: true, value: null };
  switch (type) {
    case 'number':
      return parseNumber(raw);
    case 'boolean':
      return parseBoolean(raw);
    case 'date':
      return parseDate(raw);
    case 'datetime':
      return parseDatetime(raw);
    case 'email':
      return parseEmail(raw);
    case 'phone':
      return parsePhone(raw);
    case 'url':
      return parseUrl(raw);
    default:
      return fail(`unknown column type "${String(type)}"`);
  }
}

function parseNumber(raw: unknown): ParseResult {
  if (typeof raw === 'number') {
    return Number.isFinite(raw) ? { ok: true, value: raw } : fail(`${String(raw)} is not a finite number`);
  }
  if (typeof raw !== 'string') return fail(`${show(raw)} is not a number`);
  const text = raw.trim();
  if (NUMBER_PATTERN.test(text)) {
    const value = Number(text);
    if (Number.isFinite(value)) return { ok: true, value };
    return fail(`${show(raw)} is too large to be a number`);
  }
  // Thousands separators are ambiguous across locales ("1,234" vs "1.234"), so they are refused, never guessed.
  if (/^[+-]?\d{1,3}(?:[,' ]\d{3})+(?:\.\d+)?$/.test(text) || /^[+-]?\d+,\d+$/.test(text)) {
    return fail(`${show(raw)} is not a number (use a dot for decimals and no thousands separators)`);
  }
  return fail(`${show(raw)} is not a number`);
}

function parseBoolean(raw: unknown): ParseResult {
  if (typeof raw === 'boolean') return { ok: true, value: raw };
  if (typeof raw === 'number') {
    if (raw === 1 || raw === 0) return { ok: true, value: raw === 1 };
    return fail(`${show(raw)} is not a boolean (use true/false, yes/no or 1/0)`);
  }
  if (typeof raw !== 'string') return fail(`${show(raw)} is not a boolean`);
  const value = BOOLEAN_WORDS[raw.trim().toLowerCase()];
  if (value === undefined) return fail(`${show(raw)} is not a boolean (use true/false, yes/no or 1/0)`);
  return { ok: true, value };
}

function parseDate(raw: unknown): ParseResult {
  if (typeof raw !== 'string') return fail(`${show(raw)} is not a date (use YYYY-MM-DD)`);
  const text = raw.trim();
  const m = DATE_PATTERN.exec(text);
  if (!m) return fail(`${show(raw)} is not a date (use YYYY-MM-DD)`);
  if (!isValidCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    return fail(`${show(raw)} is not a valid calendar date`);
  }
  return { ok: true, value: text };
}

function parseDatetime(raw: unknown): ParseResult {
  const usage = 'use ISO 8601, e.g. 2024-03-31T14:05:00Z';
  if (typeof raw !== 'string') return fail(`${show(raw)} is not a date-time (${usage})`);
  const m = DATETIME_PATTERN.exec(raw.trim());
  if (!m) return fail(`${show(raw)} is not a date-time (${usage})`);
  const [year, month, day, hour, minute] = [m[1], m[2], m[3], m[4], m[5]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  if (!isValidCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59) {
    return fail(`${show(raw)} is not a valid date-time`);
  }
  // No zone designator: treated as UTC, so the same file means the same instants wherever it is loaded.
  let offsetMinutes = 0;
  if (m[9] !== undefined) {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) return fail(`${show(raw)} has an invalid UTC offset`);
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const instant = utcMillis(year, month, day, hour, minute, second, ms) - offsetMinutes * 60_000;
  const date = new Date(instant);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() < 0 || date.getUTCFullYear() > 9999) {
    return fail(`${show(raw)} is out of range`);
  }
  return { ok: true, value: date.toISOString() };
}

function parseEmail(raw: unknown): ParseResult {
  if (typeof raw !== 'string') return fail(`${show(raw)} is not an email address`);
  const text = raw.trim();
  const at = text.lastIndexOf('@');
  const local = text.slice(0, at);
  const valid =
    text.length <= 254 &&
    EMAIL_PATTERN.test(text) &&
    local.length <= 64 &&
    !local.startsWith('.') &&
    !local.endsWith('.') &&
    !local.includes('..');
  if (!valid) return fail(`${show(raw)} is not an email address`);
  // The domain is case-insensitive by definition; the local part is left alone because some servers honour case.
  return { ok: true, value: `${local}@${text.slice(at + 1).toLowerCase()}` };
}

function parsePhone(raw: unknown): ParseResult {
  const usage = 'use international format, e.g. +33612345678';
  if (typeof raw !== 'string') return fail(`${show(raw)} is not a phone number (${usage})`);
  const compact = raw.replace(PHONE_SEPARATORS, '');
  if (!E164_PATTERN.test(compact)) return fail(`${show(raw)} is not a phone number (${usage})`);
  return { ok: true, value: compact };
}

// `URL` is global in browsers and Node, but core compiles without DOM or Node typings, hence this view.
interface UrlLike {
  protocol: string;
  hostname: string;
}
const UrlConstructor = (globalThis as unknown as { URL: new (input: string) => UrlLike }).URL;

function parseUrl(raw: unknown): ParseResult {
  if (typeof raw !== 'string') return fail(`${show(raw)} is not a URL`);
  const text = raw.trim();
  let url: UrlLike;
  try {
    url = new UrlConstructor(text);
  } catch {
    return fail(`${show(raw)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return fail(`${show(raw)} is not an http(s) URL`);
  }
  if (url.hostname === '') return fail(`${show(raw)} is not a URL`);
  // Stored as given (trimmed) so users recognise their own values in previews and exports.
  return { ok: true, value: text };
}
