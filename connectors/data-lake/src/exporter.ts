import { CsvEncoder, csvPartitions, outputName } from '@outport/connector-sdk';
import type {
  BatchResult,
  CellValue,
  CsvProgress,
  CsvTableExporter,
  CsvTableSource,
  ExportContext,
  ExportItem,
  ExportRecord,
  Exporter,
  ItemSummary,
  RecordBatch,
  TableItem,
} from '@outport/connector-sdk';
import { cdmModel, type Attribute, type Entity, type Partition } from './cdm-model.js';
import type { Destination } from './destinations/index.js';
import { exportFolder, itemFolder, modelPath } from './layout.js';
import { MEMBER_FIELDS } from './manifest.js';
import { PartitionWriter } from './partition-writer.js';
import type { FileOptions } from './settings.js';

/** A segment's CSV columns: the member key, then every attribute of the audience kind, mapped or not. */
const MEMBER_COLUMNS: Attribute[] = MEMBER_FIELDS.map((field) => ({ name: field.key, type: field.type }));

function attributesOf(item: ExportItem): Attribute[] {
  const columns = item.kind === 'table' ? item.columns.map((column) => ({ name: column.name, type: column.type })) : MEMBER_COLUMNS;
  return columns.map((column) => ({ ...column }));
}

function describe(item: ExportItem): string {
  return item.kind === 'table'
    ? `All rows of the table ${item.name}, keyed by ${item.keyColumn}.`
    : `The members of the ${item.segmentType} segment "${item.name}".`;
}

/** The row for a record; the key comes from the record itself when the values leave it out. */
function rowOf(item: ExportItem, attributes: Attribute[], record: ExportRecord): CellValue[] {
  const keyColumn = item.kind === 'table' ? item.keyColumn : 'key';
  return attributes.map(({ name }) => record.values[name] ?? (name === keyColumn ? record.key : null));
}

/**
 * Watches the number columns of an item's rows: a column whose values are all whole numbers that
 * int64 holds exactly is declared int64 in model.json, any other number column double.
 */
class NumberKinds {
  private readonly columns: number[];
  private readonly fractional = new Set<number>();
  private readonly seen = new Set<number>();

  constructor(private readonly attributes: Attribute[]) {
    this.columns = attributes.flatMap((attribute, index) => (attribute.type === 'number' ? [index] : []));
  }

  observe(row: readonly CellValue[]): void {
    for (const index of this.columns) {
      const value = row[index];
      if (typeof value !== 'number') continue;
      this.seen.add(index);
      if (!Number.isSafeInteger(value)) this.fractional.add(index);
    }
  }

  /** The attributes, with what the run showed about their numbers. */
  result(): Attribute[] {
    return this.attributes.map((attribute, index) =>
      attribute.type === 'number' ? { ...attribute, wholeNumbers: this.seen.has(index) && !this.fractional.has(index) } : attribute,
    );
  }
}

/**
 * One run's CDM folder. Each item is streamed into size-bounded CSV partitions, and a batch is
 * acknowledged as soon as its rows are written to the partition being filled, so the run never holds
 * more than one batch in memory whatever the partition size. Partitions become visible only when
 * complete, and a run resumed after a crash starts a file item over (the run engine's contract for
 * file targets), so an acknowledgement never covers rows that end up lost. `finalize` then writes
 * model.json describing what this run wrote.
 */
export class CdmFolderExporter implements Exporter {
  private readonly entities = new Map<string, Entity>();
  private readonly folder: string;
  private readonly encoder: CsvEncoder;
  /** Data-out tables as bytes the database encoded: the same files, without a record per row. */
  readonly csv: CsvTableExporter;

  constructor(
    private readonly ctx: ExportContext,
    private readonly destination: Destination,
    private readonly options: FileOptions,
  ) {
    this.folder = exportFolder(ctx);
    this.encoder = new CsvEncoder({ escapeFormulas: options.escapeFormulas });
    this.csv = { dialect: { escapeFormulas: options.escapeFormulas }, exportTable: (item, source) => this.exportTable(item, source) };
  }

  /**
   * The byte path: the same partitions as `exportItem` writes (the SDK cuts the bytes on the same row
   * boundaries), with a checkpoint as each one is complete, holding the partitions written so far, so
   * a resumed run continues with the next partition rather than starting the table over.
   */
  private async *exportTable(item: TableItem, source: CsvTableSource): AsyncGenerator<CsvProgress> {
    const name = outputName(item.name, item.id);
    const resumed = (source.resume?.state as TableState | undefined)?.partitions ?? [];
    const writer = new PartitionWriter(
      this.destination,
      itemFolder(this.folder, name, this.ctx.startedAt),
      name,
      source.header.toString('utf8'),
      this.options.maxPartitionBytes,
      resumed,
    );
    let rows = source.resume?.rows ?? 0;
    let reported = rows;
    try {
      for await (const piece of csvPartitions(source.chunks, { headerBytes: writer.headerSize, maxBytes: this.options.maxPartitionBytes })) {
        if (piece.rows > 0) {
          const writing = writer.addBytes(piece.bytes, piece.rows);
          rows += piece.rows;
          if (writing) {
            await writing;
            // A chunk went to the destination: a progress report, without a checkpoint.
            reported = rows;
            yield { rows };
          }
        }
        if (piece.closes) {
          await writer.close();
          // A copy: the host may keep the checkpoint while later partitions are added.
          const state: TableState = { partitions: writer.partitions.map((p) => ({ ...p })) };
          reported = rows;
          yield { rows, checkpoint: { rows, state } };
        }
      }
      await writer.finish();
    } catch (error) {
      await writer.abort();
      throw error;
    }
    if (rows !== reported) yield { rows };
    const whole = await source.wholeNumbers();
    this.entities.set(item.id, {
      name,
      description: describe(item),
      item: { id: item.id, name: item.name },
      attributes: attributesOf(item).map((attribute) => (attribute.type === 'number' ? { ...attribute, wholeNumbers: whole[attribute.name] === true } : attribute)),
      partitions: writer.partitions,
    });
  }

  async *exportItem(item: ExportItem, batches: AsyncIterable<RecordBatch>): AsyncGenerator<BatchResult> {
    const attributes = attributesOf(item);
    const numbers = new NumberKinds(attributes);
    // The entity's name, folder and file names: the item's name, unique even when it had to be cleaned.
    const name = outputName(item.name, item.id);
    const writer = new PartitionWriter(
      this.destination,
      itemFolder(this.folder, name, this.ctx.startedAt),
      name,
      this.encoder.row(attributes.map((attribute) => attribute.name)),
      this.options.maxPartitionBytes,
    );
    try {
      for await (const batch of batches) {
        if (batch.operation === 'remove') {
          yield refuseRemovals(batch);
          continue;
        }
        for (const record of batch.records) {
          const row = rowOf(item, attributes, record);
          numbers.observe(row);
          // Most rows are only buffered: awaiting just the ones that write keeps the loop synchronous.
          const writing = writer.add(this.encoder.row(row));
          if (writing) await writing;
        }
        yield { sequence: batch.sequence, accepted: batch.records.length, rejected: [] };
      }
      await writer.finish();
    } catch (error) {
      await writer.abort();
      throw error;
    }
    this.entities.set(item.id, {
      name,
      description: describe(item),
      item: { id: item.id, name: item.name },
      attributes: numbers.result(),
      partitions: writer.partitions,
    });
  }

  async finalize(summary: ItemSummary[]): Promise<void> {
    const entities = summary.flatMap(({ item }) => this.entities.get(item.id) ?? []);
    if (entities.length === 0) return;
    const model = cdmModel({
      name: outputName(this.ctx.exportName, this.ctx.exportId),
      exportName: this.ctx.exportName,
      exportId: this.ctx.exportId,
      environmentId: this.ctx.environmentId,
      runId: this.ctx.runId,
      modifiedTime: new Date(),
      formulasEscaped: this.options.escapeFormulas,
      entities,
    });
    await this.destination.write(modelPath(this.folder), `${JSON.stringify(model, null, 2)}\n`, 'application/json');
  }
}

/** What a byte-path checkpoint holds: the partitions complete so far. */
interface TableState {
  partitions: (Partition & { rows: number })[];
}

/** The manifest says removeMembers: false, so the SDK never sends these; answered for completeness. */
function refuseRemovals(batch: RecordBatch): BatchResult {
  const reason = 'A data lake export rewrites the whole segment on every run; members cannot be removed one by one.';
  return { sequence: batch.sequence, accepted: 0, rejected: batch.records.map((record) => ({ key: record.key, reason })) };
}
