import { Inject, Injectable } from '@nestjs/common';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { fingerprintValues, type SourceRecord } from '@outport/connector-sdk';
import type { CellValue, ColumnType } from '@outport/core';
import { sql, type Kysely } from 'kysely';
import type { Outage } from '../database/availability.js';
import { Database } from '../database/database.js';
import type { IDataTable } from '../database/entities/index.js';
import type { Em } from '../database/orm.js';
import type { AnyDb } from '../records/record-store.js';
import { columnSqlType, fromDb } from '../records/sql-types.js';
import type { CsvCheckpoint, CsvOptions } from '@outport/connector-sdk';
import { copyTextRows } from './copy-text.js';
import { postgresCsvRefusal, postgresTableCsv, sqliteTableCsv, type SqliteDatabase, type TableCsv } from './table-csv.js';

/** Rows per page: large enough for database speed, small enough that memory stays flat. */
export const PAGE_SIZE = 2_000;

export interface SegmentSource {
  exportId: string;
  segmentId: string;
  table: IDataTable;
  /** Connector field key → column of the segment's table. */
  mapping: Record<string, string>;
  /** Told when a page read waited out a database outage (the reader waits rather than fail the run). */
  onOutage?: (outage: Outage) => void | Promise<void>;
}

type Row = Record<string, unknown>;

/**
 * Streams what a run sends, straight from the database in key order, one page at a time (keyset
 * pagination: each page starts after the last key of the previous one, so the cost per page stays
 * constant however far the run has got, and a resumed run starts after its checkpoint).
 */
@Injectable()
export class RecordReader {
  constructor(
    private readonly db: Database,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  private get kysely(): Kysely<AnyDb> {
    // Reads run outside the run's write transactions: a fork keeps them on the pool.
    return (this.db.orm.em.fork() as Em).getKysely<AnyDb>();
  }

  /**
   * Members of the segment with their mapped values. `tracked` joins what the target holds of each
   * (its row in export_member_state): every record then says whether the target holds the member and
   * with which fingerprint (`sent`), so the SDK sends adds and changed members and skips the rest.
   * Each page is found first by its keys alone (an index range scan whatever the statistics say),
   * then read as that key range from each table, the records and the target state joined by primary
   * key, so the cost per page stays flat as a run grows and only one page of members is in memory at
   * a time. The range is given to every table it can bound (not only the members'), so no plan can
   * read beyond the page; it costs a quarter of looking the page's 2,000 keys up as a list, which
   * PostgreSQL spent most of its time binding and planning.
   */
  async *segmentMembers(source: SegmentSource, options: { afterKey?: string; uptoKey?: string; tracked: boolean }): AsyncGenerator<SourceRecord> {
    const { table, mapping } = source;
    const key = table.columns.find((c) => c.name === table.keyColumn)!;
    const recordKey = sql.ref(`r.${key.name}`);
    // Member keys are the records' keys as text. A number key is matched by casting the member key to
    // the column's type, so the records' primary key finds each row: casting the column to text
    // instead would read the whole table for every page.
    const joinOn = key.type === 'string' ? sql`${recordKey} = m.member_key` : sql`${recordKey} = cast(m.member_key as ${sql.raw(columnSqlType(this.config.database.driver, key.type))})`;
    const columns = [...new Set(Object.values(mapping))].filter((c) => table.columns.some((col) => col.name === c));
    const selected = columns.length ? sql.join(columns.map((c) => sql.ref(`r.${c}`))) : sql`1 as none`;
    // Rows written before fingerprints existed hold every value sent instead: only those are read.
    const state = options.tracked
      ? sql`, s.member_key as "__held", s.sent_hash as "__hash", case when s.sent_hash is null then s.sent_values end as "__legacy"`
      : sql``;
    const stateJoin = (first: string, last: string) =>
      options.tracked
        ? sql`left join export_member_state s on s.export_id = ${source.exportId} and s.segment_id = ${source.segmentId} and s.member_key = m.member_key
            and s.member_key >= ${first} and s.member_key <= ${last}`
        : sql``;
    // A text key orders as the member keys do, so the records' key can be bounded too.
    const recordRange = (first: string, last: string) => (key.type === 'string' ? sql`and ${recordKey} >= ${first} and ${recordKey} <= ${last}` : sql``);
    const pages = this.keyPages(options.afterKey, (after) => {
      let page = this.kysely.selectFrom('segment_member').select('member_key').where('segment_id', '=', source.segmentId).where('member_key', '>', after);
      if (options.uptoKey !== undefined) page = page.where('member_key', '<=', options.uptoKey);
      return page.orderBy('member_key').limit(PAGE_SIZE).execute();
    }, source.onOutage);
    for await (const keys of pages) {
      const [first, last] = [keys[0]!, keys[keys.length - 1]!];
      const { rows } = await this.read(
        () =>
          sql<Row>`select m.member_key as "__key", ${selected} ${state}
            from segment_member m join ${sql.table(table.physicalName)} as r on ${joinOn} ${stateJoin(first, last)}
            where m.segment_id = ${source.segmentId} and m.member_key >= ${first} and m.member_key <= ${last} ${recordRange(first, last)}
            order by m.member_key`.execute(this.kysely),
        source.onOutage,
      );
      for (const row of rows) {
        const record: SourceRecord = { key: String(row.__key), values: mapValues(row, mapping, table) };
        if (options.tracked) record.sent = sentFingerprint(row);
        yield record;
      }
    }
  }

  /**
   * Keys that cut a segment's members into ranges of about `size` members each, in key order: the
   * k-th key closes the k-th range. Read from the member index alone, so planning a run of millions
   * costs one index scan.
   */
  async chunkBounds(segmentId: string, size: number): Promise<string[]> {
    const { rows } = await sql<{ member_key: string }>`select member_key from (
        select member_key, row_number() over (order by member_key) as position, count(*) over () as total
        from segment_member where segment_id = ${segmentId}
      ) ranked where position % ${size} = 0 and position < total order by member_key`.execute(this.kysely);
    return rows.map((row) => String(row.member_key));
  }

  /** Members the target holds that left the segment, with the values they were sent with (same two-step paging). */
  async *departedMembers(source: SegmentSource, afterKey?: string): AsyncGenerator<SourceRecord> {
    const pages = this.keyPages(afterKey, (after) =>
      this.kysely
        .selectFrom('export_member_state')
        .select('member_key')
        .where('export_id', '=', source.exportId)
        .where('segment_id', '=', source.segmentId)
        .where('member_key', '>', after)
        .orderBy('member_key')
        .limit(PAGE_SIZE)
        .execute(),
      source.onOutage,
    );
    for await (const keys of pages) {
      const [first, last] = [keys[0]!, keys[keys.length - 1]!];
      const { rows } = await this.read(
        () =>
          sql<Row>`select s.member_key as "__key", s.sent_values as "__values" from export_member_state s
            where s.export_id = ${source.exportId} and s.segment_id = ${source.segmentId} and s.member_key >= ${first} and s.member_key <= ${last}
              and not exists (select 1 from segment_member m where m.segment_id = ${source.segmentId} and m.member_key = s.member_key)
            order by s.member_key`.execute(this.kysely),
        source.onOutage,
      );
      for (const row of rows) {
        yield { key: String(row.__key), values: (typeof row.__values === 'string' ? JSON.parse(row.__values) : row.__values) as Record<string, CellValue> };
      }
    }
  }

  /**
   * One page read. Pages are keyset ranges, so reading one again is harmless: while the database is
   * unavailable (a restart, a failover) the read is tried again until it is back, and the run pauses
   * instead of failing.
   */
  private read<T>(query: () => Promise<T>, onOutage?: (outage: Outage) => void | Promise<void>): Promise<T> {
    return this.db.whileUnavailable(query, { onRecovered: onOutage });
  }

  /** Pages of keys in order, each found by an index range scan starting after the previous page. */
  private async *keyPages(
    afterKey: string | undefined,
    fetch: (after: string) => Promise<{ member_key: string | number | boolean | null }[]>,
    onOutage?: (outage: Outage) => void | Promise<void>,
  ): AsyncGenerator<string[]> {
    // '' sorts before every key, so it means "from the start".
    let after = afterKey ?? '';
    for (;;) {
      const current = after;
      const keys = (await this.read(() => fetch(current), onOutage)).map((row) => String(row.member_key));
      if (keys.length === 0) return;
      yield keys;
      if (keys.length < PAGE_SIZE) return;
      after = keys[keys.length - 1]!;
    }
  }

  /** Every row of a table, whole, in key order: through COPY on PostgreSQL, keyset pages elsewhere. */
  tableRows(table: IDataTable, onOutage?: (outage: Outage) => void | Promise<void>): AsyncGenerator<SourceRecord> {
    // A COPY cut off by an outage cannot continue where it was: the run fails over to its checkpoint instead.
    return this.config.database.driver === 'postgresql' ? this.copyRows(table, this.config.database.url) : this.pagedRows(table, onOutage);
  }

  /**
   * Every row of a table as CSV in `dialect` (the byte path of data-out runs; see table-csv.ts), from
   * after `resume` when it is set; undefined when this table must take the row path, and why is
   * logged by the caller's choice of path: PostgreSQL refuses some dialects, in-memory SQLite cannot
   * be read from a second connection.
   */
  async tableCsv(table: IDataTable, dialect: CsvOptions, resume?: CsvCheckpoint & { lastKey: string }): Promise<TableCsv | undefined> {
    const options = { dialect, ...(resume ? { afterKey: resume.lastKey, resume: { rows: resume.rows, state: resume.state } } : {}) };
    if (this.config.database.driver === 'postgresql') {
      if (postgresCsvRefusal(table, dialect)) return undefined;
      return postgresTableCsv(this.config.database.url, table, options);
    }
    // better-sqlite3's own database, typed here by what table-csv uses of it.
    const connection = this.db.orm.em.getConnection() as unknown as { getNativeClient(): Promise<SqliteDatabase> };
    return sqliteTableCsv(await connection.getNativeClient(), table, options) ?? undefined;
  }

  /**
   * PostgreSQL streams the whole table with `COPY … TO STDOUT` on a connection of its own: one
   * statement, no per-page round trips, and backpressure from the consumer down to the socket.
   * Dates and times are formatted by PostgreSQL itself into the API's forms, so each value needs at
   * most a number or boolean conversion here.
   */
  private async *copyRows(table: IDataTable, url: string): AsyncGenerator<SourceRecord> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
      const expressions = table.columns.map((c) => {
        if (c.type === 'datetime') return `to_char(${quote(c.name)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
        if (c.type === 'date') return `to_char(${quote(c.name)}, 'YYYY-MM-DD')`;
        return quote(c.name);
      });
      const convert = table.columns.map((c) => fromCopyText(c.type));
      const keyIndex = table.columns.findIndex((c) => c.name === table.keyColumn);
      const select = `select ${expressions.join(', ')} from ${quote(table.physicalName)} order by ${quote(table.keyColumn)}`;
      const stream = client.query(copyTo(`copy (${select}) to stdout`)) as AsyncIterable<Buffer>;
      const names = table.columns.map((c) => c.name);
      for await (const rows of copyTextRows(stream)) {
        for (const fields of rows) {
          const values: Record<string, CellValue> = {};
          for (let i = 0; i < convert.length; i++) values[names[i]!] = convert[i]!(fields[i] ?? null);
          yield { key: fields[keyIndex] ?? '', values };
        }
      }
    } finally {
      await client.end();
    }
  }

  private async *pagedRows(table: IDataTable, onOutage?: (outage: Outage) => void | Promise<void>): AsyncGenerator<SourceRecord> {
    const key = sql.ref(table.keyColumn);
    let after: unknown = null;
    for (;;) {
      const condition = after === null ? sql`1 = 1` : sql`${key} > ${after}`;
      const { rows } = await this.read(() => sql<Row>`select * from ${sql.table(table.physicalName)} where ${condition} order by ${key} limit ${PAGE_SIZE}`.execute(this.kysely), onOutage);
      for (const row of rows) {
        const values: Record<string, CellValue> = {};
        for (const column of table.columns) values[column.name] = fromDb(column.type, row[column.name]);
        yield { key: String(values[table.keyColumn]), values };
      }
      if (rows.length < PAGE_SIZE) return;
      after = rows[rows.length - 1]![table.keyColumn];
    }
  }


}

/** How a COPY text value becomes a cell value, per column type (dates and times arrive formatted). */
function fromCopyText(type: ColumnType): (value: string | null) => CellValue {
  if (type === 'number') return (v) => (v === null ? null : Number(v));
  if (type === 'boolean') return (v) => (v === null ? null : v === 't');
  return (v) => v;
}

/** What the target holds of a member, from its joined state row: null (nothing) or the fingerprint of what it was sent. */
function sentFingerprint(row: Row): string | null {
  if (row.__held === null || row.__held === undefined) return null;
  if (typeof row.__hash === 'string') return row.__hash;
  const legacy = typeof row.__legacy === 'string' ? (JSON.parse(row.__legacy) as Record<string, CellValue>) : (row.__legacy as Record<string, CellValue> | null);
  return legacy ? fingerprintValues(legacy) : '';
}

function mapValues(row: Row, mapping: Record<string, string>, table: IDataTable): Record<string, CellValue> {
  const values: Record<string, CellValue> = {};
  for (const [field, column] of Object.entries(mapping)) {
    const definition = table.columns.find((c) => c.name === column);
    if (definition) values[field] = fromDb(definition.type, row[column]);
  }
  return values;
}
