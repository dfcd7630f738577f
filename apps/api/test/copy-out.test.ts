import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOut } from '../src/runs/copy-out.js';

/**
 * The byte path's COPY parser against a real PostgreSQL: the same bytes as pg-copy-streams' own,
 * PostgreSQL's notices between rows skipped, an error mid-COPY raised with PostgreSQL's words, and
 * the connection usable afterwards either way.
 */
const url = process.env.DATABASE_URL;
if (!url && process.env.CI === 'true') throw new Error('CI=true but DATABASE_URL is not set: the PostgreSQL suite must run in CI.');

describe.skipIf(!url || url.startsWith('sqlite:'))('COPY out on PostgreSQL', () => {
  const client = new pg.Client({ connectionString: url });
  const drain = async (stream: AsyncIterable<Buffer>) => {
    const pieces: Buffer[] = [];
    for await (const piece of stream) pieces.push(piece);
    return Buffer.concat(pieces);
  };

  beforeAll(async () => {
    await client.connect();
    await client.query(`create or replace function pg_temp.noisy(i int) returns int language plpgsql as $$
      begin if i % 1000 = 0 then raise notice 'row %', i; end if; return i; end $$`);
  });
  afterAll(async () => client.end());

  it('gives the bytes pg-copy-streams gives, across many socket reads', async () => {
    const sql = `copy (select i, 'name ' || i, repeat('x', i % 300), i % 3 = 0 from generate_series(1, 200000) i) to stdout with (format csv)`;
    const expected = await drain(client.query(copyTo(sql)));
    const bytes = await drain(client.query(copyOut(sql)));
    expect(bytes.length).toBeGreaterThan(10_000_000);
    expect(bytes.equals(expected)).toBe(true);
    expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });

  it('skips the notices PostgreSQL sends between rows, as pg-copy-streams does', async () => {
    const bytes = await drain(client.query(copyOut(`copy (select pg_temp.noisy(i) from generate_series(1, 5000) i) to stdout`)));
    expect(bytes.toString('utf8')).toBe(Array.from({ length: 5000 }, (_, i) => `${i + 1}\n`).join(''));
  });

  it('fails with PostgreSQL’s error when the query fails mid-COPY, and the connection carries on', async () => {
    const stream = client.query(copyOut(`copy (select 1 / (i - 150000) from generate_series(1, 200000) i) to stdout`));
    await expect(drain(stream)).rejects.toThrow('division by zero');
    expect((await client.query('select 2 as two')).rows).toEqual([{ two: 2 }]);
  });
});
