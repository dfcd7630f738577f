import {
  CsvEncoder,
  formatDelay,
  PermanentError,
  withRetry,
  type BatchResult,
  type CsvProgress,
  type CsvTableSource,
  type ExportContext,
  type Exporter,
  type ExportItem,
  type RecordBatch,
  type TableItem,
} from '@outport/connector-sdk';
import { readConnection, readFileOptions, type ConnectionConfig } from './config.js';
import { exportFileName, remotePath } from './file-name.js';
import { layoutFor, type Layout } from './layout.js';
import { manifest, MEMBERS_AUDIENCE } from './manifest.js';
import { partPath, removeStaleParts } from './part-files.js';
import { SftpSession } from './session.js';
import { AtomicUpload } from './upload.js';

const REMOVAL_REASON = 'SFTP exports write each segment as a whole file, so members cannot be removed one by one.';

/**
 * Writes each segment or table of a run as one CSV file. Each item gets its own SSH session, so a
 * failed item leaves nothing open and the next one starts clean.
 */
export function createSftpExporter(ctx: ExportContext): Exporter {
  const connection = readConnection(ctx);
  const options = readFileOptions(ctx.options);
  const audienceKind = manifest.audienceKinds.find((kind) => kind.id === (ctx.audienceKind ?? MEMBERS_AUDIENCE));
  if (!audienceKind) throw new PermanentError(`The SFTP connector has no audience kind "${ctx.audienceKind}".`);
  if (!connection.hostKeyFingerprint) {
    // Connections saved before host keys were recorded: testing the connection records the key.
    ctx.logger.warn(`The SFTP connection trusts any host key at ${connection.host}:${connection.port}. Test the connection to record the server's key.`);
  }

  /** Opens the item's session and upload, writes through `write`, and moves the file into place. */
  async function* upload<T>(item: ExportItem, write: (file: AtomicUpload) => AsyncGenerator<T>, last: (file: AtomicUpload) => T | undefined): AsyncGenerator<T> {
    const session = await openSession(connection, ctx);
    let file: AtomicUpload | undefined;
    let committed = false;
    try {
      // Without a folder, the login folder, by its full path so messages say where it is.
      const folder = options.folder ?? connection.defaultFolder ?? (await session.realpath('.'));
      const path = remotePath(folder, exportFileName(options.fileNamePrefix, item, ctx.startedAt, options.gzip));
      await removeStaleParts(session, folder, ctx.exportId, ctx.logger);
      file = await AtomicUpload.start(session, path, options.gzip, partPath(path, ctx.exportId));
      yield* write(file);
      await file.commit();
      committed = true;
      const final = last(file);
      if (final !== undefined) yield final;
    } finally {
      // Reached on failure and when the caller stops early: never leave a partial file behind.
      if (!committed) await file?.abort();
      session.close();
    }
  }

  return {
    /**
     * Data-out tables as bytes the database encoded, in the file's dialect: the same file as
     * `exportItem` writes, without a record per row (Outport tables list their key column, so the
     * columns are the table's, in its order, as `layoutFor` has them). The file is written whole
     * (one file per table), so progress is reported as chunks go out, with no checkpoint: a resumed
     * table starts over.
     */
    csv: {
      dialect: { delimiter: options.delimiter, escapeFormulas: options.escapeFormulas },
      exportTable(item: TableItem, source: CsvTableSource): AsyncGenerator<CsvProgress> {
        let rows = 0;
        return upload(
          item,
          async function* (file) {
            await file.writeBytes(source.header);
            for await (const chunk of source.chunks) {
              ctx.signal.throwIfAborted();
              await file.writeBytes(chunk.bytes);
              rows += chunk.rows;
              yield { rows };
            }
          },
          (file) => {
            ctx.logger.info(`Wrote ${rows} rows of ${item.name} to ${file.path}.`);
            return { rows };
          },
        );
      },
    },

    exportItem(item: ExportItem, batches: AsyncIterable<RecordBatch>): AsyncGenerator<BatchResult> {
      const layout = layoutFor(item, audienceKind.fields);
      const csv = new CsvEncoder({ delimiter: options.delimiter, escapeFormulas: options.escapeFormulas });
      // Each result is yielded once its rows are in the SFTP stream, because the SDK keeps a batch
      // in memory until it is answered: holding every result to the end would hold the whole
      // item. The last result waits for the rename, so the item completes only once its file is
      // in place. (A failed item starts over when resumed: file targets write items whole.)
      let rows = 0;
      let held: BatchResult | undefined;
      return upload(
        item,
        async function* (file) {
          await file.write(csv.row(layout.header));
          for await (const batch of batches) {
            ctx.signal.throwIfAborted();
            const result = await writeBatch(file, csv, layout, batch);
            rows += result.accepted;
            if (held) yield held;
            held = result;
          }
        },
        (file) => {
          ctx.logger.info(`Wrote ${rows} rows of ${item.name} to ${file.path}.`);
          return held;
        },
      );
    },
  };
}

/** How long a run keeps trying to reach a server that went away (a restart, a network outage). */
const RECONNECT_FOR_MS = 2 * 60_000;

/**
 * A session for one item. A server that is down (connection refused, reset, timed out) is tried
 * again with backoff for up to RECONNECT_FOR_MS, so a run survives a server restart: the run engine
 * retries an item the outage interrupted, and this waits for the server to come back. Credentials,
 * host keys and the outbound policy are not retried.
 */
function openSession(connection: ConnectionConfig, ctx: ExportContext): Promise<SftpSession> {
  return withRetry(() => SftpSession.open(connection, ctx.signal), {
    maxAttempts: Infinity,
    maxElapsedMs: RECONNECT_FOR_MS,
    maxDelayMs: 5_000,
    signal: ctx.signal,
    onRetry: ({ delayMs, error }) => ctx.logger.warn(`${error.message} Trying again in ${formatDelay(delayMs)}.`),
  });
}

async function writeBatch(upload: AtomicUpload, csv: CsvEncoder, layout: Layout, batch: RecordBatch): Promise<BatchResult> {
  if (batch.operation === 'remove') {
    return { sequence: batch.sequence, accepted: 0, rejected: batch.records.map((record) => ({ key: record.key, reason: REMOVAL_REASON })) };
  }
  for (const record of batch.records) await upload.write(csv.row(layout.cells(record)));
  return { sequence: batch.sequence, accepted: batch.records.length, rejected: [] };
}
