import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { parseCell, type ColumnDefinition } from '@outport/core';
import { Problem, type ProblemItem } from '../common/problem.js';
import { hasControlCharacter } from '../common/request-input.js';
import { Database } from '../database/database.js';
import { DataTable, type IDataTable } from '../database/entities/index.js';
import { readCsv, readNdjson, type RecordFormat, type SourceRecord } from './record-parser.js';
import { RecordStore, type RecordRow } from './record-store.js';

export interface IngestionResult {
  received: number;
  accepted: number;
  rejected: number;
  /** Bad rows with their line and reason (the first MAX_REPORTED; `rejected` counts all). */
  errors: { line: number; field?: string; message: string }[];
  errorsTruncated: boolean;
  recordCount: number;
}

const BATCH_ROWS = 1_000;
const MAX_REPORTED = 1_000;
/** Longest record key, in characters (a key is indexed; PostgreSQL indexes hold up to ~2,700 bytes). */
export const MAX_KEY_LENGTH = 500;

/**
 * Why a source value cannot be stored, before its type is checked: a NUL character (no database
 * text column holds one), U+FFFD (the upload was not valid UTF-8), and for keys control characters
 * or more than MAX_KEY_LENGTH characters.
 */
function textProblem(value: unknown, isKey: boolean): string | null {
  if (typeof value !== 'string') return null;
  if (value.includes('\0')) return 'contains a NUL character';
  if (value.includes('\uFFFD')) return 'is not valid UTF-8';
  if (isKey && hasControlCharacter(value)) return 'a key cannot contain control characters';
  if (isKey && value.length > MAX_KEY_LENGTH) return `a key is at most ${MAX_KEY_LENGTH} characters`;
  return null;
}

/**
 * Streams records into a table: parses CSV or NDJSON, validates each cell against its column type,
 * writes good rows in batches (upsert by key) and reports bad rows by line. Memory stays flat:
 * at most one batch is held at a time.
 */
@Injectable()
export class IngestionService {
  constructor(
    private readonly db: Database,
    private readonly store: RecordStore,
  ) {}

  async ingest(table: IDataTable, format: RecordFormat, input: Readable): Promise<IngestionResult> {
    let header: string[] | null = null;
    const onHeader = (names: string[]) => {
      header = names;
    };
    const source = format === 'csv' ? readCsv(input, onHeader) : readNdjson(input, onHeader);
    return this.ingestRecords(table, source, () => header);
  }

  /** Also used by the demo generator, which produces rows directly. */
  async ingestRecords(table: IDataTable, source: AsyncIterable<SourceRecord> | Iterable<SourceRecord>, header: () => string[] | null): Promise<IngestionResult> {
    const byName = new Map(table.columns.map((c) => [c.name, c]));
    const result: IngestionResult = { received: 0, accepted: 0, rejected: 0, errors: [], errorsTruncated: false, recordCount: 0 };
    const reject = (line: number, message: string, field?: string) => {
      result.rejected++;
      if (result.errors.length < MAX_REPORTED) result.errors.push({ line, message, ...(field ? { field } : {}) });
      else result.errorsTruncated = true;
    };

    let columns: ColumnDefinition[] | null = null;
    let batch = new Map<string, RecordRow>();
    const flush = async () => {
      if (batch.size === 0 || !columns) return;
      const rows = [...batch.values()];
      batch = new Map();
      await this.db.em.transactional((em) => this.store.upsert(table, columns!.map((c) => c.name), rows, em));
    };

    for await (const record of source) {
      result.received++;
      if ('error' in record) {
        reject(record.line, `Line ${record.line} ${record.error}.`);
        continue;
      }
      // The header is known once the first record is read; check it once, before writing anything.
      columns ??= this.checkHeader(table, header() ?? Object.keys(record.values));
      const row: RecordRow = {};
      let bad = false;
      for (const column of columns) {
        const unfit = textProblem(record.values[column.name], column.name === table.keyColumn);
        if (unfit) {
          reject(record.line, `Line ${record.line}, column ${column.name}: ${unfit}.`, column.name);
          bad = true;
          break;
        }
        const parsed = parseCell(column.type, record.values[column.name]);
        if (!parsed.ok) {
          reject(record.line, `Line ${record.line}, column ${column.name}: ${parsed.reason}.`, column.name);
          bad = true;
          break;
        }
        if (parsed.value === null && (column.name === table.keyColumn || column.nullable === false)) {
          reject(record.line, `Line ${record.line}, column ${column.name}: a value is required.`, column.name);
          bad = true;
          break;
        }
        row[column.name] = parsed.value;
      }
      if (bad) continue;
      const unknown = Object.keys(record.values).filter((k) => !byName.has(k));
      if (unknown.length > 0) {
        // An NDJSON object may carry keys that are not columns; say so rather than drop them silently.
        reject(record.line, `Line ${record.line}: unknown field(s) ${unknown.join(', ')}.`, unknown[0]);
        continue;
      }
      // Last one wins when a key repeats inside one batch (one statement cannot update a row twice).
      batch.set(String(row[table.keyColumn]), row);
      result.accepted++;
      if (batch.size >= BATCH_ROWS) await flush();
    }
    await flush();

    const em = this.db.em;
    result.recordCount = await this.store.count(table.physicalName);
    // An upload whose every row was refused changes nothing, not even the table's last update.
    if (result.accepted > 0) {
      await em.nativeUpdate(DataTable, { id: table.id }, { recordCount: result.recordCount, updatedAt: new Date() });
      table.recordCount = result.recordCount;
    }
    return result;
  }

  private checkHeader(table: IDataTable, header: string[]): ColumnDefinition[] {
    const byName = new Map(table.columns.map((c) => [c.name, c]));
    const unknown = header.filter((name) => !byName.has(name));
    const problems: ProblemItem[] = unknown.map((name) => ({ field: name, message: `Column "${name}" is not defined on table ${table.name}.` }));
    if (!header.includes(table.keyColumn)) {
      problems.push({ field: table.keyColumn, message: `The key column "${table.keyColumn}" is missing.` });
    }
    if (problems.length) {
      throw Problem.badRequest(`The upload's columns do not match table ${table.name}; nothing was written.`, problems);
    }
    return header.map((name) => byName.get(name)!);
  }
}
