import type { ExportRecord, RecordBatch } from './define.js';

/**
 * Sizes batches from a connector's declared limits, so no connector has to count records or bytes
 * itself. Records stream through: at most one batch is held in memory at a time.
 */

export interface BatchLimits {
  /** Records per batch (the manifest's `recordsPerRequest`). */
  maxRecords?: number;
  /** Bytes per batch (the manifest's `bytesPerRequest`), counted as in `recordSize`. */
  maxBytes?: number;
}

const encoder = new TextEncoder();

/**
 * The size a record contributes to a batch: the UTF-8 bytes of its values as JSON. It is an estimate
 * of the payload (targets wrap records in their own envelopes), so connectors should declare a
 * `bytesPerRequest` with some headroom below the target's hard limit.
 */
export function recordSize(record: ExportRecord): number {
  return encoder.encode(JSON.stringify(record.values)).byteLength;
}

/**
 * Groups records into batches that never exceed `maxRecords` records nor `maxBytes` bytes (summed
 * `recordSize`). A single record larger than `maxBytes` cannot fit any batch; rather than dropping
 * it silently it is sent on its own, so the target rejects it with its own reason and the record
 * is reported like any other rejection. Sequences count up from `firstSequence`. An empty source
 * yields no batches.
 */
export async function* batchRecords(
  records: AsyncIterable<ExportRecord> | Iterable<ExportRecord>,
  limits: BatchLimits,
  operation: 'upsert' | 'remove',
  firstSequence = 0,
): AsyncGenerator<RecordBatch> {
  const maxRecords = positiveOrInfinity(limits.maxRecords);
  const maxBytes = positiveOrInfinity(limits.maxBytes);
  let sequence = firstSequence;
  let current: ExportRecord[] = [];
  let currentBytes = 0;

  for await (const record of records) {
    const size = maxBytes === Infinity ? 0 : recordSize(record);
    if (current.length > 0 && currentBytes + size > maxBytes) {
      yield { sequence: sequence++, operation, records: current };
      current = [];
      currentBytes = 0;
    }
    current.push(record);
    currentBytes += size;
    // A full batch goes out at once rather than waiting for the next record to be read.
    if (current.length >= maxRecords) {
      yield { sequence: sequence++, operation, records: current };
      current = [];
      currentBytes = 0;
    }
  }
  if (current.length > 0) yield { sequence, operation, records: current };
}

function positiveOrInfinity(limit: number | undefined): number {
  return limit !== undefined && limit > 0 ? limit : Infinity;
}
