import { CsvEncoder } from '@outport/connector-sdk';
import type { ColumnType } from '@outport/core';
import { describe, expect, it } from 'vitest';
import { PostgresCsvRecords } from './postgres-csv-records.js';

/**
 * COPY's CSV (as PostgreSQL writes these values under DateStyle ISO, time zone UTC and
 * extra_float_digits 1) rewritten to the encoder's bytes, however the stream is cut. The database
 * end of it is proven byte for byte against the row path in test/data-out-bytes.test.ts.
 */
const TYPES: ColumnType[] = ['string', 'number', 'boolean', 'date', 'datetime', 'email'];
const COPY_OUTPUT = [
  'a01,1.5,t,2024-02-29,2026-03-29 00:30:00+00,a@example.com',
  'a02,,f,,2026-10-25 23:59:59.123456+00,""',
  '"line\nbreak, ""quoted""",1e-05,,1999-12-31,2026-10-25 23:59:59.1+00,',
  'a04,1e+21,t,2026-01-01,2026-01-01 12:00:00.01+00,x',
  'a05,-0,f,2026-07-04,10000-01-01 00:00:00+00,y',
  'a06,-1.2345e-300,t,2026-07-04,,z',
  'a07,NaN,t,2026-07-04,1970-01-01 00:00:00.999999+00,z',
  '',
].join('\n');
const ENCODED = [
  'a01,1.5,true,2024-02-29,2026-03-29T00:30:00.000Z,a@example.com',
  'a02,,false,,2026-10-25T23:59:59.123Z,',
  '"line\nbreak, ""quoted""",0.00001,,1999-12-31,2026-10-25T23:59:59.100Z,',
  'a04,1000000000000000000000,true,2026-01-01,2026-01-01T12:00:00.010Z,x',
  'a05,0,false,2026-07-04,+010000-01-01T00:00:00.000Z,y',
  `a06,-0.${'0'.repeat(299)}12345,true,2026-07-04,,z`,
  'a07,NaN,true,2026-07-04,1970-01-01T00:00:00.999Z,z',
  '',
].join('\r\n');

/** The pieces as COPY's stream hands them on. */
async function* streamOf(pieces: Buffer[]): AsyncGenerator<Buffer> {
  for (const piece of pieces) yield await Promise.resolve(piece);
}

async function rewrite(pieces: Buffer[], types = TYPES, encoder = new CsvEncoder()) {
  const records = new PostgresCsvRecords(types, encoder);
  const out: Buffer[] = [];
  let rows = 0;
  for await (const chunk of records.chunks(streamOf(pieces))) {
    out.push(chunk.bytes);
    rows += chunk.rows;
  }
  return { text: Buffer.concat(out).toString('utf8'), rows, numbers: records.numbers() };
}

describe('PostgreSQL CSV to the encoder’s bytes', () => {
  it('writes what the encoder writes: CRLF, empty text as nothing, true/false, plain numbers, ISO datetimes', async () => {
    const { text, rows } = await rewrite([Buffer.from(COPY_OUTPUT)]);
    expect(text).toBe(ENCODED);
    expect(rows).toBe(7);
  });

  it('gives the same bytes however the stream is cut, a byte at a time included', async () => {
    const bytes = Buffer.from(COPY_OUTPUT);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect((await rewrite([bytes.subarray(0, cut), bytes.subarray(cut)])).text, `cut at ${cut}`).toBe(ENCODED);
    }
    expect((await rewrite([...bytes].map((b) => Buffer.from([b])))).text).toBe(ENCODED);
  });

  it('joins a record longer than the start of a piece it is completed from', async () => {
    const long = `"${'x,'.repeat(6_000)}"`;
    const bytes = Buffer.from(`a,1,t,,,x\n${long},2,f,,,y\nb,3,t,,,z\n`);
    const expected = `a,1,true,,,x\r\n${long},2,false,,,y\r\nb,3,true,,,z\r\n`;
    for (const cut of [12, 100, 5_000, 12_000]) {
      expect((await rewrite([bytes.subarray(0, cut), bytes.subarray(cut)])).text, `cut at ${cut}`).toBe(expected);
    }
  });

  it('refuses a stream that ends inside a record', async () => {
    await expect(rewrite([Buffer.from('a01,1.5,t,2024-02-29,,x\na02,"open')])).rejects.toThrow('ended inside a record');
  });

  it('notes which number columns hold only safe whole numbers', async () => {
    const types: ColumnType[] = ['number', 'number', 'number', 'number', 'number'];
    const { numbers } = await rewrite([Buffer.from('1,1,,9007199254740991,-3\n2,1.5,,9007199254740992,1e+15\n')], types);
    expect(numbers.map((n) => n.seen && n.whole)).toEqual([true, false, false, false, true]);
  });

  it('keeps a tab-delimited stream’s fields apart', async () => {
    const { text } = await rewrite([Buffer.from('a\t1e-07\tt\t\t2026-01-01 00:00:00+00\t""\n')], TYPES, new CsvEncoder({ delimiter: '\t' }));
    expect(text).toBe('a\t0.0000001\ttrue\t\t2026-01-01T00:00:00.000Z\t\r\n');
  });
});
