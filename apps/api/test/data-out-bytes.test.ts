import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import dataLake from '@outport/connector-data-lake';
import { checkModelJson } from '@outport/connector-data-lake/sandbox';
import { runExport, type ConnectorDefinition, type CsvTableSource } from '@outport/connector-sdk';
import { DEMO_USERS } from '@outport/demo-data';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataTable, Environment, Export, Run } from '../src/database/entities/index.js';
import { ConnectorRegistry } from '../src/connectors/connector-registry.js';
import { RecordReader } from '../src/runs/record-reader.js';
import { databaseTargets, Session, startApi, waitForRun, type TestApi } from './harness.js';

/**
 * Issue 13's byte path: a data-out run to a data-lake folder writes CSV the database encoded, and the
 * files are byte for byte those the row path (records encoded by the SDK's CsvEncoder) writes for
 * the same rows: same partitions, cut on the same row boundaries, same bytes. A run whose database
 * connection drops mid-table continues after its last complete partition.
 */

const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
const ENV = '/environments/consumer-brand';
const PARTITION_BYTES = 16 * 1024;

const TRICKY = [
  {
    id: 'a01',
    name: 'plain',
    email: 'a@example.com',
    amount: 1.5,
    active: true,
    day: '2024-02-29',
    at: '2026-03-29T00:30:00.000Z',
  },
  {
    id: 'a02',
    name: 'comma, "quotes" and \\backslash\\',
    email: '=cmd@example.com',
    amount: -0.1,
    active: false,
    day: '1999-12-31',
    at: '2026-10-25T23:59:59.123Z',
  },
  {
    id: 'a03',
    name: 'line\nbreak\r\nand\ttab',
    email: null,
    amount: 1e21,
    active: null,
    day: null,
    at: null,
  },
  {
    id: 'a04',
    name: '=HYPERLINK("http://x","y")',
    email: '+1@example.com',
    amount: 0,
    active: true,
    day: '2026-01-01',
    at: '2026-01-01T12:00:00.000Z',
  },
  {
    id: 'a05',
    name: '+33 6 12 34 56 78',
    email: '-minus@example.com',
    amount: 1e-7,
    active: false,
    day: '2026-07-04',
    at: '2026-07-04T09:15:00.001Z',
  },
  {
    id: 'a06',
    name: '-5',
    email: '@at@example.com',
    amount: -123456.789,
    active: true,
    day: '2026-12-31',
    at: '2026-12-31T23:00:00.999Z',
  },
  {
    id: 'a07',
    name: '@mention',
    email: null,
    amount: 1e15,
    active: true,
    day: '0999-01-01',
    at: '1970-01-01T00:00:00.000Z',
  },
  {
    id: 'a08',
    name: 'ünïcødé ✓ 日本語 \\N 🎉',
    email: null,
    amount: 9007199254740994,
    active: false,
    day: '2026-02-28',
    at: '2026-02-28T23:59:59.999Z',
  },
  {
    id: 'a09',
    name: '\ttab first',
    email: null,
    amount: 0.30000000000000004,
    active: null,
    day: '2026-03-01',
    at: '2000-02-29T12:34:56.789Z',
  },
  {
    id: 'a10',
    name: '"',
    email: null,
    amount: -1e-5,
    active: true,
    day: '2026-03-02',
    at: '2026-03-02T00:00:00.000Z',
  },
  { id: 'a11', name: ',', email: null, amount: 123e-20, active: true, day: null, at: null },
  { id: 'a12', name: null, email: null, amount: null, active: null, day: null, at: null },
  // Empty text, and the number forms PostgreSQL writes with an exponent.
  { id: 'a13', name: '', email: '', amount: 1e-5, active: false, day: '2026-03-03', at: '2026-03-03T00:00:00.010Z' },
  { id: 'a14', name: ' ', email: '', amount: 1e15, active: true, day: '2026-03-04', at: '2026-03-04T10:00:00.100Z' },
  { id: 'a15', name: 'x', email: '', amount: -1.7976931348623157e308, active: true, day: '2026-03-05', at: '9999-12-31T23:59:59.999Z' },
];

/** Tricky rows, then plain ones (some with quotes and line breaks) to fill many partitions. */
function records(filler: number) {
  // Whole numbers only, large and negative among them: model.json declares the column int64.
  const rows: Record<string, unknown>[] = TRICKY.map((r, i) => ({ ...r, visits: [0, -3, 9007199254740991, null][i % 4] }));
  for (let i = 0; i < filler; i++) {
    rows.push({
      id: `b${String(i).padStart(6, '0')}`,
      name: i % 7 === 0 ? `Name "${i}",\nline two` : `Name ${i}`,
      email: `user${i}@example.com`,
      amount: (i % 1000) * 1.25,
      visits: i % 50,
      active: i % 3 !== 0,
      day: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      at: new Date(Date.UTC(2026, 0, 1) + i * 61_001).toISOString(),
    });
  }
  return rows;
}

/** Every file under `root`, by path relative to it. */
function tree(root: string): Map<string, Buffer> {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
    );
  return new Map(walk(root).map((file) => [relative(root, file), readFileSync(file)]));
}

/** The data-lake connector without its byte path: what every run wrote before it. */
const rowPathOnly: ConnectorDefinition = {
  ...dataLake,
  createExporter(ctx) {
    const exporter = dataLake.createExporter(ctx);
    return {
      exportItem: (item, batches) => exporter.exportItem(item, batches),
      finalize: (summary) => exporter.finalize(summary),
    };
  },
};

describe.each(databaseTargets())('data-out through the byte path on $name', (target) => {
  let api: TestApi;
  let s: Session;
  const ROWS = records(2_500);

  beforeAll(async () => {
    api = await startApi(target);
    await api.loadDemo(0.002);
    s = new Session(api.url);
    await s.login(admin.email, admin.password);
    const created = await s.post(`${ENV}/tables`, {
      name: 'Tricky',
      keyColumn: 'id',
      columns: [
        { name: 'id', type: 'string' },
        { name: 'name', type: 'string' },
        { name: 'email', type: 'string' },
        { name: 'amount', type: 'number' },
        { name: 'visits', type: 'number' },
        { name: 'active', type: 'boolean' },
        { name: 'day', type: 'date' },
        { name: 'at', type: 'datetime' },
      ],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const loaded = await s.post(
      `${ENV}/tables/Tricky/records`,
      ROWS.map((r) => JSON.stringify(r)).join('\n'),
      'application/x-ndjson',
    );
    expect(loaded.body).toMatchObject({ accepted: ROWS.length, rejected: 0 });
  });
  afterAll(async () => api?.close());

  /** A data-out export of Tricky to `folder` (under the export root), run to its end through the API. */
  async function runThroughApi(folder: string, options: Record<string, unknown>) {
    mkdirSync(join(api.config.localExportRoot, folder), { recursive: true });
    const connection = await s.post(`${ENV}/connections`, {
      name: `Lake ${folder}`,
      connectorId: 'data-lake',
      settings: { destination: 'local', rootPath: folder },
      secrets: {},
    });
    expect(connection.status, JSON.stringify(connection.body)).toBe(201);
    const exp = await s.post(`${ENV}/exports`, {
      name: `Tricky to ${folder}`,
      type: 'data-out',
      connectionId: connection.body.id,
      tableIds: ['Tricky'],
      options,
    });
    expect(exp.status, JSON.stringify(exp.body)).toBe(201);
    const started = await s.post(`${ENV}/exports/${exp.body.id}/run`, {});
    return { exportId: exp.body.id as string, run: await waitForRun(s, ENV, started.body.id) };
  }

  /** The same export's files as the row path writes them, under `folder`: same run, same names. */
  async function rowPathFiles(folder: string, exportId: string, runId: string): Promise<Map<string, Buffer>> {
    mkdirSync(join(api.config.localExportRoot, folder), { recursive: true });
    await api.db.run(async () => {
      const em = api.db.em;
      const exp = await em.findOneOrFail(Export, { id: exportId });
      const run = await em.findOneOrFail(Run, { id: runId });
      const environment = await em.findOneOrFail(Environment, { slug: 'consumer-brand' });
      const table = await em.findOneOrFail(DataTable, { name: 'Tricky', environment: environment.id });
      const item = {
        kind: 'table' as const,
        id: table.id,
        name: table.name,
        keyColumn: table.keyColumn,
        columns: table.columns,
        rowCount: table.recordCount,
      };
      await runExport({
        connector: rowPathOnly,
        manifest: api.app.get(ConnectorRegistry).get('data-lake')!.manifest,
        context: {
          settings: { destination: 'local', rootPath: folder },
          secrets: {},
          options: exp.options as Record<string, string>,
          signal: new AbortController().signal,
          logger: { info: () => undefined, warn: () => undefined },
          environmentId: run.environment,
          exportId: exp.id,
          exportName: exp.name,
          runId: run.id,
          startedAt: run.startedAt!,
        },
        items: [{ item, records: api.app.get(RecordReader).tableRows(table) }],
      });
    });
    return tree(join(api.config.localExportRoot, folder));
  }

  /** Each attribute's data type in the model.json among `files`, which must pass Microsoft's schema. */
  const attributeTypes = async (files: Map<string, Buffer>) => {
    const model = JSON.parse([...files].find(([path]) => path.endsWith('model.json'))![1].toString('utf8'));
    expect(await checkModelJson(model)).toEqual([]);
    return Object.fromEntries(model.entities[0].attributes.map((a: { name: string; dataType: string }) => [a.name, a.dataType]));
  };

  /** CSV partitions only (model.json holds times and locations that differ between two writes). */
  const csvFiles = (files: Map<string, Buffer>) =>
    new Map([...files].filter(([path]) => path.endsWith('.csv')));

  it.each([
    { label: 'as it is', escapeFormulas: false },
    { label: 'with formulas escaped', escapeFormulas: true },
  ])(
    'writes the bytes the row path writes, $label, in partitions cut on row boundaries',
    async ({ escapeFormulas }) => {
      const folder = `bytes-${escapeFormulas}`;
      const { exportId, run } = await runThroughApi(folder, {
        maxPartitionBytes: PARTITION_BYTES,
        escapeFormulas,
      });
      expect(run.status, JSON.stringify(run.tasks)).toBe('succeeded');
      const table = run.tasks.find((t: { kind: string }) => t.kind === 'table');
      expect(table.counts).toMatchObject({ read: ROWS.length, sent: ROWS.length, accepted: ROWS.length });

      const writtenFiles = tree(join(api.config.localExportRoot, folder));
      const expectedFiles = await rowPathFiles(`rows-${escapeFormulas}`, exportId, run.id);
      // model.json declares each column as the row path does: whole numbers int64, others double.
      expect(await attributeTypes(writtenFiles)).toEqual(await attributeTypes(expectedFiles));
      expect(await attributeTypes(writtenFiles)).toMatchObject({ amount: 'double', visits: 'int64' });
      const written = csvFiles(writtenFiles);
      const expected = csvFiles(expectedFiles);
      expect(written.size).toBeGreaterThan(10);
      expect([...written.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [path, bytes] of expected)
        expect(written.get(path)!.toString('utf8'), path).toBe(bytes.toString('utf8'));

      // Each partition is whole CSV: its header, then whole rows, within the bound (one row may exceed it alone).
      const keys: string[] = [];
      for (const [path, bytes] of [...written].sort(
        ([a], [b]) => Number(/_(\d+)\.csv$/.exec(a)![1]) - Number(/_(\d+)\.csv$/.exec(b)![1]),
      )) {
        const rows = parse<Record<string, string>>(bytes, { columns: true });
        expect(rows.length, path).toBeGreaterThan(0);
        expect(bytes.length <= PARTITION_BYTES || rows.length === 1, path).toBe(true);
        keys.push(...rows.map((r) => r.id!));
      }
      expect(keys).toEqual(ROWS.map((r) => r.id));
      const tricky = parse<Record<string, string>>(
        [...written].find(([path]) => path.endsWith('_1.csv'))![1],
        { columns: true },
      ).slice(0, TRICKY.length);
      expect(tricky.map((r) => r.name)).toEqual(
        TRICKY.map((r) =>
          r.name === null ? '' : escapeFormulas && /^[=+\-@\t\r\n]/.test(r.name) ? `'${r.name}` : r.name,
        ),
      );
    },
  );

  it('continues after the last complete partition when the database connection drops mid-table', async () => {
    const reader = api.app.get(RecordReader);
    const original = reader.tableCsv.bind(reader);
    let dropped: { partitions: string[]; first: { mtimeMs: number; ino: number } } | undefined;
    const folder = 'resumed';
    const root = join(api.config.localExportRoot, folder);
    const partitions = () => [...tree(root).keys()].filter((p) => p.endsWith('.csv'));
    // The first attempt's source fails after its first chunk, as a COPY cut off by a lost connection does.
    reader.tableCsv = async (...args) => {
      const source = await original(...args);
      if (!source || dropped) return source;
      const chunks = source.chunks;
      return Object.assign(source, {
        chunks: (async function* () {
          let bytes = 0;
          for await (const chunk of chunks) {
            yield chunk;
            bytes += chunk.bytes.length;
            // Asked for the next chunk: the exporter has written (and checkpointed) what this one completed.
            if (bytes >= 3 * PARTITION_BYTES) {
              const first = partitions().find((p) => p.endsWith('_1.csv'))!;
              dropped = { partitions: partitions(), first: statSync(join(root, first)) };
              throw new Error('Connection terminated unexpectedly');
            }
          }
        })(),
      } satisfies Partial<CsvTableSource>);
    };
    try {
      const { exportId, run } = await runThroughApi(folder, { maxPartitionBytes: PARTITION_BYTES });
      expect(run.status, JSON.stringify(run)).toBe('succeeded');
      expect(dropped!.partitions.length).toBeGreaterThan(1);
      // The partitions complete before the drop were not written again.
      const first = partitions().find((p) => p.endsWith('_1.csv'))!;
      expect(statSync(join(root, first))).toMatchObject({
        mtimeMs: dropped!.first.mtimeMs,
        ino: dropped!.first.ino,
      });
      const table = run.tasks.find((t: { kind: string }) => t.kind === 'table');
      expect(table.counts).toMatchObject({ read: ROWS.length, sent: ROWS.length, accepted: ROWS.length });
      const written = csvFiles(tree(root));
      const expected = csvFiles(await rowPathFiles('resumed-rows', exportId, run.id));
      expect([...written.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [path, bytes] of expected)
        expect(written.get(path)!.toString('utf8'), path).toBe(bytes.toString('utf8'));
      const model = JSON.parse(
        [...tree(root)].find(([path]) => path.endsWith('model.json'))![1].toString('utf8'),
      );
      expect(await checkModelJson(model)).toEqual([]);
      expect(model.entities[0].partitions).toHaveLength(written.size);
      // Whole numbers before and after the checkpoint: still int64.
      expect(await attributeTypes(tree(root))).toMatchObject({ amount: 'double', visits: 'int64' });
    } finally {
      reader.tableCsv = original;
    }
  });
});
