import type { Partition } from './cdm-model.js';
import type { Destination, StagedFile } from './destinations/index.js';
import { partitionIndex, partitionName } from './layout.js';

/** Rows are handed to the destination in chunks this big: one Put Block each on Azure. */
const CHUNK_BYTES = 4 * 1024 * 1024;

interface OpenPartition {
  index: number;
  file: StagedFile;
  bytes: number;
  rows: number;
  /** Rows not yet handed to the destination, kept as strings (or bytes) and encoded once per chunk. */
  buffered: (string | Buffer)[];
  bufferedBytes: number;
}

/**
 * Writes one item's rows as CSV partitions of at most `maxBytes` (header included): a new one
 * starts when the next row would not fit. A row bigger than the bound still gets a partition of its
 * own rather than being refused. Partitions become visible whole, one after the other.
 */
export class PartitionWriter {
  readonly partitions: (Partition & { rows: number })[] = [];
  private current: OpenPartition | undefined;
  private readonly header: string;
  private readonly headerBytes: number;

  constructor(
    private readonly destination: Destination,
    private readonly folder: string,
    private readonly itemName: string,
    header: string,
    private readonly maxBytes: number,
    /** Partitions a previous attempt of the run completed: this one continues after them. */
    completed: (Partition & { rows: number })[] = [],
  ) {
    this.header = header;
    this.headerBytes = Buffer.byteLength(header, 'utf8');
    this.partitions.push(...completed);
  }

  get headerSize(): number {
    return this.headerBytes;
  }

  /**
   * Adds whole CSV records as bytes (the byte path, already cut by `csvPartitions` so they fit the
   * partition being filled); resolves at once unless a chunk is due to be written.
   */
  addBytes(bytes: Buffer, rows: number): Promise<void> | undefined {
    const partition = this.current ?? this.open();
    partition.buffered.push(bytes);
    partition.bufferedBytes += bytes.length;
    partition.bytes += bytes.length;
    partition.rows += rows;
    return partition.bufferedBytes >= CHUNK_BYTES ? this.flush(partition) : undefined;
  }

  /** Completes the partition being filled (the byte path says where partitions end). */
  async close(): Promise<void> {
    if (this.current) await this.commit();
  }

  /** Adds a row; resolves at once unless a chunk is due to be written (so callers may skip awaiting). */
  add(row: string): Promise<void> | undefined {
    const bytes = Buffer.byteLength(row, 'utf8');
    if (this.current && this.current.rows > 0 && this.current.bytes + bytes > this.maxBytes) {
      return this.commit().then(() => this.add(row));
    }
    const partition = this.current ?? this.open();
    partition.buffered.push(row);
    partition.bufferedBytes += bytes;
    partition.bytes += bytes;
    partition.rows++;
    return partition.bufferedBytes >= CHUNK_BYTES ? this.flush(partition) : undefined;
  }

  /**
   * Commits the last partition (an item without rows still gets one, holding the header, so readers
   * find its schema), then deletes partitions a previous run in the same minute left beyond ours.
   */
  async finish(): Promise<void> {
    if (!this.current && this.partitions.length === 0) this.open();
    if (this.current) await this.commit();
    const last = this.partitions.length;
    for (const name of await this.destination.list(this.folder)) {
      const index = partitionIndex(this.itemName, name);
      if (index !== undefined && index > last) await this.destination.remove(`${this.folder}/${name}`);
    }
  }

  async abort(): Promise<void> {
    await this.current?.file.abort();
    this.current = undefined;
  }

  private open(): OpenPartition {
    const index = this.partitions.length + 1;
    const file = this.destination.stage(this.path(index), 'text/csv; charset=utf-8');
    this.current = { index, file, bytes: this.headerBytes, rows: 0, buffered: [this.header], bufferedBytes: this.headerBytes };
    return this.current;
  }

  private async flush(partition: OpenPartition): Promise<void> {
    if (partition.bufferedBytes === 0) return;
    const { buffered } = partition;
    const chunk = buffered.every((piece) => typeof piece === 'string')
      ? Buffer.from(buffered.join(''), 'utf8')
      : Buffer.concat(buffered.map((piece) => (typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece)));
    partition.buffered = [];
    partition.bufferedBytes = 0;
    await partition.file.append(chunk);
  }

  private async commit(): Promise<void> {
    const partition = this.current!;
    await this.flush(partition);
    await partition.file.commit();
    this.current = undefined;
    const path = this.path(partition.index);
    this.partitions.push({
      name: partitionName(this.itemName, partition.index),
      location: this.destination.location(path),
      refreshTime: new Date().toISOString(),
      rows: partition.rows,
    });
  }

  private path(index: number): string {
    return `${this.folder}/${partitionName(this.itemName, index)}.csv`;
  }
}
