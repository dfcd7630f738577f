import { idSuffix, runExport, type SourceRecord } from '@outport/connector-sdk';
import connector from '../src/index.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportContext, exportItem, failureOf, manifest, parseCsv, partOf, startTestServer, tableItem, type TestServer } from './helpers.js';

// Values that break naive CSV writers: delimiters of every kind, quotes, line breaks, unicode.
const TRICKY = ['plain', 'semi;colon', 'comma, here', 'say "hi"', 'two\nlines', 'crlf\r\nline', 'tab\there', 'pipe|bar', 'ünïcödé 日本語 🎉', '', ' padded '];

function tableRow(i: number): SourceRecord {
  const key = `row-${i}`;
  return { key, values: { id: key, note: `${TRICKY[i % TRICKY.length]!} #${i}`, score: i % 7 === 0 ? null : i / 8, active: i % 2 === 0 } };
}

describe('exporting files', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.setQuota(undefined);
    server.setReadOnlyPaths([]);
  });

  it('writes a 50,000-row table as one gzipped CSV with ; that reads back row for row, and leaves no .part file', async () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => tableRow(i));
    const context = exportContext(server, { gzip: true, delimiter: ';', fileNamePrefix: 'acme_' });
    const result = await exportItem(context, tableItem('Orders', rows.length), rows);
    expect(result.items[0]).toMatchObject({ accepted: 50_000, rejected: [], batches: 5 });

    expect(server.files()).toEqual(['acme_Orders_202503140926.csv.gz']);
    const parsed = parseCsv(server.read('acme_Orders_202503140926.csv.gz'), ';');
    expect(parsed[0]).toEqual(['id', 'note', 'score', 'active']);
    expect(parsed).toHaveLength(50_001);
    rows.forEach((row, i) => {
      const { id, note, score, active } = row.values;
      expect(parsed[i + 1]).toEqual([id, note, score === null ? '' : String(score), String(active)]);
    });
  });

  it('streams into a .part file while the export runs, renaming it only at the end', async () => {
    const seenWhileRunning: string[] = [];
    function* rows(): Generator<SourceRecord> {
      for (let i = 0; i < 30_000; i++) {
        if (i === 25_000) seenWhileRunning.push(...server.files().filter((f) => f.startsWith('Streamed')));
        yield tableRow(i);
      }
    }
    await exportItem(exportContext(server), tableItem('Streamed', 30_000), rows());
    expect(seenWhileRunning).toEqual([partOf('Streamed_202503140926.csv')]);
    expect(server.files().filter((f) => f.startsWith('Streamed'))).toEqual(['Streamed_202503140926.csv']);
  });

  it('acknowledges the last batch only once the file is in place', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => tableRow(i));
    const visibleAtAck: string[][] = [];
    await runExport({
      connector,
      manifest,
      context: exportContext(server),
      items: [{ item: tableItem('Acked', rows.length), records: rows }],
      onBatch: () => {
        visibleAtAck.push(server.files().filter((f) => f.startsWith('Acked')));
      },
    });
    expect(visibleAtAck).toEqual([[partOf('Acked_202503140926.csv')], [partOf('Acked_202503140926.csv')], ['Acked_202503140926.csv']]);
  });

  it('quotes values per RFC 4180 with the chosen delimiter, and writes plain CSV without gzip', async () => {
    const rows = TRICKY.map((_, i) => tableRow(i));
    for (const delimiter of [',', '\t', '|']) {
      const result = await exportItem(exportContext(server, { delimiter, folder: '/' }), tableItem(`T${delimiter.charCodeAt(0)}`, rows.length), rows);
      expect(result.items[0]!.accepted).toBe(rows.length);
      const text = server.read(`T${delimiter.charCodeAt(0)}_202503140926.csv`);
      expect(text).toContain(`"say ""hi"" #3"`);
      expect(parseCsv(text, delimiter).slice(1).map((r) => r[1])).toEqual(rows.map((r) => r.values.note));
    }
  });

  it('writes a segment with every member field as a column, leaving unmapped ones empty', async () => {
    const members: SourceRecord[] = [
      { key: 'c-1', values: { key: 'c-1', email: ' Ada@Example.com ', firstName: 'Ada', lastName: 'Lovelace', phone: '+44 20 7946 0001' } },
      { key: 'c-2', values: { key: 'c-2', email: 'grace@example.com' } },
    ];
    const item = { kind: 'segment' as const, id: 's1', name: 'VIP / EU', segmentType: 'contact' as const, memberCount: 2 };
    const result = await exportItem(exportContext(server, {}, { audienceKind: 'members' }), item, members);
    expect(result.items[0]).toMatchObject({ accepted: 2, rejected: [] });
    expect(parseCsv(server.read(`VIP _ EU_${idSuffix('s1')}_202503140926.csv`), ',')).toEqual([
      ['key', 'email', 'firstName', 'lastName', 'phone'],
      ['c-1', 'ada@example.com', 'Ada', 'Lovelace', '+442079460001'],
      ['c-2', 'grace@example.com', '', '', ''],
    ]);
  });

  it('replaces the file when the same item is exported again within the minute', async () => {
    const item = tableItem('Again', 3);
    await exportItem(exportContext(server), item, [tableRow(1), tableRow(2), tableRow(3)]);
    await exportItem(exportContext(server), item, [tableRow(4)]);
    expect(server.files().filter((f) => f.startsWith('Again'))).toEqual(['Again_202503140926.csv']);
    expect(parseCsv(server.read('Again_202503140926.csv'), ',')).toHaveLength(2);
  });

  it('stops with a clear error when the disk fills up, and removes the partial file', async () => {
    server.setQuota(server.usedBytes() + 64 * 1024);
    const rows = Array.from({ length: 20_000 }, (_, i) => tableRow(i));
    const before = server.files();
    const error = await failureOf(exportItem(exportContext(server, { folder: '/' }), tableItem('Huge', rows.length), rows));
    expect(error).toMatchObject({ kind: 'permanent' });
    expect(error.message).toBe(`The SFTP server ran out of space while writing /${partOf('Huge_202503140926.csv')} (No space left on device).`);
    expect(server.files()).toEqual(before);
  });

  it('reports a read-only folder as a permission problem naming the file', async () => {
    server.setReadOnlyPaths(['/']);
    const error = await failureOf(exportItem(exportContext(server), tableItem('Locked', 1), [tableRow(1)]));
    expect(error).toMatchObject({ kind: 'permanent' });
    expect(error.message).toBe(`The SFTP server denied permission to create /${partOf('Locked_202503140926.csv')}.`);
  });

  it('reports a missing folder by name', async () => {
    const error = await failureOf(exportItem(exportContext(server, { folder: '/outbox/daily' }), tableItem('Nowhere', 1), [tableRow(1)]));
    expect(error).toMatchObject({ kind: 'permanent' });
    expect(error.message).toContain('The folder /outbox/daily does not exist on the SFTP server');
  });

  it('treats a connection dropped mid-upload as worth retrying', async () => {
    function* rowsThenDrop(): Generator<SourceRecord> {
      for (let i = 0; i < 30_000; i++) {
        if (i === 15_000) server.dropConnections();
        yield tableRow(i);
      }
    }
    const error = await failureOf(exportItem(exportContext(server), tableItem('Dropped', 30_000), rowsThenDrop()));
    expect(error).toMatchObject({ kind: 'retryable' });
  });
});
