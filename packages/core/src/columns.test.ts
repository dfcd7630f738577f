import { describe, it, expect } from 'vitest';
import { isColumnNullable, parseCell, validateTableDefinition, type TableDefinition } from './columns.js';

const customer: TableDefinition = {
  name: 'Customer',
  keyColumn: 'customerId',
  columns: [
    { name: 'customerId', type: 'string' },
    { name: 'email', type: 'email' },
    { name: 'lifetimeValue', type: 'number', nullable: false },
  ],
};

describe('validateTableDefinition', () => {
  it('accepts a well-formed table', () => {
    expect(validateTableDefinition(customer)).toEqual([]);
  });

  it('rejects names that are not identifiers', () => {
    const problems = validateTableDefinition({
      name: '2024 orders',
      keyColumn: 'id',
      columns: [
        { name: 'id', type: 'number' },
        { name: 'first-name', type: 'string' },
        { name: 'a'.repeat(64), type: 'string' },
      ],
    });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toContain('Table name "2024 orders" is invalid');
    expect(problems[1]).toContain('Column name "first-name" is invalid');
  });

  it('treats column names differing only by case as duplicates', () => {
    const problems = validateTableDefinition({
      ...customer,
      columns: [...customer.columns, { name: 'Email', type: 'string' }],
    });
    expect(problems).toEqual(['Column "Email" duplicates column "email" (names are not case-sensitive).']);
  });

  it('requires an existing, non-nullable string or number key column', () => {
    expect(validateTableDefinition({ ...customer, keyColumn: 'id' })).toEqual([
      'Key column "id" is not one of the table\'s columns.',
    ]);
    expect(
      validateTableDefinition({
        name: 'T',
        keyColumn: 'k',
        columns: [{ name: 'k', type: 'date', nullable: true }],
      }),
    ).toEqual([
      'Key column "k" cannot be nullable.',
      'Key column "k" must be of type string or number, not date.',
    ]);
  });

  it('requires between 1 and 200 columns', () => {
    expect(validateTableDefinition({ name: 'T', keyColumn: 'k', columns: [] })).toContain(
      'A table needs at least one column.',
    );
    const many = Array.from({ length: 201 }, (_, i) => ({ name: `c${i}`, type: 'string' as const }));
    expect(validateTableDefinition({ name: 'T', keyColumn: 'c0', columns: many })).toEqual([
      'A table can have at most 200 columns (this one has 201).',
    ]);
  });

  it('treats the key column as required and other columns as nullable by default', () => {
    const [key, email, ltv] = customer.columns;
    expect(isColumnNullable(customer, key!)).toBe(false);
    expect(isColumnNullable(customer, email!)).toBe(true);
    expect(isColumnNullable(customer, ltv!)).toBe(false);
  });
});

describe('parseCell', () => {
  it('turns empty values into null for every type, leaving nullability to the caller', () => {
    for (const type of ['string', 'number', 'date', 'email'] as const) {
      expect(parseCell(type, '')).toEqual({ ok: true, value: null });
      expect(parseCell(type, null)).toEqual({ ok: true, value: null });
      expect(parseCell(type, undefined)).toEqual({ ok: true, value: null });
    }
    expect(parseCell('number', '   ')).toEqual({ ok: true, value: null });
  });

  it('keeps strings exactly as given and stringifies JSON scalars', () => {
    expect(parseCell('string', '  Zoë ')).toEqual({ ok: true, value: '  Zoë ' });
    expect(parseCell('string', 42)).toEqual({ ok: true, value: '42' });
    expect(parseCell('string', { a: 1 })).toEqual({
      ok: false,
      reason: '{"a":1} is an object, not a string value',
    });
  });

  it('parses decimal numbers from CSV text and JSON numbers', () => {
    expect(parseCell('number', '1234.5')).toEqual({ ok: true, value: 1234.5 });
    expect(parseCell('number', ' -0.25 ')).toEqual({ ok: true, value: -0.25 });
    expect(parseCell('number', '1e3')).toEqual({ ok: true, value: 1000 });
    expect(parseCell('number', 7)).toEqual({ ok: true, value: 7 });
  });

  it('refuses numbers with thousands separators or words, with a readable reason', () => {
    expect(parseCell('number', 'abc')).toEqual({ ok: false, reason: '"abc" is not a number' });
    expect(parseCell('number', '1,234')).toEqual({
      ok: false,
      reason: '"1,234" is not a number (use a dot for decimals and no thousands separators)',
    });
    expect(parseCell('number', '12,5').ok).toBe(false);
    expect(parseCell('number', 'Infinity').ok).toBe(false);
    expect(parseCell('number', true).ok).toBe(false);
  });

  it('reads booleans written as true/false, yes/no or 1/0 in any case', () => {
    expect(parseCell('boolean', 'TRUE')).toEqual({ ok: true, value: true });
    expect(parseCell('boolean', 'No')).toEqual({ ok: true, value: false });
    expect(parseCell('boolean', '1')).toEqual({ ok: true, value: true });
    expect(parseCell('boolean', 0)).toEqual({ ok: true, value: false });
    expect(parseCell('boolean', false)).toEqual({ ok: true, value: false });
    expect(parseCell('boolean', 'maybe').ok).toBe(false);
  });

  it('accepts real calendar dates only', () => {
    expect(parseCell('date', '2024-02-29')).toEqual({ ok: true, value: '2024-02-29' });
    expect(parseCell('date', '2023-02-29')).toEqual({
      ok: false,
      reason: '"2023-02-29" is not a valid calendar date',
    });
    expect(parseCell('date', '29/02/2024').ok).toBe(false);
    expect(parseCell('date', '2024-2-9').ok).toBe(false);
  });

  it('normalises date-times to UTC, treating a missing zone as UTC', () => {
    expect(parseCell('datetime', '2024-03-31T14:05:00Z')).toEqual({
      ok: true,
      value: '2024-03-31T14:05:00.000Z',
    });
    expect(parseCell('datetime', '2024-03-31T14:05:00+02:00')).toEqual({
      ok: true,
      value: '2024-03-31T12:05:00.000Z',
    });
    expect(parseCell('datetime', '2024-12-31T23:30-0130')).toEqual({
      ok: true,
      value: '2025-01-01T01:00:00.000Z',
    });
    expect(parseCell('datetime', '2024-03-31 14:05')).toEqual({
      ok: true,
      value: '2024-03-31T14:05:00.000Z',
    });
    expect(parseCell('datetime', '2024-03-31T14:05:00.123456Z')).toEqual({
      ok: true,
      value: '2024-03-31T14:05:00.123Z',
    });
  });

  it('refuses date-times without a time or with impossible fields', () => {
    expect(parseCell('datetime', '2024-03-31').ok).toBe(false);
    expect(parseCell('datetime', '2024-03-31T24:00:00Z').ok).toBe(false);
    expect(parseCell('datetime', '2024-04-31T10:00:00Z').ok).toBe(false);
    expect(parseCell('datetime', 1711893900000).ok).toBe(false);
  });

  it('trims email addresses and lower-cases only the domain', () => {
    expect(parseCell('email', '  Jane.Doe@Example.COM ')).toEqual({
      ok: true,
      value: 'Jane.Doe@example.com',
    });
    expect(parseCell('email', 'a+tag@sub.example.co.uk')).toEqual({
      ok: true,
      value: 'a+tag@sub.example.co.uk',
    });
    for (const bad of [
      'jane',
      'jane@',
      'jane@localhost',
      'ja ne@example.com',
      'a@b@example.com',
      '.a@example.com',
      'a..b@example.com',
    ]) {
      expect(parseCell('email', bad)).toEqual({
        ok: false,
        reason: `${JSON.stringify(bad)} is not an email address`,
      });
    }
  });

  it('normalises phone numbers to E.164', () => {
    expect(parseCell('phone', '+33 6 12 34 56 78')).toEqual({ ok: true, value: '+33612345678' });
    expect(parseCell('phone', '+1 (415) 555-0100')).toEqual({ ok: true, value: '+14155550100' });
    expect(parseCell('phone', '+44.20.7946.0958')).toEqual({ ok: true, value: '+442079460958' });
    expect(parseCell('phone', '06 12 34 56 78')).toEqual({
      ok: false,
      reason: '"06 12 34 56 78" is not a phone number (use international format, e.g. +33612345678)',
    });
    expect(parseCell('phone', '+1234567').ok).toBe(false);
    expect(parseCell('phone', '+1234567890123456').ok).toBe(false);
  });

  it('accepts http and https URLs only', () => {
    expect(parseCell('url', ' https://example.com/a?b=1 ')).toEqual({
      ok: true,
      value: 'https://example.com/a?b=1',
    });
    expect(parseCell('url', 'http://localhost:8080')).toEqual({ ok: true, value: 'http://localhost:8080' });
    expect(parseCell('url', 'ftp://example.com')).toEqual({
      ok: false,
      reason: '"ftp://example.com" is not an http(s) URL',
    });
    expect(parseCell('url', 'example.com').ok).toBe(false);
  });
});
