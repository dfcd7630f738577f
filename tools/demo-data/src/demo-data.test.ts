import type { ColumnDefinition, RuleNode } from '@outport/core';
import { describe, expect, it } from 'vitest';
import { DEMO_USERS, demoEnvironments, type DemoEnvironment, type DemoRow, type DemoTable, type DemoValue } from './index.js';

// The package compiles without Node or DOM typings (it is pure); tests only need URL.
const { URL } = globalThis as unknown as { URL: new (input: string) => { protocol: string; hostname: string } };

const FULL = demoEnvironments();
const SMALL = demoEnvironments({ scale: 0.02 });

function env(envs: DemoEnvironment[], slug: string): DemoEnvironment {
  const found = envs.find((e) => e.slug === slug);
  if (!found) throw new Error(`no environment ${slug}`);
  return found;
}

function table(environment: DemoEnvironment, name: string): DemoTable {
  const found = environment.tables.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
}

/** Tiny local type check: is `value` a valid cell for `column`? Returns a reason, or null when fine. */
function problemWith(column: ColumnDefinition, value: DemoValue | undefined): string | null {
  if (value === undefined) return 'missing';
  if (value === null) return column.nullable === true ? null : 'null in a non-nullable column';
  switch (column.type) {
    case 'string':
      return typeof value === 'string' && value.trim() !== '' ? null : 'not a non-empty string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'not a finite number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'not a boolean';
    case 'date': {
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return 'not YYYY-MM-DD';
      return new Date(`${value}T00:00:00Z`).toISOString().startsWith(value) ? null : 'not a calendar date';
    }
    case 'datetime':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/.test(value) && !Number.isNaN(Date.parse(value))
        ? null
        : 'not an ISO datetime with Z';
    case 'email':
      return typeof value === 'string' && /^[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(value) ? null : 'not an e-mail';
    case 'phone':
      return typeof value === 'string' && /^\+[1-9]\d{7,14}$/.test(value) ? null : 'not E.164';
    case 'url':
      try {
        return typeof value === 'string' && new URL(value).protocol === 'https:' ? null : 'not an https URL';
      } catch {
        return 'not a URL';
      }
    default:
      return `unknown type ${String(column.type)}`;
  }
}

function fields(rule: RuleNode): string[] {
  return rule.kind === 'group' ? rule.rules.flatMap(fields) : [rule.field];
}

/** Order-sensitive digest of every row of a table. */
function digest(t: DemoTable): string {
  let h = 0x811c9dc5;
  let n = 0;
  for (const row of t.rows()) {
    const text = JSON.stringify(row);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    n++;
  }
  return `${n}:${(h >>> 0).toString(16)}`;
}

describe('demo environments', () => {
  it('has a consumer and an industrial environment with the expected tables', () => {
    expect(FULL.map((e) => [e.slug, e.name, e.kind])).toEqual([
      ['consumer-brand', 'Northwind Outfitters', 'individuals'],
      ['industrial-supplier', 'Contoso Industrial', 'business'],
    ]);
    expect(env(FULL, 'consumer-brand').tables.map((t) => t.name)).toEqual(['Customer', 'Store']);
    expect(env(FULL, 'industrial-supplier').tables.map((t) => t.name)).toEqual(['Account', 'Contact']);
  });

  it('has the documented row counts at scale 1', () => {
    const counts = FULL.flatMap((e) => e.tables.map((t) => [t.name, t.rowCount]));
    expect(Object.fromEntries(counts)).toEqual({ Customer: 50_000, Store: 40, Account: 5_000, Contact: 25_000 });
    for (const t of FULL.flatMap((e) => e.tables)) {
      let n = 0;
      for (const _row of t.rows()) n++;
      expect(n, t.name).toBe(t.rowCount);
    }
  });

  it('scales row counts', () => {
    const counts = SMALL.flatMap((e) => e.tables.map((t) => [t.name, t.rowCount]));
    expect(Object.fromEntries(counts)).toEqual({ Customer: 1_000, Store: 1, Account: 100, Contact: 500 });
    expect(() => demoEnvironments({ scale: 0 })).toThrow(RangeError);
  });

  it('declares valid table schemas: key column first, non-nullable, string', () => {
    for (const t of FULL.flatMap((e) => e.tables)) {
      const key = t.columns[0];
      expect(key?.name, t.name).toBe(t.keyColumn);
      expect(key?.type).toBe('string');
      expect(key?.nullable).toBe(false);
      expect(new Set(t.columns.map((c) => c.name.toLowerCase())).size).toBe(t.columns.length);
    }
  });

  it('generates rows lazily (rows() is an iterable, not an array)', () => {
    for (const t of FULL.flatMap((e) => e.tables)) {
      const rows = t.rows();
      expect(Array.isArray(rows)).toBe(false);
      expect(typeof rows[Symbol.iterator]).toBe('function');
    }
  });

  it('has unique keys, exactly the declared columns, and values that parse for their column type', () => {
    for (const t of FULL.flatMap((e) => e.tables)) {
      const keys = new Set<DemoValue>();
      const nulls = new Map<string, number>();
      const columnNames = t.columns.map((c) => c.name).sort();
      let checkedShape = false;
      for (const row of t.rows()) {
        if (!checkedShape) {
          expect(Object.keys(row).sort(), t.name).toEqual(columnNames);
          checkedShape = true;
        }
        keys.add(row[t.keyColumn] ?? null);
        for (const column of t.columns) {
          const value = row[column.name];
          const problem = problemWith(column, value);
          if (problem) throw new Error(`${t.name}.${column.name} = ${JSON.stringify(value)}: ${problem}`);
          if (value === null) nulls.set(column.name, (nulls.get(column.name) ?? 0) + 1);
        }
      }
      expect(keys.size, `${t.name} keys`).toBe(t.rowCount);
      // Nullable columns really contain some nulls, and not too many.
      for (const column of t.columns.filter((c) => c.nullable === true)) {
        const share = (nulls.get(column.name) ?? 0) / t.rowCount;
        expect(share, `${t.name}.${column.name} null share`).toBeGreaterThan(0.03);
        expect(share, `${t.name}.${column.name} null share`).toBeLessThan(0.35);
      }
    }
  });

  it('generates realistic customers', () => {
    const customers = table(env(FULL, 'consumer-brand'), 'Customer');
    const emails = new Set<string>();
    const tiers = new Map<string, number>();
    const countries = new Map<string, number>();
    let optIn = 0;
    let phoneNull = 0;
    let purchaseNull = 0;
    let first: DemoRow | undefined;
    for (const row of customers.rows()) {
      first ??= row;
      emails.add(row.email as string);
      tiers.set(row.loyaltyTier as string, (tiers.get(row.loyaltyTier as string) ?? 0) + 1);
      countries.set(row.country as string, (countries.get(row.country as string) ?? 0) + 1);
      if (row.emailOptIn === true) optIn++;
      if (row.phone === null) phoneNull++;
      if (row.lastPurchaseAt === null) purchaseNull++;
      expect(Number.isInteger(row.ordersCount)).toBe(true);
      expect(Math.round((row.lifetimeValue as number) * 100) / 100).toBe(row.lifetimeValue);
      expect(row.signupDate as string >= '2020-11-01' && (row.signupDate as string) < '2026-11-01').toBe(true);
      if (row.lastPurchaseAt !== null) {
        expect((row.lastPurchaseAt as string).slice(0, 10) >= (row.signupDate as string)).toBe(true);
        expect(row.lastPurchaseAt as string < '2026-11-01').toBe(true);
      }
    }
    expect(first?.customerId).toBe('C000001');
    expect(emails.size).toBe(customers.rowCount);
    expect(optIn / customers.rowCount).toBeCloseTo(0.7, 1);
    expect(phoneNull / customers.rowCount).toBeCloseTo(0.1, 1);
    expect(purchaseNull / customers.rowCount).toBeCloseTo(0.08, 1);
    const tierCount = (t: string) => tiers.get(t) ?? 0;
    expect(tierCount('bronze')).toBeGreaterThan(tierCount('silver'));
    expect(tierCount('silver')).toBeGreaterThan(tierCount('gold'));
    expect(tierCount('gold')).toBeGreaterThan(tierCount('platinum'));
    expect([...countries.keys()].sort()).toEqual(['CA', 'DE', 'ES', 'FR', 'GB', 'IT', 'NL', 'US']);
  });

  it('links every contact to an existing account, 1 to 12 contacts per account, e-mails at the account domain', () => {
    const industrial = env(FULL, 'industrial-supplier');
    const domains = new Map<string, string>();
    for (const account of table(industrial, 'Account').rows()) {
      domains.set(account.accountId as string, account.domain as string);
      expect(account.website).toBe(`https://www.${String(account.domain)}`);
    }
    expect(new Set(domains.values()).size).toBe(domains.size);

    const perAccount = new Map<string, number>();
    const emails = new Set<string>();
    for (const contact of table(industrial, 'Contact').rows()) {
      const accountId = contact.accountId as string;
      const domain = domains.get(accountId);
      expect(domain, `account ${accountId} of ${String(contact.contactId)}`).toBeDefined();
      expect((contact.email as string).endsWith(`@${String(domain)}`)).toBe(true);
      emails.add(contact.email as string);
      perAccount.set(accountId, (perAccount.get(accountId) ?? 0) + 1);
    }
    expect(emails.size).toBe(25_000);
    expect(perAccount.size).toBe(domains.size);
    const counts = [...perAccount.values()];
    expect(Math.min(...counts)).toBe(1);
    expect(Math.max(...counts)).toBe(12);
    expect(counts.reduce((a, b) => a + b, 0) / counts.length).toBe(5);
  });

  it('is deterministic: same seed → same rows, on every iteration; another seed → other rows', () => {
    const again = demoEnvironments({ scale: 0.02 });
    const other = demoEnvironments({ scale: 0.02, seed: 7 });
    for (const [i, e] of SMALL.entries()) {
      for (const [j, t] of e.tables.entries()) {
        const first = digest(t);
        expect(digest(t), `${t.name} second iteration`).toBe(first);
        expect(digest(again[i]!.tables[j]!), `${t.name} new call`).toBe(first);
        if (t.rowCount > 10) expect(digest(other[i]!.tables[j]!), `${t.name} other seed`).not.toBe(first);
      }
    }
    // A full-size table too (the e-mail de-duplication state must be per iteration).
    const customers = table(env(FULL, 'consumer-brand'), 'Customer');
    expect(digest(customers)).toBe(digest(table(env(demoEnvironments(), 'consumer-brand'), 'Customer')));
  });

  it('uses dates relative to the fixed reference date, never the clock', () => {
    for (const t of FULL.flatMap((e) => e.tables)) {
      const dateColumns = t.columns.filter((c) => c.type === 'date' || c.type === 'datetime');
      let n = 0;
      for (const row of t.rows()) {
        for (const c of dateColumns) {
          const v = row[c.name];
          if (typeof v === 'string') expect(v < '2026-11-01', `${t.name}.${c.name} = ${v}`).toBe(true);
        }
        if (++n === 2000) break;
      }
    }
  });

  it('defines segments whose rule fields exist on the base table (or account.* for contacts)', () => {
    for (const e of FULL) {
      const bases = new Set(e.segments.map((s) => s.baseTable));
      expect(bases.size).toBeGreaterThan(0);
      for (const segment of e.segments) {
        const base = table(e, segment.baseTable);
        const accountColumns = new Set(e.tables.find((t) => t.name === 'Account')?.columns.map((c) => c.name) ?? []);
        for (const field of fields(segment.rule)) {
          if (field.startsWith('account.')) {
            expect(segment.baseTable, `${segment.name}: ${field}`).toBe('Contact');
            expect(accountColumns.has(field.slice('account.'.length)), `${segment.name}: ${field}`).toBe(true);
          } else {
            expect(base.columns.some((c) => c.name === field), `${segment.name}: ${field}`).toBe(true);
          }
        }
        expect(segment.description.length).toBeGreaterThan(10);
      }
    }
    const consumer = env(FULL, 'consumer-brand').segments;
    const industrial = env(FULL, 'industrial-supplier').segments;
    expect(consumer.filter((s) => s.baseTable === 'Customer').length).toBeGreaterThanOrEqual(4);
    expect(industrial.filter((s) => s.baseTable === 'Account').length).toBeGreaterThanOrEqual(2);
    expect(industrial.filter((s) => s.baseTable === 'Contact').length).toBeGreaterThanOrEqual(3);
    expect(industrial.some((s) => fields(s.rule).includes('account.tier'))).toBe(true);
    expect(industrial.some((s) => fields(s.rule).includes('account.industry'))).toBe(true);
  });

  it('returns fresh segment objects (callers may mutate them)', () => {
    const a = demoEnvironments({ scale: 0.02 });
    const b = demoEnvironments({ scale: 0.02 });
    expect(a[0]!.segments[0]).not.toBe(b[0]!.segments[0]);
    expect(a[0]!.segments).toEqual(b[0]!.segments);
  });
});

describe('DEMO_USERS', () => {
  it('has one user per role with readable passwords', () => {
    expect(DEMO_USERS.map((u) => [u.email, u.role, u.password])).toEqual([
      ['admin@outport.demo', 'admin', 'demo-admin-2026'],
      ['contributor@outport.demo', 'contributor', 'demo-contributor-2026'],
      ['viewer@outport.demo', 'viewer', 'demo-viewer-2026'],
    ]);
    for (const user of DEMO_USERS) expect(user.name.length).toBeGreaterThan(0);
  });
});
