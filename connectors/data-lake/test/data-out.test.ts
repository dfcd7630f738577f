import type { ExportItem, SourceRecord } from '@outport/connector-sdk';
import type { CellValue, ColumnDefinition } from '@outport/connector-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkModelJson } from '../src/sandbox/index.js';
import { ENVIRONMENT_FOLDER, exportContext, latestRowCount, parseCsv, runItems, targets, type Target } from './support.js';

const MAX_PARTITION_BYTES = 64 * 1024;
const STAMP = '2024/03/31/1405'; // startedAt 2024-03-31T14:05:09Z, in UTC
// <root>/Outport_<environment>/<export>: the export's folder.
const EXPORT = `${ENVIRONMENT_FOLDER}/Lake export`;

const customerColumns: ColumnDefinition[] = [
  { name: 'id', type: 'string', nullable: false },
  { name: 'email', type: 'email' },
  { name: 'name', type: 'string' },
  { name: 'score', type: 'number' },
  { name: 'active', type: 'boolean' },
  { name: 'joined', type: 'date' },
  { name: 'updated', type: 'datetime' },
];
const orderColumns: ColumnDefinition[] = [
  { name: 'orderId', type: 'number', nullable: false },
  { name: 'note', type: 'string' },
  { name: 'site', type: 'url' },
  { name: 'phone', type: 'phone' },
];

const TRICKY = ['Name, with comma', 'She said "hi"', 'two\nlines', 'crlf\r\nline', 'cr\ronly', 'Zoë 東京 🚀', '  padded  ', '"', ',', ''];

function customer(i: number): SourceRecord {
  const id = `C${String(i).padStart(6, '0')}`;
  return {
    key: id,
    values: {
      id,
      email: i % 50 === 0 ? null : `user${i}@example.com`,
      name: i % 7 === 0 ? `${TRICKY[i % TRICKY.length]!} ${i}` : `Customer ${i}`,
      score: i % 11 === 0 ? null : i / 8,
      active: i % 3 === 0,
      joined: `2023-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
      updated: new Date(Date.UTC(2024, 0, 1) + i * 61_000).toISOString(),
    },
  };
}

const orders: SourceRecord[] = TRICKY.map((note, i) => ({
  key: String(1000 + i),
  values: { orderId: 1000 + i, note: i === 9 ? null : note, site: 'https://shop.example.com/a?b=1,2', phone: '+33612345678' },
}));

const customers = Array.from({ length: 25_000 }, (_, i) => customer(i));
const customerItem: ExportItem = { kind: 'table', id: 't-customer', name: 'Customer', keyColumn: 'id', columns: customerColumns, rowCount: customers.length };
const orderItem: ExportItem = { kind: 'table', id: 't-orders', name: 'Orders', keyColumn: 'orderId', columns: orderColumns, rowCount: orders.length };

/** A value as it must read back from the CSV. */
function text(value: CellValue | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}
const expectedRows = (records: SourceRecord[], columns: ColumnDefinition[]) => records.map((r) => columns.map((c) => text(r.values[c.name])));

describe.each(targets)('a data-out export to $name', (target) => {
  let env: Awaited<ReturnType<Target['setup']>>;
  let model: any;

  beforeAll(async () => {
    env = await target.setup();
    const context = exportContext(env.settings, env.secrets, { options: { maxPartitionBytes: MAX_PARTITION_BYTES } });
    const result = await runItems(context, [
      { item: customerItem, records: customers },
      { item: orderItem, records: orders },
    ]);
    expect(result.items.map((i) => [i.accepted, i.rejected.length])).toEqual([
      [25_000, 0],
      [orders.length, 0],
    ]);
    model = JSON.parse(await env.reader.read(`${EXPORT}/model.json`));
  });
  afterAll(() => env?.close());

  it('lays the files out as Outport_<environment>/<export>/<table>/yyyy/MM/dd/HHmm/<table>_<n>.csv with model.json at the export level', async () => {
    const files = await env.reader.files();
    expect(files).toContain(`${EXPORT}/model.json`);
    for (const file of files.filter((f) => f !== `${EXPORT}/model.json`)) {
      expect(file).toMatch(new RegExp(`^${EXPORT}/(Customer|Orders)/${STAMP}/\\1_[1-9]\\d*\\.csv$`));
    }
    expect(files.filter((f) => f.startsWith(`${EXPORT}/Orders/`))).toEqual([`${EXPORT}/Orders/${STAMP}/Orders_1.csv`]);
  });

  it('splits a large table into partitions that respect maxPartitionBytes', async () => {
    const files = (await env.reader.files()).filter((f) => f.startsWith(`${EXPORT}/Customer/`));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const bytes = Buffer.byteLength(await env.reader.read(file), 'utf8');
      expect(bytes).toBeLessThanOrEqual(MAX_PARTITION_BYTES);
      // Full: one more row would not have fit (rows here are under 200 bytes).
      if (file !== files.at(-1) && !file.endsWith(`_${files.length}.csv`)) expect(bytes).toBeGreaterThan(MAX_PARTITION_BYTES - 200);
    }
  });

  it('writes every row exactly as sent, with a header per partition, RFC 4180 quoting and CRLF line ends', async () => {
    const partitions = model.entities.find((e: any) => e.name === 'Customer').partitions;
    const rows: string[][] = [];
    for (const partition of partitions) {
      const raw = await env.reader.read(env.reader.pathOf(partition.location));
      expect(raw.endsWith('\r\n')).toBe(true);
      expect(raw.startsWith('id,email,name,score,active,joined,updated\r\n')).toBe(true);
      const [header, ...data] = parseCsv(raw);
      expect(header).toEqual(customerColumns.map((c) => c.name));
      rows.push(...data);
    }
    expect(rows).toEqual(expectedRows(customers, customerColumns));

    const raw = await env.reader.read(`${EXPORT}/Orders/${STAMP}/Orders_1.csv`);
    expect(parseCsv(raw).slice(1)).toEqual(expectedRows(orders, orderColumns));
    expect(raw).toContain('"She said ""hi"""');
    expect(raw).toContain('"two\nlines"');
    expect(raw).toContain(',Zoë 東京 🚀,');
  });

  it('describes both entities in model.json with CDM types and their partitions', async () => {
    expect(model).toMatchObject({ name: 'Lake export', version: '1.0', application: 'Outport' });
    expect(model.entities.map((e: any) => e.name)).toEqual(['Customer', 'Orders']);
    const customerEntity = model.entities[0];
    expect(customerEntity.$type).toBe('LocalEntity');
    expect(customerEntity.attributes.map((a: any) => [a.name, a.dataType])).toEqual([
      ['id', 'string'],
      ['email', 'string'],
      ['name', 'string'],
      ['score', 'double'],
      ['active', 'boolean'],
      ['joined', 'date'],
      ['updated', 'dateTime'],
    ]);
    expect(customerEntity.attributes[1].annotations).toEqual([{ name: 'outport:columnType', value: 'email' }]);
    // Order ids are whole numbers, so int64; scores have fractions, so double.
    expect(model.entities[1].attributes.map((a: any) => a.dataType)).toEqual(['int64', 'string', 'string', 'string']);
    expect(await checkModelJson(model)).toEqual([]);

    const files = (await env.reader.files()).filter((f) => f.startsWith(`${EXPORT}/Customer/`));
    const listed = customerEntity.partitions.map((p: any) => env.reader.pathOf(p.location));
    expect([...listed].sort()).toEqual(files);
    customerEntity.partitions.forEach((p: any, i: number) => {
      expect(p.name).toBe(`Customer_${i + 1}`);
      expect(Date.parse(p.refreshTime)).not.toBeNaN();
      expect(p.fileFormatSettings).toMatchObject({ $type: 'CsvFormatSettings', columnHeaders: true, delimiter: ',' });
    });
  });

  it('replaces the output of an earlier run in the same minute, leaving no stale partitions', async () => {
    const context = exportContext(env.settings, env.secrets, { runId: 'run-2', options: { maxPartitionBytes: MAX_PARTITION_BYTES } });
    await runItems(context, [{ item: customerItem, records: customers.slice(0, 2_000) }]);
    expect(await latestRowCount(env.reader, EXPORT, customerItem)).toBe(2_000);
    const next = JSON.parse(await env.reader.read(`${EXPORT}/model.json`));
    expect(await checkModelJson(next)).toEqual([]);
    expect(next.entities.map((e: any) => e.name)).toEqual(['Customer']);
    const files = (await env.reader.files()).filter((f) => f.startsWith(`${EXPORT}/Customer/`));
    expect(files).toHaveLength(next.entities[0].partitions.length);
  });
});
