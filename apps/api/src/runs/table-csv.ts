import {
  CsvEncoder,
  CsvRecordScanner,
  parseCsvRecord,
  type CsvChunk,
  type CsvOptions,
  type CsvTableSource,
} from '@outport/connector-sdk';
import { FORMULA_TRIGGERS } from '@outport/connector-sdk';
import type { ColumnType } from '@outport/core';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { IDataTable } from '../database/entities/index.js';
import { fromDb } from '../records/sql-types.js';
import { PostgresCsvRecords } from './postgres-csv-records.js';

/**
 * The byte path of data-out runs: a whole table as CSV in the exporter's dialect, encoded without a
 * record object per row, byte for byte what the SDK's CsvEncoder writes from the row path's records
 * (text as it is, empty text and null as an empty field, numbers in plain decimal notation, booleans
 * as true/false, dates and datetimes in the API's forms, formula escaping when asked).
 */
export interface TableCsv extends CsvTableSource {
  /** The key of the `rows`-th row of the table (counted from its first row, as checkpoints count). */
  keyOfRow(rows: number): Promise<string>;
  /** Ends the reads (connections, statements); safe to call more than once. */
  close(): Promise<void>;
}

export interface TableCsvOptions {
  dialect: CsvOptions;
  /** Where a resumed item continues: after this key, which was row `resume.rows`. */
  afterKey?: string;
  resume?: CsvTableSource['resume'];
}

/** Bytes per chunk handed on: large enough to keep per-chunk costs small, small enough to stay flat. */
const CHUNK_CHARS = 256 * 1024;
const MAX_SAFE = '9007199254740991';

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const isText = (type: ColumnType) =>
  type === 'string' || type === 'email' || type === 'phone' || type === 'url';

/**
 * Why a table cannot take PostgreSQL's byte path, or null when it can. PostgreSQL's CSV differs from
 * the encoder's in two cases the SQL cannot reshape, so those tables keep the row path: a delimiter
 * that is not one ASCII character (COPY takes one byte), and a table of one column (COPY quotes a
 * lone `\.`, which the encoder writes as it is).
 */
export function postgresCsvRefusal(table: IDataTable, dialect: CsvOptions): string | null {
  const delimiter = dialect.delimiter ?? ',';
  if (delimiter.length !== 1 || delimiter.charCodeAt(0) > 0x7e)
    return 'COPY takes a one-byte ASCII delimiter';
  if (table.columns.length < 2) return 'COPY quotes a lone "\\." in a one-column table';
  return null;
}

/**
 * One column as COPY should select it: the bare column, which PostgresCsvRecords turns into the
 * encoder's text on the way out. Text to be protected from formula injection gets its quote prefix
 * here (and so never comes out as empty text).
 */
export function postgresExpression(name: string, type: ColumnType, escapeFormulas: boolean): string {
  const c = quote(name);
  if (!isText(type) || !escapeFormulas) return c;
  const triggers = FORMULA_TRIGGERS.map((t) =>
    t === '\t' ? `E'\\t'` : t === '\r' ? `E'\\r'` : t === '\n' ? `E'\\n'` : `'${t}'`,
  ).join(', ');
  return `case when ${c} = '' then null when left(${c}, 1) in (${triggers}) then '''' || ${c} else ${c} end`;
}

/**
 * PostgreSQL writes the CSV itself: `COPY (select …) TO STDOUT WITH (FORMAT csv)` of the bare
 * columns, on a connection of its own in a repeatable-read snapshot, and PostgresCsvRecords turns
 * it into the encoder's bytes while cutting it into chunks of whole records. A second connection
 * shares that snapshot (pg_export_snapshot) to find the key of a checkpointed row and, for a resumed
 * item, whether the rows before it held whole numbers, so both see exactly the rows the COPY writes.
 */
export async function postgresTableCsv(
  url: string,
  table: IDataTable,
  options: TableCsvOptions,
): Promise<TableCsv> {
  const { dialect } = options;
  const encoder = new CsvEncoder(dialect);
  const copy = new pg.Client({ connectionString: url });
  const side = new pg.Client({ connectionString: url });
  await Promise.all([copy.connect(), side.connect()]);
  let closed = false;
  let copied = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    // A COPY left unread (the item failed) would hold a rollback queued behind it for ever: that
    // connection is simply ended, which ends its transaction too.
    await Promise.allSettled([copied ? copy.query('rollback') : Promise.resolve(), side.query('rollback')]);
    await Promise.allSettled([copy.end(), side.end()]);
  };
  try {
    // The text forms PostgresCsvRecords rewrites: shortest round-trip floats, ISO dates, UTC times.
    await copy.query(`set extra_float_digits = 1; set datestyle = 'ISO, YMD'; set timezone = 'UTC'`);
    await copy.query('begin isolation level repeatable read read only');
    const snapshot = (await copy.query<{ id: string }>('select pg_export_snapshot() as id')).rows[0]!.id;
    await side.query('begin isolation level repeatable read read only');
    await side.query(`set transaction snapshot ${side.escapeLiteral(snapshot)}`);
  } catch (error) {
    await close();
    throw error;
  }
  const key = quote(table.keyColumn);
  const from = quote(table.physicalName);
  const numbers = table.columns.flatMap((c, i) => (c.type === 'number' ? [{ name: c.name, i }] : []));
  // Whole numbers are noted as the COPY streams; a resumed item asks the side connection (now, so
  // it runs meanwhile) about the rows before its checkpoint.
  const earlier: Promise<{ rows: Record<string, string | boolean | null>[] }> =
    numbers.length && options.afterKey !== undefined
      ? side.query<Record<string, string | boolean | null>>(
          `select ${numbers
            .map(({ name }, n) => {
              const c = quote(name);
              return `count(${c}) as "c${n}", coalesce(bool_and(${c} = trunc(${c}) and abs(${c}) <= ${MAX_SAFE} and ${c} <> 'NaN'), true) as "w${n}"`;
            })
            .join(', ')} from ${from} where ${key} <= ${side.escapeLiteral(options.afterKey)}`,
        )
      : Promise.resolve({ rows: [{}] });
  earlier.catch(() => undefined);
  const records = new PostgresCsvRecords(
    table.columns.map((c) => c.type),
    encoder,
    { textFormattedInSql: dialect.escapeFormulas === true },
  );
  const expressions = table.columns.map((c) =>
    postgresExpression(c.name, c.type, dialect.escapeFormulas === true),
  );
  const after =
    options.afterKey === undefined ? '' : ` where ${key} > ${copy.escapeLiteral(options.afterKey)}`;
  const delimiter = dialect.delimiter ?? ',';
  const select = `select ${expressions.join(', ')} from ${from}${after} order by ${key}`;
  const sqlText = `copy (${select}) to stdout with (format csv, delimiter ${copy.escapeLiteral(delimiter)})`;

  // The last chunks handed on: a checkpoint's row is in one of them, and its key is read from its CSV.
  const recent: { first: number; chunk: CsvChunk }[] = [];
  const keyIndex = table.columns.findIndex((c) => c.name === table.keyColumn);
  const keyType = table.columns[keyIndex]!.type;
  return {
    header: Buffer.from(encoder.row(table.columns.map((c) => c.name)), 'utf8'),
    resume: options.resume,
    chunks: (async function* () {
      try {
        let first = (options.resume?.rows ?? 0) + 1;
        for await (const chunk of records.chunks(copy.query(copyTo(sqlText)) as AsyncIterable<Buffer>)) {
          recent.push({ first, chunk });
          if (recent.length > 2) recent.shift();
          first += chunk.rows;
          yield chunk;
        }
        copied = true;
      } catch (error) {
        await close();
        throw error;
      }
    })(),
    async wholeNumbers() {
      const before = (await earlier).rows[0] ?? {};
      const streamed = records.numbers();
      return Object.fromEntries(
        numbers.map(({ name, i }, n) => {
          const earlierCount = Number(before[`c${n}`] ?? 0);
          const seen = streamed[i]!.seen || earlierCount > 0;
          return [name, seen && streamed[i]!.whole && (earlierCount === 0 || before[`w${n}`] === true)];
        }),
      );
    },
    async keyOfRow(rows) {
      const held = recent.find((r) => rows >= r.first && rows < r.first + r.chunk.rows);
      if (held) {
        const { bytes } = held.chunk;
        const scanner = new CsvRecordScanner();
        let start = 0;
        for (let n = held.first; n < rows; n++) start = scanner.next(bytes, start);
        const key = parseCsvRecord(bytes.toString('utf8', start, scanner.next(bytes, start) - 2), delimiter)[
          keyIndex
        ]!;
        // The key as written is the key, except text a formula escape may have prefixed (a key that
        // really starts with ' is indistinguishable): that one is looked up in the snapshot instead.
        if (!(dialect.escapeFormulas && isText(keyType) && key.startsWith("'"))) return key;
      }
      const found = await side.query<{ key: string }>(
        `select ${key}::text as key from ${from} order by ${key} offset $1 limit 1`,
        [rows - 1],
      );
      return found.rows[0]!.key;
    },
    close,
  };
}

/** A better-sqlite3 database, as far as this module uses it. */
export interface SqliteDatabase {
  readonly name: string;
  readonly memory: boolean;
  prepare(sql: string): {
    raw(on: boolean): {
      iterate(...params: unknown[]): IterableIterator<unknown[]>;
      get(...params: unknown[]): unknown[] | undefined;
    };
  };
  close(): void;
}

/**
 * The embedded default: the rows come from a prepared statement iterated in raw mode (an array per
 * row, no object), each value written by the encoder itself. It reads on a read-only connection of
 * its own, so the run can record its progress on the main connection while the statement is open
 * (better-sqlite3 lets no other statement run on a connection during an iteration), and WAL mode
 * gives it one consistent snapshot. Returns null for in-memory databases, which a second connection
 * cannot see: they keep the row path.
 */
export function sqliteTableCsv(
  main: SqliteDatabase,
  table: IDataTable,
  options: TableCsvOptions,
): TableCsv | null {
  if (main.memory || main.name === ':memory:' || main.name === '') return null;
  const Database = main.constructor as new (
    path: string,
    options: { readonly: boolean; fileMustExist: boolean },
  ) => SqliteDatabase;
  const db = new Database(main.name, { readonly: true, fileMustExist: true });
  const { dialect } = options;
  const encoder = new CsvEncoder(dialect);
  const delimiter = encoder.delimiter;
  const key = quote(table.keyColumn);
  const from = quote(table.physicalName);
  const keyIndex = table.columns.findIndex((c) => c.name === table.keyColumn);
  const types = table.columns.map((c) => c.type);
  const numberIndexes = types.flatMap((t, i) => (t === 'number' ? [i] : []));
  const fractional = new Set<number>();
  const seen = new Set<number>();
  const select = `select ${table.columns.map((c) => quote(c.name)).join(', ')} from ${from}${options.afterKey === undefined ? '' : ` where ${key} > ?`} order by ${key}`;
  // The keys of the rows of the last chunks handed on, for checkpoints (a file ends inside one of them).
  const recent: { first: number; keys: unknown[] }[] = [];
  let closed = false;
  const close = () => {
    if (!closed) db.close();
    closed = true;
    return Promise.resolve();
  };

  return {
    header: Buffer.from(encoder.row(table.columns.map((c) => c.name)), 'utf8'),
    resume: options.resume,
    chunks: (async function* () {
      try {
        const rows = db
          .prepare(select)
          .raw(true)
          .iterate(...(options.afterKey === undefined ? [] : [options.afterKey]));
        let text = '';
        let count = 0;
        let keys: unknown[] = [];
        let first = (options.resume?.rows ?? 0) + 1;
        for (const row of rows) {
          let line = '';
          for (let i = 0; i < row.length; i++) {
            if (i > 0) line += delimiter;
            line += encoder.field(fromDb(types[i]!, row[i]));
          }
          for (const i of numberIndexes) {
            const value = row[i];
            if (typeof value !== 'number') continue;
            seen.add(i);
            if (!Number.isSafeInteger(value)) fractional.add(i);
          }
          text += line + '\r\n';
          keys.push(row[keyIndex]);
          count++;
          if (text.length >= CHUNK_CHARS) {
            recent.push({ first, keys });
            if (recent.length > 2) recent.shift();
            yield { bytes: Buffer.from(text, 'utf8'), rows: count };
            first += count;
            text = '';
            count = 0;
            keys = [];
          }
        }
        if (count > 0) {
          recent.push({ first, keys });
          if (recent.length > 2) recent.shift();
          yield { bytes: Buffer.from(text, 'utf8'), rows: count };
        }
      } catch (error) {
        await close();
        throw error;
      }
    })(),
    wholeNumbers() {
      const result: Record<string, boolean> = {};
      // A resumed item saw only the rows after its checkpoint: the earlier ones are checked in SQL.
      const earlier =
        options.afterKey !== undefined && numberIndexes.length > 0
          ? (db
              .prepare(
                `select ${numberIndexes
                  .map((i) => {
                    const c = quote(table.columns[i]!.name);
                    return `count(${c}), coalesce(sum(case when ${c} is null or ${c} = cast(${c} as integer) and abs(${c}) <= ${MAX_SAFE} then 0 else 1 end), 0)`;
                  })
                  .join(', ')} from ${from} where ${key} <= ?`,
              )
              .raw(true)
              .get(options.afterKey) ?? [])
          : [];
      numberIndexes.forEach((i, n) => {
        const count = Number(earlier[2 * n] ?? 0);
        const notWhole = Number(earlier[2 * n + 1] ?? 0);
        result[table.columns[i]!.name] = (seen.has(i) || count > 0) && !fractional.has(i) && notWhole === 0;
      });
      return Promise.resolve(result);
    },
    keyOfRow(rows) {
      const chunk = recent.find((c) => rows >= c.first && rows < c.first + c.keys.length);
      if (!chunk) return Promise.reject(new Error(`Row ${rows} is not in the chunks just written.`));
      return Promise.resolve(String(chunk.keys[rows - chunk.first]));
    },
    close,
  };
}
