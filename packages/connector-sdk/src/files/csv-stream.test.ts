import { describe, expect, it } from 'vitest';
import { CsvEncoder } from './csv.js';
import {
  countCsvRecords,
  CsvRecordScanner,
  csvPartitions,
  parseCsvRecord,
  type CsvPiece,
} from './csv-stream.js';

const csv = new CsvEncoder();
const ROWS = Array.from({ length: 60 }, (_, i) =>
  csv.row([`k${i}`, i % 5 === 0 ? `line\r\nbreak, "${i}"` : `plain ${i}`, i * 1.5, i % 2 === 0]),
);
const HEADER = csv.row(['key', 'text', 'amount', 'flag']);

/** Files as a writer taking one row at a time cuts them: a new one when the next row would not fit. */
function rowByRow(rows: string[], maxBytes: number): string[][] {
  const files: string[][] = [];
  let current: string[] | undefined;
  let size = 0;
  for (const row of rows) {
    const bytes = Buffer.byteLength(row);
    if (current && current.length > 0 && size + bytes > maxBytes) current = undefined;
    if (!current) {
      current = [];
      files.push(current);
      size = Buffer.byteLength(HEADER);
    }
    current.push(row);
    size += bytes;
  }
  return files;
}

// eslint-disable-next-line @typescript-eslint/require-await -- chunks already in memory, as a stream
async function* chunksOf(rows: string[], perChunk: number) {
  for (let i = 0; i < rows.length; i += perChunk) {
    const part = rows.slice(i, i + perChunk);
    yield { bytes: Buffer.from(part.join('')), rows: part.length };
  }
}

/** Files from the pieces: a closing piece completes one. */
async function files(pieces: AsyncIterable<CsvPiece>): Promise<string[]> {
  const out: string[] = [];
  let current = '';
  let open = false;
  for await (const piece of pieces) {
    if (piece.rows > 0) {
      current += piece.bytes.toString();
      open = true;
    }
    expect(countCsvRecords(piece.bytes)).toBe(piece.rows);
    if (piece.closes) {
      out.push(current);
      current = '';
      open = false;
    }
  }
  if (open) out.push(current);
  return out;
}

describe('CSV byte streams', () => {
  it('finds record ends outside quotes, across pieces', () => {
    const text = Buffer.from('a,"x\r\ny"\r\nb,c\r\n"""",d\r\n');
    const scanner = new CsvRecordScanner();
    const ends: number[] = [];
    for (let at = scanner.next(text); at !== -1; at = scanner.next(text, at)) ends.push(at);
    expect(ends.map((end, i) => text.subarray(ends[i - 1] ?? 0, end).toString())).toEqual([
      'a,"x\r\ny"\r\n',
      'b,c\r\n',
      '"""",d\r\n',
    ]);

    const split = new CsvRecordScanner();
    expect(split.next(text.subarray(0, 4))).toBe(-1);
    expect(split.insideQuotes).toBe(true);
    expect(split.next(text.subarray(4))).toBe('\r\ny"\r\n'.length);
    expect(countCsvRecords(text)).toBe(3);
    expect(countCsvRecords(Buffer.from('a,b\r\nc,d\r\n'))).toBe(2);
  });

  it.each([
    { maxBytes: 1024, perChunk: 7 },
    { maxBytes: 1024, perChunk: 60 },
    { maxBytes: 200, perChunk: 1 },
    { maxBytes: 64, perChunk: 13 },
    { maxBytes: 10_000, perChunk: 9 },
  ])(
    'cuts files on the row boundaries a row-by-row writer would (max $maxBytes bytes, $perChunk rows a chunk)',
    async ({ maxBytes, perChunk }) => {
      const cut = await files(
        csvPartitions(chunksOf(ROWS, perChunk), { headerBytes: Buffer.byteLength(HEADER), maxBytes }),
      );
      expect(cut).toEqual(rowByRow(ROWS, maxBytes).map((rows) => rows.join('')));
    },
  );

  it('reads the fields of one record back', () => {
    const values = ['plain', 'a,b', 'say "hi"', 'two\r\nlines', '', '"'];
    expect(parseCsvRecord(csv.row(values).slice(0, -2))).toEqual(values);
    expect(parseCsvRecord('a;"b;c";', ';')).toEqual(['a', 'b;c', '']);
  });

  it('passes chunks that fit through untouched', async () => {
    const pieces: CsvPiece[] = [];
    for await (const piece of csvPartitions(chunksOf(ROWS, 10), { headerBytes: 10, maxBytes: 1 << 20 }))
      pieces.push(piece);
    expect(pieces.map((p) => [p.rows, p.closes])).toEqual(Array.from({ length: 6 }, () => [10, false]));
  });
});
