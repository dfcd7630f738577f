import { Injectable } from '@nestjs/common';
import type { CellValue, ColumnDefinition } from '@outport/core';
import { sql, type Kysely } from 'kysely';
import { Database } from '../database/database.js';
import type { Em } from '../database/orm.js';
import type { ListParams } from '../common/list-query.js';
import { columnSqlType, fromDb, toDb } from './sql-types.js';

/** Kysely without a static schema: customer tables are defined at run time. */
export type AnyDb = Record<string, Record<string, string | number | boolean | null>>;

export interface PhysicalTable {
  physicalName: string;
  keyColumn: string;
  columns: ColumnDefinition[];
}

export type RecordRow = Record<string, CellValue>;

// Rows per INSERT: well under SQLite's 32,766 bound parameters even at 60 columns.
const MAX_PARAMS = 30_000;

/**
 * The physical side of Outport tables: one database table per Outport table, with real typed
 * columns, created and altered from its definition through the ORM's query layer (Kysely).
 */
@Injectable()
export class RecordStore {
  constructor(private readonly db: Database) {}

  kysely(em: Em = this.db.em): Kysely<AnyDb> {
    return em.getKysely<AnyDb>();
  }

  async createTable(table: PhysicalTable, em?: Em): Promise<void> {
    let builder = this.kysely(em).schema.createTable(table.physicalName);
    for (const column of table.columns) {
      const type = columnSqlType(this.db.dialect, column.type);
      const isKey = column.name === table.keyColumn;
      builder = builder.addColumn(column.name, type, (col) => (isKey ? col.primaryKey().notNull() : col));
    }
    await builder.execute();
  }

  async addColumns(table: PhysicalTable, columns: ColumnDefinition[], em?: Em): Promise<void> {
    for (const column of columns) {
      await this.kysely(em).schema.alterTable(table.physicalName).addColumn(column.name, columnSqlType(this.db.dialect, column.type)).execute();
    }
  }

  async dropTable(physicalName: string, em?: Em): Promise<void> {
    await this.kysely(em).schema.dropTable(physicalName).ifExists().execute();
  }

  /**
   * Inserts or updates rows by key. Only the columns present in `columns` are written, so an upload
   * with fewer columns leaves the others as they were.
   */
  async upsert(table: PhysicalTable, columns: string[], rows: RecordRow[], em?: Em): Promise<void> {
    if (rows.length === 0) return;
    const dialect = this.db.dialect;
    const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
    const updates = columns.filter((c) => c !== table.keyColumn);
    for (let start = 0; start < rows.length; start += perStatement) {
      const values = rows.slice(start, start + perStatement).map((row) => {
        const out: Record<string, string | number | boolean | null> = {};
        for (const column of columns) out[column] = toDb(dialect, row[column] ?? null);
        return out;
      });
      await this.kysely(em)
        .insertInto(table.physicalName)
        .values(values)
        .onConflict((oc) => {
          const target = oc.column(table.keyColumn);
          if (updates.length === 0) return target.doNothing();
          return target.doUpdateSet(Object.fromEntries(updates.map((c) => [c, sql.ref(`excluded.${c}`)])));
        })
        .execute();
    }
  }

  async count(physicalName: string, em?: Em): Promise<number> {
    const row = await this.kysely(em)
      .selectFrom(physicalName)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** A page of records in key order. */
  /** A page of records sorted by one column (empty values last), then by key. The caller checked the column. */
  async page(table: PhysicalTable, params: Pick<ListParams, 'sort' | 'order' | 'limit' | 'offset'>, em?: Em): Promise<RecordRow[]> {
    let query = this.kysely(em).selectFrom(table.physicalName).selectAll();
    if (params.sort !== table.keyColumn) query = query.orderBy(sql.ref(params.sort), (o) => (params.order === 'desc' ? o.desc() : o.asc()).nullsLast());
    const rows = await query
      .orderBy(sql.ref(table.keyColumn), params.sort === table.keyColumn ? params.order : 'asc')
      .limit(params.limit)
      .offset(params.offset)
      .execute();
    return rows.map((row) => {
      const out: RecordRow = {};
      for (const column of table.columns) out[column.name] = fromDb(column.type, row[column.name]);
      return out;
    });
  }
}
