import type { CsvChunk } from '../define.js';

/**
 * Plumbing for CSV as a byte stream (the byte path of data-out exports): finding where records end
 * and cutting whole-record chunks into size-bounded files, without decoding a row into values.
 * A record ends at a line feed outside quotes; every quote toggles "inside quotes" (a doubled quote
 * inside a quoted field toggles twice), which is all RFC 4180 needs.
 */

const QUOTE = 0x22;
const LF = 0x0a;

/** Finds record ends in CSV bytes that arrive in pieces: whether a quote is open carries over. */
export class CsvRecordScanner {
  private quoted = false;

  /** True between pieces when the last piece ended inside a quoted field. */
  get insideQuotes(): boolean {
    return this.quoted;
  }

  /** The index just after the next record end at or after `from`, or -1 when `bytes` ends first. */
  next(bytes: Uint8Array, from = 0): number {
    let quoted = this.quoted;
    for (let i = from; i < bytes.length; i++) {
      const c = bytes[i];
      if (c === QUOTE) quoted = !quoted;
      else if (c === LF && !quoted) {
        this.quoted = false;
        return i + 1;
      }
    }
    this.quoted = quoted;
    return -1;
  }
}

/** How many records end in `bytes` (which start at a record boundary). */
export function countCsvRecords(bytes: Uint8Array): number {
  // Without a quote, every line feed ends a record: counted natively rather than byte by byte.
  if (
    !(
      bytes instanceof Buffer ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    ).includes(QUOTE)
  ) {
    let count = 0;
    for (let at = bytes.indexOf(LF); at !== -1; at = bytes.indexOf(LF, at + 1)) count++;
    return count;
  }
  const scanner = new CsvRecordScanner();
  let count = 0;
  for (let at = scanner.next(bytes); at !== -1; at = scanner.next(bytes, at)) count++;
  return count;
}

/** Part of a file's rows: `closes` says the file is complete after it (the next piece starts a new one). */
export interface CsvPiece extends CsvChunk {
  closes: boolean;
}

/**
 * Cuts whole-record chunks into files of at most `maxBytes` (the header included), on record
 * boundaries, exactly as a writer taking one row at a time would: a file takes the next row while it
 * fits, and a row larger than the bound gets a file of its own rather than being refused. Chunks that
 * fit whole pass through untouched; only the chunk that crosses a bound is scanned for its records.
 * The last file is left open (no closing piece): the caller completes it when the chunks end.
 */
export async function* csvPartitions(
  chunks: AsyncIterable<CsvChunk>,
  options: { headerBytes: number; maxBytes: number },
): AsyncGenerator<CsvPiece> {
  const { headerBytes, maxBytes } = options;
  let used = headerBytes;
  let rowsInFile = 0;
  for await (const chunk of chunks) {
    const { bytes } = chunk;
    let offset = 0;
    let rowsLeft = chunk.rows;
    while (rowsLeft > 0) {
      if (used + (bytes.length - offset) <= maxBytes) {
        yield { bytes: offset === 0 ? bytes : bytes.subarray(offset), rows: rowsLeft, closes: false };
        used += bytes.length - offset;
        rowsInFile += rowsLeft;
        break;
      }
      // This chunk crosses the bound: take its rows one at a time up to the bound.
      const scanner = new CsvRecordScanner();
      let end = offset;
      let taken = 0;
      while (taken < rowsLeft) {
        const next = scanner.next(bytes, end);
        const rowBytes = (next === -1 ? bytes.length : next) - end;
        if (rowsInFile + taken > 0 && used + rowBytes > maxBytes) break;
        used += rowBytes;
        taken++;
        end = next === -1 ? bytes.length : next;
      }
      const closes = taken < rowsLeft;
      if (taken > 0 || closes) yield { bytes: bytes.subarray(offset, end), rows: taken, closes };
      rowsLeft -= taken;
      offset = end;
      if (closes) {
        used = headerBytes;
        rowsInFile = 0;
      } else rowsInFile += taken;
    }
  }
}

/** The fields of one CSV record (its line end left off), quotes undone. For the odd record, not for bulk reading. */
export function parseCsvRecord(record: string, delimiter = ','): string[] {
  const fields: string[] = [];
  let at = 0;
  for (;;) {
    if (record[at] === '"') {
      let value = '';
      let from = at + 1;
      for (;;) {
        const quote = record.indexOf('"', from);
        if (quote === -1) throw new Error('A quoted CSV field is not closed.');
        value += record.slice(from, quote);
        if (record[quote + 1] === '"') {
          value += '"';
          from = quote + 2;
        } else {
          at = quote + 1;
          break;
        }
      }
      fields.push(value);
    } else {
      const end = record.indexOf(delimiter, at);
      fields.push(record.slice(at, end === -1 ? record.length : end));
      at = end === -1 ? record.length : end;
    }
    if (at >= record.length) return fields;
    at += delimiter.length;
  }
}
