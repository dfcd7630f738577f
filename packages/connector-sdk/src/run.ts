import type { CellValue } from '@outport/core';
import { batchRecords } from './batching.js';
import type {
  BatchResult,
  ConnectorDefinition,
  CsvCheckpoint,
  CsvTableExporter,
  CsvTableSource,
  ExportContext,
  ExportItem,
  Exporter,
  ExportRecord,
  RecordBatch,
  RejectedRecord,
  TableItem,
} from './define.js';
import { PermanentError } from './errors.js';
import type { CsvOptions } from './files/csv.js';
import { limitsFor, type ConnectorField, type ConnectorManifest } from './manifest.js';
import { fingerprintValues, identityFields, prepareRecord } from './normalize.js';

/** A record as the caller has it: for segments, values by connector field key (before normalising). */
export interface SourceRecord {
  key: string;
  values: Record<string, CellValue>;
  /**
   * For hosts that track what the target holds (segments of connectors with
   * `capabilities.removeMembers`): `null` when the target does not hold this member (it is sent as
   * an add), or the `fingerprintValues` of the values it was last sent (it is sent as an update when
   * its values now differ, and not at all when they do not). Left out, the record is sent as it is.
   */
  sent?: string | null;
}

type Source = AsyncIterable<SourceRecord> | Iterable<SourceRecord>;

export interface ExportItemInput {
  item: ExportItem;
  records: Source;
  /**
   * Members that left the segment (connectors with capabilities.removeMembers), with the values they
   * were sent with; only their identity fields (see `identityFields`) are used.
   */
  removals?: Source;
  /** Send members whose values did not change too, as updates (a full resync). */
  resendUnchanged?: boolean;
  /**
   * Tables only: the same rows as CSV in the dialect the exporter asks for. Used instead of `records`
   * when the exporter offers the byte path (`Exporter.csv`); `records` is then never read. Returns
   * undefined when the host cannot write this table in that dialect: the row path is used instead.
   */
  csv?: (dialect: CsvOptions) => CsvTableSource | undefined | Promise<CsvTableSource | undefined>;
}

/** Progress of an item on the byte path: rows written so far (a resumed item counts its earlier rows too). */
export interface CsvItemProgress {
  item: ExportItem;
  rows: number;
  /** Set when a file is complete: what to store so a resumed run continues after it. */
  checkpoint?: CsvCheckpoint;
}

export interface BatchProgress {
  item: ExportItem;
  batch: RecordBatch;
  result: BatchResult;
}

export interface RunExportOptions {
  connector: ConnectorDefinition;
  manifest: ConnectorManifest;
  context: ExportContext;
  items: ExportItemInput[];
  /** Called after each acknowledged batch, in order: where the run engine checkpoints. */
  onBatch?: (progress: BatchProgress) => void | Promise<void>;
  /**
   * Called with records refused before sending (values the manifest's field rules reject), before
   * the batch that follows them is handed over and at the end of each item, so a run can count and
   * keep them: the target never sees them, so no batch result reports them.
   */
  onRefused?: (item: ExportItem, refused: RejectedRecord[]) => void | Promise<void>;
  /** Byte-path items: called with each progress report the exporter makes, in order. */
  onCsvProgress?: (progress: CsvItemProgress) => void | Promise<void>;
}

export interface ItemOutcome {
  item: ExportItem;
  /** Records the target accepted (upserts and removals). */
  accepted: number;
  /** Records refused, before sending (bad values) or by the target, each with its reason. */
  rejected: RejectedRecord[];
  /** Records not sent because the target already holds them with the same values. */
  unchanged: number;
  batches: number;
  /** The connector's line on how the target now holds the item (`Exporter.describeItem`), if it gave one. */
  note?: string;
}

/**
 * Drives one export through a connector the way every caller must: normalise and hash values per
 * the manifest's field rules, size batches to the connector's limits, hand them over as a stream,
 * and check that every batch is answered, in order, record by record. The run engine and the
 * conformance kit both use it, so a connector cannot behave differently under test.
 */
export async function runExport(options: RunExportOptions): Promise<{ items: ItemOutcome[] }> {
  const { connector, manifest, context } = options;
  const exporter = await connector.createExporter(context);
  const fields = fieldsFor(manifest, context.audienceKind);
  const outcomes: ItemOutcome[] = [];
  for (const input of options.items) {
    context.signal.throwIfAborted();
    const outcome: ItemOutcome = { item: input.item, accepted: 0, rejected: [], unchanged: 0, batches: 0 };
    const source = input.item.kind === 'table' && exporter.csv ? await input.csv?.(exporter.csv.dialect) : undefined;
    if (source && exporter.csv && input.item.kind === 'table') {
      try {
        await exportCsv(exporter.csv, input.item, source, outcome, options);
      } finally {
        await source.close?.();
      }
      const note = await describeItem(exporter, outcome, options);
      if (note) outcome.note = note;
      outcomes.push(outcome);
      continue;
    }
    const sent = new Map<number, RecordBatch>();
    // Upserts and removals are sized by their own limits where the manifest declares them.
    const sizeOf = (operation: 'upsert' | 'remove') => {
      const limits = limitsFor(manifest.limits, operation);
      return { maxRecords: limits.recordsPerRequest, maxBytes: limits.bytesPerRequest };
    };
    const refused: RejectedRecord[] = [];
    // Table rows go as they come: a source record already has the shape of an export record.
    const segment = input.item.kind === 'segment';
    const upserts = (source: Source) => (segment ? changes(source, fields, input.resendUnchanged ?? false, refused, () => outcome.unchanged++) : source);
    const removals = (source: Source) => (segment ? identities(source, identityFields(fields), refused) : source);
    const reportRefused = async () => {
      if (refused.length === 0) return;
      const report = refused.splice(0);
      outcome.rejected.push(...report);
      await options.onRefused?.(input.item, report);
    };

    async function* batches(): AsyncGenerator<RecordBatch> {
      let next = 0;
      for (const [operation, source] of [['upsert', input.records], ['remove', input.removals]] as const) {
        if (!source) continue;
        for await (const batch of batchRecords(operation === 'upsert' ? upserts(source) : removals(source), sizeOf(operation), operation, next)) {
          context.signal.throwIfAborted();
          await reportRefused();
          sent.set(batch.sequence, batch);
          next = batch.sequence + 1;
          yield batch;
        }
      }
    }

    for await (const result of exporter.exportItem(input.item, batches())) {
      const batch = sent.get(result.sequence);
      if (!batch) throw new PermanentError(`${manifest.name} answered batch ${result.sequence}, which was never sent.`);
      if (result.accepted + result.rejected.length !== batch.records.length) {
        throw new PermanentError(
          `${manifest.name} accounted for ${result.accepted + result.rejected.length} of the ${batch.records.length} records in batch ${result.sequence}.`,
        );
      }
      sent.delete(result.sequence);
      outcome.batches++;
      outcome.accepted += result.accepted;
      outcome.rejected.push(...result.rejected);
      await options.onBatch?.({ item: input.item, batch, result });
      // A cancelled run takes no further results: leaving the loop closes the connector's stream, so
      // a connector still holding batches stops there.
      context.signal.throwIfAborted();
    }
    if (sent.size > 0) {
      throw new PermanentError(`${manifest.name} did not answer ${sent.size} batch(es) of ${input.item.name}.`);
    }
    await reportRefused();
    const note = await describeItem(exporter, outcome, options);
    if (note) outcome.note = note;
    outcomes.push(outcome);
  }
  await exporter.finalize?.(outcomes.map((o) => ({ item: o.item, accepted: o.accepted, rejected: o.rejected.length })));
  return { items: outcomes };
}

/**
 * One table through the byte path: the exporter's reports are checked (rows never go back, and the
 * last report counts every row the source produced) and passed on.
 */
async function exportCsv(csv: CsvTableExporter, item: TableItem, source: CsvTableSource, outcome: ItemOutcome, options: RunExportOptions): Promise<void> {
  const { context, manifest } = options;
  const first = source.resume?.rows ?? 0;
  let produced = 0;
  const counted: CsvTableSource = {
    ...source,
    chunks: (async function* () {
      for await (const chunk of source.chunks) {
        context.signal.throwIfAborted();
        produced += chunk.rows;
        yield chunk;
      }
    })(),
  };
  let rows = first;
  for await (const progress of csv.exportTable(item, counted)) {
    if (progress.rows < rows || progress.rows > first + produced) {
      throw new PermanentError(`${manifest.name} reported ${progress.rows} rows of ${item.name} written, after ${rows}, with ${first + produced} produced.`);
    }
    rows = progress.rows;
    outcome.batches++;
    await options.onCsvProgress?.({ item, rows, ...(progress.checkpoint ? { checkpoint: progress.checkpoint } : {}) });
    context.signal.throwIfAborted();
  }
  if (rows !== first + produced) throw new PermanentError(`${manifest.name} wrote ${rows} of the ${first + produced} rows of ${item.name}.`);
  outcome.accepted = rows - first;
}

/** Notes longer than this are cut: a note is one line in the run's details, not a report. */
const MAX_NOTE_LENGTH = 500;

/** The connector's note on an item; a connector that cannot say is warned about, never failed. */
async function describeItem(exporter: Exporter, outcome: ItemOutcome, options: RunExportOptions): Promise<string | undefined> {
  if (!exporter.describeItem) return undefined;
  const { context, manifest } = options;
  try {
    const note = (await exporter.describeItem(outcome.item, { item: outcome.item, accepted: outcome.accepted, rejected: outcome.rejected.length }))?.replace(/\s+/g, ' ').trim();
    if (!note) return undefined;
    return note.length > MAX_NOTE_LENGTH ? `${note.slice(0, MAX_NOTE_LENGTH - 1)}…` : note;
  } catch (error) {
    if (context.signal.aborted) throw error;
    context.logger.warn(`${manifest.name} could not describe "${outcome.item.name}" after sending it: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** The fields of the chosen audience kind (segment exports); data-out exports have none. */
export function fieldsFor(manifest: ConnectorManifest, audienceKind: string | undefined): ConnectorField[] {
  if (!manifest.exportTypes.includes('segment')) return [];
  const kind = manifest.audienceKinds.find((k) => k.id === audienceKind) ?? (audienceKind ? undefined : manifest.audienceKinds[0]);
  if (!kind) throw new PermanentError(`${manifest.name} has no audience kind "${audienceKind}".`);
  return kind.fields;
}

export type PreparedChange =
  | { outcome: 'send'; record: ExportRecord }
  | { outcome: 'unchanged' }
  | { outcome: 'rejected'; rejected: RejectedRecord };

/**
 * What becomes of one segment member on its way to the target: it is prepared (normalised and
 * hashed per the fields), then compared with what the target holds (`record.sent`). A member the
 * target does not hold is sent as an `add`; one it holds with other values as an `update`; one it
 * holds with the same values is not sent, unless `resendUnchanged`. Runs and dry runs both decide
 * here, so a plan counts exactly what a run would send.
 */
export function prepareChange(fields: ConnectorField[], record: SourceRecord, resendUnchanged = false): PreparedChange {
  const result = prepareRecord(fields, record.key, record.values);
  if (!result.ok) return { outcome: 'rejected', rejected: result.rejected };
  if (record.sent === undefined) return { outcome: 'send', record: result.record };
  if (record.sent === null) return { outcome: 'send', record: { ...result.record, change: 'add' } };
  if (!resendUnchanged && fingerprintValues(result.record.values) === record.sent) return { outcome: 'unchanged' };
  return { outcome: 'send', record: { ...result.record, change: 'update' } };
}

async function* changes(source: Source, fields: ConnectorField[], resendUnchanged: boolean, rejected: RejectedRecord[], onUnchanged: () => void): AsyncGenerator<ExportRecord> {
  for await (const record of source) {
    const result = prepareChange(fields, record, resendUnchanged);
    if (result.outcome === 'send') yield result.record;
    else if (result.outcome === 'rejected') rejected.push(result.rejected);
    else onUnchanged();
  }
}

/** Removals carry what was sent; only the fields the target knows members by are prepared again. */
async function* identities(source: Source, fields: ConnectorField[], rejected: RejectedRecord[]): AsyncGenerator<ExportRecord> {
  for await (const record of source) {
    const result = prepareRecord(fields, record.key, record.values);
    if (result.ok) yield result.record;
    else rejected.push(result.rejected);
  }
}
