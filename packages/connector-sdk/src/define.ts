import type { CellValue, ColumnDefinition, SegmentType } from '@outport/core';
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
