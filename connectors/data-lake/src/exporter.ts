import type { BatchResult, ExportContext, ExportItem, ExportRecord, Exporter, ItemSummary, RecordBatch } from '@outport/connector-sdk';
import type { CellValue } from '@outport/connector-sdk';
import { cdmModel, type Attribute, type Entity } from './cdm-model.js';
import { csvRow } from './csv.js';
import type { Destination } from './destinations/index.js';
import { itemFolder, modelPath } from './layout.js';
import { MEMBER_FIELDS } from './manifest.js';
import { PartitionWriter } from './partition-writer.js';

/** A segment's CSV columns: the member key, then every attribute of the audience kind, mapped or not. */
const MEMBER_COLUMNS: Attribute[] = MEMBER_FIELDS.map((field) => ({ name: field.key, type: field.type }));

function attributesOf(item: ExportItem): Attribute[] {
  return item.kind === 'table' ? item.columns.map((column) => ({ name: column.name, type: column.type })) : MEMBER_COLUMNS;
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
 * One run's CDM folder. Each item is streamed into size-bounded CSV partitions, and a batch is
 * acknowledged as soon as its rows are written to the partition being filled, so the run never holds
 * more than one batch in memory whatever the partition size. Partitions become visible only when
 * complete, and a run resumed after a crash starts a file item over (the run engine's contract for
 * file targets), so an acknowledgement never covers rows that end up lost. `finalize` then writes
 * model.json describing what this run wrote.
 */
export class CdmFolderExporter implements Exporter {
  private readonly entities = new Map<string, Entity>();

  constructor(
    private readonly ctx: ExportContext,
    private readonly destination: Destination,
    private readonly maxPartitionBytes: number,
  ) {}

  async *exportItem(item: ExportItem, batches: AsyncIterable<RecordBatch>): AsyncGenerator<BatchResult> {
    const attributes = attributesOf(item);
    const writer = new PartitionWriter(
      this.destination,
      itemFolder(this.ctx.exportName, item.name, this.ctx.startedAt),
      item.name,
      csvRow(attributes.map((attribute) => attribute.name)),
      this.maxPartitionBytes,
    );
    try {
      for await (const batch of batches) {
        if (batch.operation === 'remove') {
          yield refuseRemovals(batch);
          continue;
        }
        for (const record of batch.records) {
          // Most rows are only buffered: awaiting just the ones that write keeps the loop synchronous.
          const writing = writer.add(csvRow(rowOf(item, attributes, record)));
          if (writing) await writing;
        }
        yield { sequence: batch.sequence, accepted: batch.records.length, rejected: [] };
      }
      await writer.finish();
    } catch (error) {
      await writer.abort();
      throw error;
    }
    this.entities.set(item.id, { name: item.name, description: describe(item), attributes, partitions: writer.partitions });
  }

  async finalize(summary: ItemSummary[]): Promise<void> {
    const entities = summary.flatMap(({ item }) => this.entities.get(item.id) ?? []);
    if (entities.length === 0) return;
    const model = cdmModel({
      exportName: this.ctx.exportName,
      exportId: this.ctx.exportId,
      runId: this.ctx.runId,
      modifiedTime: new Date(),
      entities,
    });
    await this.destination.write(modelPath(this.ctx.exportName), `${JSON.stringify(model, null, 2)}\n`, 'application/json');
  }
}

/** The manifest says removeMembers: false, so the SDK never sends these; answered for completeness. */
function refuseRemovals(batch: RecordBatch): BatchResult {
  const reason = 'A data lake export rewrites the whole segment on every run; members cannot be removed one by one.';
  return { sequence: batch.sequence, accepted: 0, rejected: batch.records.map((record) => ({ key: record.key, reason })) };
}
