import {
  CsvEncoder,
  runExport,
  type ColumnDefinition,
  type ConnectorDefinition,
  type CsvChunk,
  type CsvCheckpoint,
  type ExportItem,
  type SourceRecord,
} from '@outport/connector-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import connector from '../src/index.js';
import { checkModelJson } from '../src/sandbox/index.js';
import { ENVIRONMENT_FOLDER, exportContext, manifest, targets, type Target } from './support.js';

/**
 * The byte path (`Exporter.csv`): rows handed over as CSV bytes give the same files as the same rows
 * handed over as records, on every destination; a resumed table continues after its last partition.
 */

const MAX_PARTITION_BYTES = 1024;
// One run: a resumed attempt writes into the same folder as the first.
const STARTED = new Date('2024-03-31T14:05:09Z');
const columns: ColumnDefinition[] = [
  { name: 'id', type: 'string', nullable: false },
  { name: 'name', type: 'string' },
  { name: 'score', type: 'number' },
  { name: 'active', type: 'boolean' },
];
const records: SourceRecord[] = Array.from({ length: 400 }, (_, i) => {
  const id = `R${String(i).padStart(5, '0')}`;
  return {
    key: id,
    values: {
      id,
      name: i % 9 === 0 ? `=two\r\nlines, "quoted" ${i}` : `Name ${i}`,
      score: i % 4 === 0 ? i : i / 3,
      active: i % 2 === 0,
    },
  };
});
const item: ExportItem = {
  kind: 'table',
  id: 't-bytes',
  name: 'Bytes',
  keyColumn: 'id',
  columns,
  rowCount: records.length,
};

/** The connector without its byte path: records encoded one by one. */
const rowPathOnly: ConnectorDefinition = {
  ...connector,
  createExporter(ctx) {
    const exporter = connector.createExporter(ctx);
    return {
      exportItem: (i, batches) => exporter.exportItem(i, batches),
      finalize: (summary) => exporter.finalize(summary),
    };
  },
};

/** The rows as the host's byte path produces them, in chunks of whole rows, from row `from`. */
function csvSource(escapeFormulas: boolean, from = 0, resume?: CsvCheckpoint) {
  const encoder = new CsvEncoder({ escapeFormulas });
  return {
    header: Buffer.from(encoder.row(columns.map((c) => c.name))),
    ...(resume ? { resume } : {}),
    // eslint-disable-next-line @typescript-eslint/require-await -- chunks already in memory, as a stream
    chunks: (async function* (): AsyncGenerator<CsvChunk> {
      const rows = records.slice(from);
      for (let i = 0; i < rows.length; i += 37) {
        const part = rows.slice(i, i + 37);
        yield {
          bytes: Buffer.from(part.map((r) => encoder.row(columns.map((c) => r.values[c.name]))).join('')),
          rows: part.length,
        };
      }
    })(),
    wholeNumbers: () => Promise.resolve({ score: false }),
  };
}

describe.each(targets)('the byte path to $name', (target: Target) => {
  let env: Awaited<ReturnType<Target['setup']>>;
  beforeAll(async () => (env = await target.setup()));
  afterAll(() => env?.close());

  /** The CSV files under one export's folder, by path below it. */
  async function csvFiles(exportName: string): Promise<Map<string, string>> {
    const prefix = `${ENVIRONMENT_FOLDER}/${exportName}/`;
    const paths = (await env.reader.files()).filter((f) => f.startsWith(prefix) && f.endsWith('.csv'));
    return new Map(
      await Promise.all(paths.map(async (p) => [p.slice(prefix.length), await env.reader.read(p)] as const)),
    );
  }

  const context = (exportName: string, escapeFormulas: boolean) =>
    exportContext(env.settings, env.secrets, {
      exportName,
      exportId: exportName,
      startedAt: STARTED,
      options: { maxPartitionBytes: MAX_PARTITION_BYTES, escapeFormulas },
    });

  it.each([false, true])(
    'writes the files the row path writes (formulas escaped: %s), reporting rows and a checkpoint per partition',
    async (escapeFormulas) => {
      await runExport({
        connector: rowPathOnly,
        manifest,
        context: context(`Rows ${escapeFormulas}`, escapeFormulas),
        items: [{ item, records }],
      });
      const progress: { rows: number; checkpoint?: CsvCheckpoint }[] = [];
      const result = await runExport({
        connector,
        manifest,
        context: context(`Bytes ${escapeFormulas}`, escapeFormulas),
        items: [{ item, records: [], csv: (dialect) => csvSource(dialect.escapeFormulas === true) }],
        onCsvProgress: ({ rows, checkpoint }) =>
          void progress.push({ rows, ...(checkpoint ? { checkpoint } : {}) }),
      });
      expect(result.items[0]!.accepted).toBe(records.length);
      const expected = await csvFiles(`Rows ${escapeFormulas}`);
      const written = await csvFiles(`Bytes ${escapeFormulas}`);
      expect(expected.size).toBeGreaterThan(5);
      expect([...written.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [path, text] of expected) expect(written.get(path), path).toBe(text);
      // One checkpoint per partition but the last (completed with the item), rows never going back.
      expect(progress.filter((p) => p.checkpoint)).toHaveLength(expected.size - 1);
      expect(progress.map((p) => p.rows)).toEqual([...progress.map((p) => p.rows)].sort((a, b) => a - b));
      expect(progress.at(-1)!.rows).toBe(records.length);
    },
  );

  it('continues a resumed table after its last complete partition', async () => {
    const checkpoints: CsvCheckpoint[] = [];
    const whole = await runExport({
      connector,
      manifest,
      context: context('Whole', false),
      items: [{ item, records: [], csv: () => csvSource(false) }],
      onCsvProgress: ({ checkpoint }) => void (checkpoint && checkpoints.push(checkpoint)),
    });
    expect(whole.items[0]!.accepted).toBe(records.length);
    const at = checkpoints[2]!;
    // The same run (same folder) resumed from its third checkpoint: JSON-stored, as a host keeps it.
    const resume = JSON.parse(JSON.stringify(at)) as CsvCheckpoint;
    const before = await csvFiles('Whole');
    const resumed = await runExport({
      connector,
      manifest,
      context: context('Whole', false),
      items: [{ item, records: [], csv: () => csvSource(false, resume.rows, resume) }],
    });
    expect(resumed.items[0]!.accepted).toBe(records.length - resume.rows);
    const after = await csvFiles('Whole');
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    expect(after).toEqual(before);
    const model = JSON.parse(await env.reader.read(`${ENVIRONMENT_FOLDER}/Whole/model.json`));
    expect(await checkModelJson(model)).toEqual([]);
    expect(model.entities[0].partitions).toHaveLength(before.size);
  });
});
