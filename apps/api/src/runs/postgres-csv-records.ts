import type { CsvChunk, CsvEncoder } from '@outport/connector-sdk';
import type { ColumnType } from '@outport/core';
import pg from 'pg';
import { fromDb } from '../records/sql-types.js';

/**
 * PostgreSQL's own CSV (COPY … FORMAT csv of the bare columns, under DateStyle ISO, time zone UTC
 * and extra_float_digits 1) turned into the bytes the SDK's CsvEncoder writes, in one pass over the
 * bytes and without a value per field. Most of a row is copied as it is; only what the two write
 * differently is rewritten:
 *
 * - records end in CRLF, not LF (a line feed inside a quoted field stays);
 * - empty text is an empty field, not `""` (the encoder writes null and empty text alike);
 * - booleans are `true`/`false`, not `t`/`f`;
 * - numbers are in plain decimal notation (`1e-05` and `1e+21` become `0.00001` and
 *   `1000000000000000000000`) and `-0` is `0`;
 * - datetimes are `YYYY-MM-DDTHH:MM:SS.mmmZ`, not `YYYY-MM-DD HH:MM:SS[.ffffff]+00`.
 *
 * Formatting these in SQL instead made the database do twice the work of a plain COPY; here it costs
 * a byte scan the chunking needed anyway. Along the way it notes which number columns hold only whole
 * numbers (for model.json's int64), so no second scan of the table is needed.
 */
export class PostgresCsvRecords {
  private readonly kinds: Kind[];
  private readonly delimiter: number;
  private readonly encoder: CsvEncoder;
  /** Per column: a number was seen, and one was not a safe whole number. */
  private readonly seen: boolean[];
  private readonly fractional: boolean[];

  constructor(
    private readonly types: readonly ColumnType[],
    encoder: CsvEncoder,
    /** Text columns whose SQL already writes empty text as null (formula escaping): left as they are. */
    options: { textFormattedInSql?: boolean } = {},
  ) {
    this.encoder = encoder;
    this.delimiter = encoder.delimiter.charCodeAt(0);
    this.kinds = types.map((type) => kindOf(type, options.textFormattedInSql === true));
    this.seen = types.map(() => false);
    this.fractional = types.map(() => false);
  }

  /** Chunks of whole records, rewritten, from COPY's output in pieces cut anywhere. */
  async *chunks(source: AsyncIterable<Buffer>): AsyncGenerator<CsvChunk> {
    // What is left of a piece after its last complete record: it starts on a record boundary.
    let rest: Buffer = Buffer.alloc(0);
    for await (const piece of source) {
      const size = rest.length + piece.length;
      // Rows grow by a few bytes (CR, true/false, a datetime's T and Z): a quarter more is rarely outgrown.
      const out = new Output(size + (size >> 2) + 64);
      let rows = 0;
      let bytes = piece;
      let from = 0;
      if (rest.length > 0) {
        // The record cut between two pieces is completed from the start of this one, without
        // copying the whole piece; a record longer than that start joins the whole piece.
        const head = Buffer.concat([rest, piece.subarray(0, HEAD_BYTES)]);
        const done = this.rewrite(head, 0, out);
        if (done.rows > 0) {
          rows = done.rows;
          from = done.end - rest.length;
        } else bytes = Buffer.concat([rest, piece]);
      }
      const done = this.rewrite(bytes, from, out);
      rows += done.rows;
      rest = bytes.subarray(done.end);
      if (rows > 0) yield { bytes: out.bytes(), rows };
    }
    if (rest.length > 0) throw new Error('The COPY output ended inside a record.');
  }

  /** Per column, so far: whether a number was seen, and whether every one was a safe whole number. */
  numbers(): { seen: boolean; whole: boolean }[] {
    return this.types.map((_, i) => ({ seen: this.seen[i]!, whole: !this.fractional[i]! }));
  }

  /**
   * The complete records of `bytes` from `from` (a record boundary), rewritten to `out`; `end` is
   * where the first incomplete one starts.
   */
  private rewrite(bytes: Buffer, from: number, out: Output): { end: number; rows: number } {
    const length = bytes.length;
    let end = from;
    let rows = 0;
    let i = from;
    while (i < length) {
      const outAtRecordStart = out.at;
      const next = this.record(bytes, i, out);
      if (next < 0) {
        // An incomplete record: the next piece completes it, and it is written then.
        out.at = outAtRecordStart;
        break;
      }
      i = end = next;
      rows++;
    }
    return { end, rows };
  }

  /** Writes the record starting at `i` to `out` and returns where the next one starts, or -1 if it is incomplete. */
  private record(bytes: Buffer, i: number, out: Output): number {
    const length = bytes.length;
    const delimiter = this.delimiter;
    const kinds = this.kinds;
    // Bytes not yet copied: everything from here that needs no rewrite is copied in one go.
    let span = i;
    for (let f = 0; ; f++) {
      const fieldStart = i;
      const quoted = bytes[i] === QUOTE;
      if (quoted) {
        i++;
        // To the closing quote (a doubled quote is a quote inside): a loop, as quoted fields are short.
        for (;;) {
          while (i < length && bytes[i] !== QUOTE) i++;
          if (i + 1 >= length) return -1;
          i++;
          if (bytes[i] !== QUOTE) break;
          i++;
        }
      } else {
        while (i < length && bytes[i] !== delimiter && bytes[i] !== LF) i++;
      }
      if (i >= length) return -1;
      const kind = kinds[f];
      if (kind !== undefined && kind !== Kind.AsIs && i > fieldStart && this.field(kind, f, bytes, fieldStart, i, quoted, out, span)) span = i;
      if (bytes[i] === LF) {
        out.copy(bytes, span, i);
        out.crlf();
        return i + 1;
      }
      i++;
    }
  }

  /**
   * Writes one non-empty field as the encoder would (after the pending bytes from `span`) and says
   * so, or leaves `out` alone when PostgreSQL's bytes already are what the encoder writes.
   */
  private field(kind: Kind, f: number, bytes: Buffer, start: number, end: number, quoted: boolean, out: Output, span: number): boolean {
    switch (kind) {
      case Kind.Text:
        // `""`: empty text, which the encoder writes as nothing.
        if (!quoted || end - start !== 2) return false;
        out.copy(bytes, span, start);
        return true;
      case Kind.Boolean:
        if (end - start !== 1) return false;
        out.copy(bytes, span, start);
        out.copy(bytes[start] === T ? TRUE : FALSE, 0, bytes[start] === T ? 4 : 5);
        return true;
      case Kind.Number: {
        const text = this.number(f, bytes, start, end, quoted);
        if (text === undefined) return false;
        out.copy(bytes, span, start);
        out.text(text);
        return true;
      }
      case Kind.Datetime:
        out.copy(bytes, span, start);
        datetime(bytes, start, end, quoted, out, this.encoder);
        return true;
      default:
        return false;
    }
  }

  private number(f: number, bytes: Buffer, start: number, end: number, quoted: boolean): string | undefined {
    this.seen[f] = true;
    if (quoted) {
      // Only a delimiter that can appear in a number (a digit, `.`, `-`) makes PostgreSQL quote one.
      const value = Number(unquote(bytes, start, end));
      if (!Number.isSafeInteger(value)) this.fractional[f] = true;
      return this.encoder.field(value);
    }
    let exponent = false;
    let point = false;
    for (let i = start; i < end; i++) {
      const c = bytes[i];
      if (c === E) exponent = true;
      else if (c === DOT || c === N || c === I) point = true;
    }
    if (exponent) {
      const value = Number(bytes.toString('latin1', start, end));
      if (!Number.isSafeInteger(value)) this.fractional[f] = true;
      return this.encoder.field(value);
    }
    if (point) {
      this.fractional[f] = true;
      return undefined;
    }
    const digits = end - start - (bytes[start] === MINUS ? 1 : 0);
    // Fifteen digits or fewer are always a safe integer; longer ones are checked.
    if (digits > 15 && !this.fractional[f] && !Number.isSafeInteger(Number(bytes.toString('latin1', start, end)))) this.fractional[f] = true;
    if (end - start === 2 && bytes[start] === MINUS && bytes[start + 1] === ZERO) return '0';
    return undefined;
  }
}

enum Kind {
  AsIs,
  Text,
  Number,
  Boolean,
  Datetime,
}

function kindOf(type: ColumnType, textFormattedInSql: boolean): Kind {
  switch (type) {
    case 'string':
    case 'email':
    case 'phone':
    case 'url':
      return textFormattedInSql ? Kind.AsIs : Kind.Text;
    case 'number':
      return Kind.Number;
    case 'boolean':
      return Kind.Boolean;
    case 'datetime':
      return Kind.Datetime;
    default:
      // Dates: `YYYY-MM-DD` under DateStyle ISO, as the encoder writes them.
      return Kind.AsIs;
  }
}

/** How much of a piece completes the record cut between it and the previous one, as a rule. */
const HEAD_BYTES = 4096;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const T = 0x74;
const E = 0x65;
const N = 0x4e;
const I = 0x49;
const DOT = 0x2e;
const MINUS = 0x2d;
const ZERO = 0x30;
const SPACE = 0x20;
const PLUS = 0x2b;
const UPPER_T = 0x54;
const UPPER_Z = 0x5a;
const TRUE = Buffer.from('true', 'latin1');
const FALSE = Buffer.from('false', 'latin1');

/**
 * `YYYY-MM-DD HH:MM:SS[.f…]+00` as `YYYY-MM-DDTHH:MM:SS.mmmZ` (the fraction cut to milliseconds, as
 * the row path's Date keeps it), byte by byte; anything else (a year past 9999, BC) is read by the
 * driver's own timestamptz parser, as the row path reads it.
 */
function datetime(bytes: Buffer, start: number, end: number, quoted: boolean, out: Output, encoder: CsvEncoder): void {
  const length = end - start;
  const usual =
    !quoted &&
    length >= 22 &&
    length <= 29 &&
    length !== 23 &&
    bytes[start + 4] === MINUS &&
    bytes[start + 10] === SPACE &&
    bytes[end - 3] === PLUS &&
    bytes[end - 2] === ZERO &&
    bytes[end - 1] === ZERO &&
    (length === 22 || bytes[start + 19] === DOT);
  if (!usual) {
    const text = quoted ? unquote(bytes, start, end) : bytes.toString('latin1', start, end);
    out.text(encoder.field(fromDb('datetime', parseTimestamptz(text))));
    return;
  }
  out.copy(bytes, start, start + 10);
  out.byte(UPPER_T);
  out.copy(bytes, start + 11, start + 19);
  out.byte(DOT);
  const fractionEnd = end - 3;
  for (let k = start + 20; k < start + 23; k++) out.byte(k < fractionEnd ? bytes[k]! : ZERO);
  out.byte(UPPER_Z);
}

/** node-postgres's parser for timestamptz (OID 1184) text: the row path reads datetimes with it. */
const parseTimestamptz = pg.types.getTypeParser(1184, 'text') as (text: string) => Date;

/** A quoted field's text (its doubled quotes undone). */
function unquote(bytes: Buffer, start: number, end: number): string {
  return bytes.toString('utf8', start + 1, end - 1).replaceAll('""', '"');
}

/** A growing output buffer: most of it is copied from COPY's bytes, the rest written as latin1 text. */
class Output {
  private buffer: Buffer;
  at = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  private room(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(bigger, 0, 0, this.at);
    this.buffer = bigger;
  }

  copy(from: Buffer, start: number, end: number): void {
    const n = end - start;
    if (n <= 0) return;
    this.room(n);
    if (n > 512) {
      this.at += from.copy(this.buffer, this.at, start, end);
      return;
    }
    // Short runs (most of a row, a field's parts) cost less copied by hand than through Buffer.copy.
    const buffer = this.buffer;
    let at = this.at;
    for (let i = start; i < end; i++) buffer[at++] = from[i]!;
    this.at = at;
  }

  byte(value: number): void {
    this.room(1);
    this.buffer[this.at++] = value;
  }

  /** Text the rewrites produce: ASCII, except a datetime the row path formatted, which is UTF-8. */
  text(text: string): void {
    this.room(text.length * 3);
    this.at += this.buffer.write(text, this.at, 'utf8');
  }

  crlf(): void {
    this.room(2);
    this.buffer[this.at++] = CR;
    this.buffer[this.at++] = LF;
  }

  bytes(): Buffer {
    return this.buffer.subarray(0, this.at);
  }
}
