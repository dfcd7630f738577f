import type { CellValue } from '@outport/core';
import { batchRecords } from './batching.js';
import type { BatchResult, ConnectorDefinition, ExportContext, ExportItem, Exporter, ExportRecord, RecordBatch, RejectedRecord } from './define.js';
import { PermanentError } from './errors.js';
import type { ConnectorField, ConnectorManifest } from './manifest.js';
import { prepareRecord } from './normalize.js';

/** A record as the caller has it: for segments, values by connector field key (before normalising). */
export interface SourceRecord {
  key: string;
  values: Record<string, CellValue>;
}

type Source = AsyncIterable<SourceRecord> | Iterable<SourceRecord>;

export interface ExportItemInput {
  item: ExportItem;
  records: Source;
  /** Members that left the segment (connectors with capabilities.removeMembers). */
  removals?: Source;
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
}

export interface ItemOutcome {
  item: ExportItem;
  /** Records the target accepted (upserts and removals). */
  accepted: number;
  /** Records refused, before sending (bad values) or by the target, each with its reason. */
  rejected: RejectedRecord[];
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
    const outcome: ItemOutcome = { item: input.item, accepted: 0, rejected: [], batches: 0 };
    const sent = new Map<number, RecordBatch>();
    const limits = { maxRecords: manifest.limits.recordsPerRequest, maxBytes: manifest.limits.bytesPerRequest };
    const refused: RejectedRecord[] = [];
    // Table rows go as they come: a source record already has the shape of an export record.
    const prepare = (source: Source) => (input.item.kind === 'segment' ? prepared(source, fields, refused) : source);
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
        for await (const batch of batchRecords(prepare(source), limits, operation, next)) {
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

async function* prepared(source: Source, fields: ConnectorField[], rejected: RejectedRecord[]): AsyncGenerator<ExportRecord> {
  for await (const record of source) {
    const result = prepareRecord(fields, record.key, record.values);
    if (result.ok) yield result.record;
    else rejected.push(result.rejected);
  }
}
