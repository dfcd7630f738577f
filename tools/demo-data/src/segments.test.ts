import {
  evaluateRule,
  normalizeRule,
  segmentTypeForTable,
  validateRule,
  validateTableDefinition,
  type RuleScope,
} from '@outport/core';
import { describe, expect, it } from 'vitest';
import { demoEnvironments, type DemoEnvironment, type DemoRow, type DemoTable } from './index.js';

// The package compiles without Node or DOM typings (it is pure); the test only prints.
const { console } = globalThis as unknown as { console: { log(...args: unknown[]): void; table(data: unknown): void } };

/** The deliberately small segment (to show min-member limits); every other one has more than 300 members. */
const SMALL_SEGMENTS = new Set(['Gold members in Berlin']);

function table(environment: DemoEnvironment, name: string): DemoTable | undefined {
  return environment.tables.find((t) => t.name === name);
}

function scopeFor(environment: DemoEnvironment, baseTable: string): RuleScope {
  const base = table(environment, baseTable);
  if (!base) throw new Error(`no table ${baseTable}`);
  const account = baseTable === 'Contact' ? table(environment, 'Account') : undefined;
  return account ? { columns: base.columns, accountColumns: account.columns } : { columns: base.columns };
}

/** In-memory member counts of every segment, with the core reference evaluator. */
function segmentSizes(environment: DemoEnvironment): Map<string, number> {
  const accounts = new Map<string, DemoRow>();
  for (const row of table(environment, 'Account')?.rows() ?? []) accounts.set(row.accountId as string, row);

  const sizes = new Map<string, number>();
  for (const t of environment.tables) {
    const segments = environment.segments
      .filter((s) => s.baseTable === t.name)
      .map((s) => ({ name: s.name, rule: normalizeRule(s.rule, scopeFor(environment, t.name)) }));
    if (segments.length === 0) continue;
    for (const s of segments) sizes.set(s.name, 0);
    for (const row of t.rows()) {
      const account = t.name === 'Contact' ? accounts.get(row.accountId as string) : undefined;
      if (t.name === 'Contact' && !account) throw new Error(`contact ${String(row.contactId)} has no account`);
      for (const s of segments) {
        if (evaluateRule(s.rule, row, account)) sizes.set(s.name, (sizes.get(s.name) ?? 0) + 1);
      }
    }
  }
  return sizes;
}

describe('demo segments', () => {
  const environments = demoEnvironments();

  it('come with table definitions that core accepts', () => {
    for (const e of environments) {
      for (const t of e.tables) expect(validateTableDefinition(t), `${e.slug}/${t.name}`).toEqual([]);
    }
  });

  it('are based on a table that gives a segment type in their environment kind', () => {
    for (const e of environments) {
      for (const segment of e.segments) {
        expect(segmentTypeForTable(e.kind, segment.baseTable), segment.name).not.toBeNull();
      }
    }
  });

  it('have rules that are valid for their base table', () => {
    for (const e of environments) {
      for (const segment of e.segments) {
        expect(validateRule(segment.rule, scopeFor(e, segment.baseTable)), segment.name).toEqual([]);
      }
    }
  });

  it('have their intended sizes at scale 1 (small one 50-299, others above 300)', () => {
    const report: { environment: string; segment: string; baseTable: string; members: number }[] = [];
    for (const e of environments) {
      const sizes = segmentSizes(e);
      for (const segment of e.segments) {
        const members = sizes.get(segment.name) ?? 0;
        report.push({ environment: e.slug, segment: segment.name, baseTable: segment.baseTable, members });
        const baseRows = table(e, segment.baseTable)?.rowCount ?? 0;
        if (SMALL_SEGMENTS.has(segment.name)) {
          expect(members, segment.name).toBeGreaterThanOrEqual(50);
          expect(members, segment.name).toBeLessThanOrEqual(299);
        } else {
          expect(members, segment.name).toBeGreaterThan(300);
          expect(members, segment.name).toBeLessThan(baseRows);
        }
      }
    }
    console.log('Demo segment sizes at scale 1 (default seed):');
    console.table(report);
    expect(report.filter((r) => SMALL_SEGMENTS.has(r.segment))).toHaveLength(SMALL_SEGMENTS.size);
  });

  it('are non-empty at test scale too (0.02), so fast tests exercise real members', () => {
    for (const e of demoEnvironments({ scale: 0.02 })) {
      const sizes = segmentSizes(e);
      for (const segment of e.segments) {
        if (SMALL_SEGMENTS.has(segment.name)) continue;
        expect(sizes.get(segment.name), segment.name).toBeGreaterThan(0);
      }
    }
  });
});
