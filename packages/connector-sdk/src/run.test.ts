import { describe, expect, it } from 'vitest';
import { defineConnector, type BatchResult, type RecordBatch, type RejectedRecord } from './define.js';
import { ManifestSchema } from './manifest.js';
import { fingerprintValues } from './normalize.js';
import { prepareChange, runExport } from './run.js';

const connector = defineConnector({
  manifest: {
    id: 'list',
    name: 'List',
    category: 'email',
    description: 'Keeps what it is sent.',
    exportTypes: ['segment'],
    audienceKinds: [{ id: 'contact', label: 'Contacts', accepts: { individuals: ['profile'] }, fields: [{ key: 'email', label: 'Email', type: 'email', required: true, identifier: true, normalize: 'email' }] }],
    limits: { recordsPerRequest: 2 },
  },
  testConnection: () => Promise.resolve(),
  createExporter: () => ({
    async *exportItem(_item, batches: AsyncIterable<RecordBatch>): AsyncIterable<BatchResult> {
      for await (const batch of batches) yield { sequence: batch.sequence, accepted: batch.records.length, rejected: [] };
    },
  }),
});
const manifest = ManifestSchema.parse({ ...connector.manifest, version: '1.0.0', sdk: '*' });
const context = { settings: {}, secrets: {}, options: {}, signal: new AbortController().signal, logger: { info: () => {}, warn: () => {} }, exportId: 'e', exportName: 'E', runId: 'r', startedAt: new Date() };
const item = { kind: 'segment' as const, id: 's', name: 'Members', segmentType: 'profile' as const, memberCount: 5 };

describe('runExport', () => {
  it('reports records refused before sending, in order with the batches, and counts them in the outcome', async () => {
    const events: string[] = [];
    const refused: RejectedRecord[] = [];
    const records = ['a@x.io', 'nope', 'b@x.io', 'c@x.io', 'also bad'].map((email, i) => ({ key: `m${i}`, values: { email } }));
    const { items } = await runExport({
      connector,
      manifest,
      context,
      items: [{ item, records }],
      onBatch: ({ batch }) => void events.push(`batch ${batch.records.map((r) => r.key).join(',')}`),
      onRefused: (_item, report) => {
        refused.push(...report);
        events.push(`refused ${report.map((r) => r.key).join(',')}`);
      },
    });
    expect(events).toEqual(['refused m1', 'batch m0,m2', 'refused m4', 'batch m3']);
    expect(refused.map((r) => r.reason)).toEqual(['"nope" is not a valid email address', '"also bad" is not a valid email address']);
    expect(items[0]).toMatchObject({ accepted: 3, batches: 2 });
    expect(items[0]!.rejected.map((r) => r.key)).toEqual(['m1', 'm4']);
  });

  it('sends members the target does not hold as adds, changed ones as updates, and unchanged ones not at all', async () => {
    const fields = manifest.audienceKinds[0]!.fields;
    const sent = (email: string) => fingerprintValues({ email });
    const batches: RecordBatch[] = [];
    const records = [
      { key: 'new', values: { email: 'New@x.io' }, sent: null },
      // Normalised before comparing: the same address in other case and spacing is unchanged.
      { key: 'same', values: { email: ' Same@X.io ' }, sent: sent('same@x.io') },
      { key: 'moved', values: { email: 'moved@x.io' }, sent: sent('old@x.io') },
      { key: 'untracked', values: { email: 'u@x.io' } },
    ];
    const { items } = await runExport({ connector, manifest, context, items: [{ item, records }], onBatch: ({ batch }) => void batches.push(batch) });
    expect(batches.flatMap((b) => b.records)).toEqual([
      { key: 'new', values: { email: 'new@x.io' }, change: 'add' },
      { key: 'moved', values: { email: 'moved@x.io' }, change: 'update' },
      { key: 'untracked', values: { email: 'u@x.io' } },
    ]);
    expect(items[0]).toMatchObject({ accepted: 3, unchanged: 1 });
    expect(prepareChange(fields, records[1]!, true)).toEqual({ outcome: 'send', record: { key: 'same', values: { email: 'same@x.io' }, change: 'update' } });
    expect(prepareChange(fields, { key: 'bad', values: { email: 'nope' }, sent: null })).toMatchObject({ outcome: 'rejected', rejected: { key: 'bad', field: 'email' } });
  });

  it('prepares removals from their identity fields alone', async () => {
    const withName = ManifestSchema.parse({
      ...connector.manifest,
      version: '1.0.0',
      sdk: '*',
      audienceKinds: [{ ...connector.manifest.audienceKinds[0], fields: [...connector.manifest.audienceKinds[0].fields, { key: 'name', label: 'Name', type: 'string', required: true }] }],
    });
    const batches: RecordBatch[] = [];
    await runExport({ connector, manifest: withName, context, items: [{ item, records: [], removals: [{ key: 'gone', values: { email: 'Gone@x.io' } }] }], onBatch: ({ batch }) => void batches.push(batch) });
    expect(batches).toEqual([{ sequence: 0, operation: 'remove', records: [{ key: 'gone', values: { email: 'gone@x.io' } }] }]);
  });
});

describe('runExport item notes', () => {
  const noting = (describeItem: (item: { name: string }, summary: { accepted: number; rejected: number }) => Promise<string | undefined>) =>
    defineConnector({
      ...connector,
      createExporter: () => ({
        async *exportItem(_item, batches: AsyncIterable<RecordBatch>): AsyncIterable<BatchResult> {
          for await (const batch of batches) yield { sequence: batch.sequence, accepted: batch.records.length, rejected: [] };
        },
        describeItem,
      }),
    });
  const records = ['a@x.io', 'bad', 'b@x.io'].map((email, i) => ({ key: `m${i}`, values: { email } }));

  it("keeps the connector's note on each item, told what was accepted and rejected", async () => {
    const seen: unknown[] = [];
    const { items } = await runExport({
      connector: noting((item, summary) => {
        seen.push({ name: item.name, accepted: summary.accepted, rejected: summary.rejected });
        return Promise.resolve(`  Target list 7: ${summary.accepted} held  `);
      }),
      manifest,
      context,
      items: [{ item, records }],
    });
    expect(seen).toEqual([{ name: 'Members', accepted: 2, rejected: 1 }]);
    expect(items[0]!.note).toBe('Target list 7: 2 held');
  });

  it('leaves the note out when the connector has none, and never fails an export over it', async () => {
    const warnings: string[] = [];
    const quiet = { ...context, logger: { info: () => {}, warn: (m: string) => void warnings.push(m) } };
    const none = await runExport({ connector: noting(() => Promise.resolve(undefined)), manifest, context, items: [{ item, records }] });
    expect(none.items[0]).not.toHaveProperty('note');
    const broken = await runExport({
      connector: noting(() => Promise.reject(new Error('status endpoint down'))),
      manifest,
      context: quiet,
      items: [{ item, records }],
    });
    expect(broken.items[0]).toMatchObject({ accepted: 2 });
    expect(broken.items[0]).not.toHaveProperty('note');
    expect(warnings).toEqual(['List could not describe "Members" after sending it: status endpoint down']);
  });
});

describe('runExport, per operation and when cancelled', () => {
  it('sizes upsert and remove batches by the limits of each', async () => {
    const sized = ManifestSchema.parse({ ...connector.manifest, version: '1.0.0', sdk: '*', capabilities: { removeMembers: true }, limits: { recordsPerRequest: 3, operations: { remove: { recordsPerRequest: 2 } } } });
    const batches: RecordBatch[] = [];
    const members = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, values: { email: `${prefix}${i}@x.io` } }));
    await runExport({ connector, manifest: sized, context, items: [{ item, records: members(7, 'a'), removals: members(5, 'r') }], onBatch: ({ batch }) => void batches.push(batch) });
    expect(batches.map((b) => `${b.operation} ${b.records.length}`)).toEqual(['upsert 3', 'upsert 3', 'upsert 1', 'remove 2', 'remove 2', 'remove 1']);
  });

  it('takes no further results once cancelled, and closes the connector stream', async () => {
    let closed = false;
    let produced = 0;
    const eager = defineConnector({
      ...connector,
      createExporter: () => ({
        async *exportItem(_item, batches: AsyncIterable<RecordBatch>): AsyncIterable<BatchResult> {
          // A connector that read every batch first: only the host can stop it.
          const all: RecordBatch[] = [];
          for await (const batch of batches) all.push(batch);
          try {
            for (const batch of all) {
              produced++;
              yield { sequence: batch.sequence, accepted: batch.records.length, rejected: [] };
            }
          } finally {
            closed = true;
          }
        },
      }),
    });
    const controller = new AbortController();
    const records = Array.from({ length: 10 }, (_, i) => ({ key: `m${i}`, values: { email: `m${i}@x.io` } }));
    const run = runExport({ connector: eager, manifest, context: { ...context, signal: controller.signal }, items: [{ item, records }], onBatch: () => controller.abort(new Error('Cancelled')) });
    await expect(run).rejects.toThrow('Cancelled');
    expect(produced).toBe(1);
    expect(closed).toBe(true);
  });
});

describe('runExport on the byte path', () => {
  const table = { kind: 'table' as const, id: 't', name: 'Rows', keyColumn: 'id', columns: [{ name: 'id', type: 'string' as const }], rowCount: 3 };
  const source = (closed: string[]) => ({
    header: Buffer.from('id\r\n'),
    // eslint-disable-next-line @typescript-eslint/require-await -- chunks already in memory, as a stream
    chunks: (async function* () {
      yield { bytes: Buffer.from('a\r\nb\r\n'), rows: 2 };
      yield { bytes: Buffer.from('c\r\n'), rows: 1 };
    })(),
    wholeNumbers: () => Promise.resolve({}),
    close: () => {
      closed.push('closed');
      return Promise.resolve();
    },
  });
  const fileTarget = (report: (rows: number) => number) =>
    defineConnector({
      ...connector,
      createExporter: () => ({
        exportItem: () => {
          throw new Error('the row path is not taken');
        },
        csv: {
          dialect: {},
          async *exportTable(_item, csv) {
            let rows = 0;
            for await (const chunk of csv.chunks) {
              rows += chunk.rows;
              yield { rows: report(rows), checkpoint: { rows: report(rows), state: { files: rows } } };
            }
          },
        },
      }),
    });

  it('hands the bytes to an exporter that takes them, passes on its progress, and closes the source', async () => {
    const progress: unknown[] = [];
    const closed: string[] = [];
    const { items } = await runExport({
      connector: fileTarget((rows) => rows),
      manifest,
      context,
      items: [{ item: table, records: [], csv: () => source(closed) }],
      onCsvProgress: ({ rows, checkpoint }) => void progress.push([rows, checkpoint?.rows]),
    });
    expect(items[0]).toMatchObject({ accepted: 3 });
    expect(progress).toEqual([
      [2, 2],
      [3, 3],
    ]);
    expect(closed).toEqual(['closed']);
  });

  it('fails an item whose exporter does not account for every row', async () => {
    const closed: string[] = [];
    await expect(
      runExport({ connector: fileTarget((rows) => Math.min(rows, 2)), manifest, context, items: [{ item: table, records: [], csv: () => source(closed) }] }),
    ).rejects.toThrow('List wrote 2 of the 3 rows of Rows.');
    expect(closed).toEqual(['closed']);
  });
});
