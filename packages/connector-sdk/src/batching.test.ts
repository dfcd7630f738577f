import { describe, expect, it } from 'vitest';
import { batchRecords, recordSize } from './batching.js';
import type { ExportRecord, RecordBatch } from './define.js';

const make = (n: number, pad = 0): ExportRecord[] =>
  Array.from({ length: n }, (_, i) => ({ key: `k${i}`, values: { email: `user${i}@example.com`, note: 'x'.repeat(pad) } }));

async function collect(source: AsyncIterable<RecordBatch>): Promise<RecordBatch[]> {
  const out: RecordBatch[] = [];
  for await (const batch of source) out.push(batch);
  return out;
}

describe('batchRecords', () => {
  it('measures records as the UTF-8 bytes of their values as JSON', () => {
    expect(recordSize({ key: 'a', values: { n: 'é' } })).toBe(Buffer.byteLength('{"n":"é"}'));
  });

  it('respects both the record and the byte limit, in order, with increasing sequences', async () => {
    const records = make(95, 20);
    const maxBytes = recordSize(records[0]!) * 7 + 3;
    const batches = await collect(batchRecords(records, { maxRecords: 10, maxBytes }, 'upsert', 4));
    for (const batch of batches) {
      expect(batch.records.length).toBeLessThanOrEqual(10);
      expect(batch.records.reduce((sum, r) => sum + recordSize(r), 0)).toBeLessThanOrEqual(maxBytes);
      expect(batch.operation).toBe('upsert');
    }
    expect(batches.map((b) => b.sequence)).toEqual(batches.map((_, i) => i + 4));
    expect(batches.flatMap((b) => b.records.map((r) => r.key))).toEqual(records.map((r) => r.key));
    expect(batches[0]!.records).toHaveLength(7);
  });

  it('splits by record count alone when there is no byte limit, from an async source', async () => {
    async function* source() {
      for (const record of make(25)) {
        await Promise.resolve();
        yield record;
      }
    }
    const batches = await collect(batchRecords(source(), { maxRecords: 10 }, 'remove'));
    expect(batches.map((b) => b.records.length)).toEqual([10, 10, 5]);
  });

  it('sends a record larger than maxBytes on its own instead of dropping it', async () => {
    const records = [...make(2), { key: 'big', values: { blob: 'y'.repeat(500) } }, ...make(2)];
    const batches = await collect(batchRecords(records, { maxBytes: 100 }, 'upsert'));
    expect(batches.map((b) => b.records.map((r) => r.key))).toEqual([['k0', 'k1'], ['big'], ['k0', 'k1']]);
  });

  it('yields nothing for no records', async () => {
    expect(await collect(batchRecords([], { maxRecords: 5 }, 'upsert'))).toEqual([]);
  });
});
