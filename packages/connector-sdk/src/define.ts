import type { CellValue, ColumnDefinition, SegmentType } from '@outport/core';
import type { CsvOptions } from './files/csv.js';
import type { ConnectorManifestInput } from './manifest.js';
import type { CallLimiter, RateLimits } from './rate-limit.js';

/** Values of a connection's settings and secrets, and of an export's options. */
export type Values = Record<string, string | number | boolean | undefined>;

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

/** What a connector gets to reach its target: the connection's settings and decrypted secrets. */
export interface ConnectionContext {
  settings: Values;
  secrets: Record<string, string | undefined>;
  signal: AbortSignal;
  logger: Logger;
  /**
   * Set by a host that runs exports in several processes: the limiter for `key`, shared by all of
   * them. Connectors do not call it directly; `connectionLimiter` picks it when it is there.
   */
  sharedLimiter?: (key: string, limits: RateLimits) => CallLimiter;
}

/** One record handed to a connector: its key (the member's or row's key) and its values. */
export interface ExportRecord {
  key: string;
  /** Segment exports: connector field key → normalised (and, where the field says, hashed) value.
   *  Data-out exports: column name → value. */
  values: Record<string, CellValue>;
  /**
   * Upserts of segments whose target state the host tracks (connectors with
   * `capabilities.removeMembers`): `add` when the target does not hold the member yet, `update` when
   * it does and the member's values changed since they were last sent (or a full resync sends it
   * again). Both go through the same upsert call; a connector whose target needs a different call
   * for updates can tell them apart here. Absent when the host does not track the target.
   */
  change?: 'add' | 'update';
}

/** A batch of records, already sized to the connector's limits by the SDK. */
export interface RecordBatch {
  /** Increasing within one item; results echo it so progress can be checkpointed. */
  sequence: number;
  operation: 'upsert' | 'remove';
  records: ExportRecord[];
}

export interface RejectedRecord {
  key: string;
  reason: string;
  field?: string;
}

/** What the target did with one batch. Every record is either accepted or rejected. */
export interface BatchResult {
  sequence: number;
  accepted: number;
  rejected: RejectedRecord[];
}

/** One segment or table of an export. */
export type ExportItem =
  | { kind: 'segment'; id: string; name: string; segmentType: SegmentType; memberCount: number }
  | { kind: 'table'; id: string; name: string; keyColumn: string; columns: ColumnDefinition[]; rowCount: number };

export interface ExportContext extends ConnectionContext {
  /**
   * The environment the export belongs to. File targets write each environment's output under its
   * own folder, so environments that share a destination never overwrite each other's files.
   */
  environmentId?: string;
  exportId: string;
  exportName: string;
  runId: string;
  /** When the run started: file targets use it to name their output folders. */
  startedAt: Date;
  options: Values;
  /** The chosen audience kind (segment exports). */
  audienceKind?: string;
}

export interface ItemSummary {
  item: ExportItem;
  accepted: number;
  rejected: number;
}

/**
 * One run's conversation with the target. The SDK calls `exportItem` for each segment or table with
 * a stream of batches, and consumes one result per batch (in order) before it records progress.
 */
export interface Exporter {
  exportItem(item: ExportItem, batches: AsyncIterable<RecordBatch>): AsyncIterable<BatchResult>;
  /**
   * Optional. Called once an item's last batch is answered: one line on how the target now holds
   * the item, for the run's details (e.g. "LinkedIn segment 123: READY, 2,310 of 3,100 matched").
   * Return `undefined` to say nothing. A failure here is logged as a warning and never fails an
   * export whose records were all answered.
   */
  describeItem?(item: ExportItem, summary: ItemSummary): Promise<string | undefined>;
  /** After every item: write manifests, swap files into place, close sessions. */
  finalize?(summary: ItemSummary[]): Promise<void>;
  /**
   * Optional, for targets that take files: the byte path for data-out tables. When it is there and
   * the host can produce the table as CSV itself (the database writes it, see `CsvTableSource`), the
   * SDK calls `csv.exportTable` instead of `exportItem` for that table, and the connector writes
   * bytes to its files without a record object per row. Other items (segments, and tables the host
   * cannot produce as CSV) still go through `exportItem`, so the bytes must be exactly what
   * `exportItem` would write for the same rows in the same dialect.
   */
  csv?: CsvTableExporter;
}

/** A table item: the only kind the byte path carries. */
export type TableItem = Extract<ExportItem, { kind: 'table' }>;

/** Whole CSV records (CRLF-terminated, in the exporter's dialect), and how many. */
export interface CsvChunk {
  bytes: Buffer;
  rows: number;
}

/**
 * Where an item written through the byte path stands, as the exporter reports it once a file is
 * complete: `rows` written so far (from the item's first row) and the exporter's own `state` (JSON:
 * e.g. the partitions written). A resumed run hands it back in `CsvTableSource.resume` and the
 * source continues after the first `rows` rows.
 */
export interface CsvCheckpoint {
  rows: number;
  state: unknown;
}

/** Progress of a byte-path item: rows written so far; with a checkpoint when a file is complete. */
export interface CsvProgress {
  rows: number;
  checkpoint?: CsvCheckpoint;
}

/** A table as CSV, produced by the host in the dialect the exporter asked for (`CsvTableExporter.dialect`). */
export interface CsvTableSource {
  /** The header record (column names, in the item's column order), CRLF included. */
  header: Buffer;
  /** The rows in key order (after the resume point), each chunk holding whole records. */
  chunks: AsyncIterable<CsvChunk>;
  /** Set when the item resumes: the last checkpoint the exporter reported. */
  resume?: CsvCheckpoint;
  /**
   * Once `chunks` has ended: for each number column, whether every value of the table's rows is a
   * whole number that int64 holds exactly (and there is at least one), for targets that type columns.
   */
  wholeNumbers(): Promise<Record<string, boolean>>;
  /** Called by the SDK once the item is done with (or failed): ends the host's reads. */
  close?(): Promise<void>;
}

export interface CsvTableExporter {
  /** The CSV the exporter writes (delimiter, formula escaping): the host encodes the rows in it. */
  dialect: CsvOptions;
  /**
   * Writes the table's rows (`csvPartitions` cuts them into files on row boundaries) and reports
   * progress: rows written so far, monotonically, and a checkpoint each time a file is complete, so a
   * resumed run continues after the last complete file. The last report must count every row.
   */
  exportTable(item: TableItem, source: CsvTableSource): AsyncIterable<CsvProgress>;
}

/** What a successful connection test found out that the host should keep with the connection. */
export interface ConnectionTestResult {
  /**
   * Values the test learned about the target, by connection setting (declared, not secret): e.g. the
   * SFTP server's host key fingerprint on first use. The host stores each one in the connection's
   * settings where that setting is empty, and never replaces a value that is set: a changed value is
   * for the connector to refuse (`IdentityChangedError`) and for an admin to accept.
   */
  learned?: Values;
}

export interface ConnectorDefinition {
  /**
   * The manifest without `version` and `sdk`: both come from the package's package.json when the
   * manifest is generated (its version, and its peer dependency range on `@outport/connector-sdk`),
   * so a release that bumps them cannot leave the manifest behind.
   */
  manifest: Omit<ConnectorManifestInput, 'version' | 'sdk'> & { version?: string; sdk?: never };
  /**
   * Checks that the settings and secrets reach the target; throws a ConnectorError saying why not.
   * It may report values it learned (see ConnectionTestResult).
   */
  testConnection(ctx: ConnectionContext): Promise<void | ConnectionTestResult>;
  createExporter(ctx: ExportContext): Exporter | Promise<Exporter>;
}

/** Declares a connector. A connector package's main module exports the result as its default. */
export function defineConnector<const T extends ConnectorDefinition>(definition: T): T {
  return definition;
}
