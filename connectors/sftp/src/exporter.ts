import { CsvEncoder, formatDelay, PermanentError, withRetry, type BatchResult, type ExportContext, type Exporter, type ExportItem, type RecordBatch } from '@outport/connector-sdk';
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

  return {
    async *exportItem(item: ExportItem, batches: AsyncIterable<RecordBatch>): AsyncGenerator<BatchResult> {
      const layout = layoutFor(item, audienceKind.fields);
      const csv = new CsvEncoder({ delimiter: options.delimiter, escapeFormulas: options.escapeFormulas });
      const session = await openSession(connection, ctx);
      let upload: AtomicUpload | undefined;
      let committed = false;
      try {
        // Without a folder, the login folder, by its full path so messages say where it is.
        const folder = options.folder ?? connection.defaultFolder ?? (await session.realpath('.'));
        const path = remotePath(folder, exportFileName(options.fileNamePrefix, item, ctx.startedAt, options.gzip));
        await removeStaleParts(session, folder, ctx.exportId, ctx.logger);
        upload = await AtomicUpload.start(session, path, options.gzip, partPath(path, ctx.exportId));
        await upload.write(csv.row(layout.header));
        // Each result is yielded once its rows are in the SFTP stream, because the SDK keeps a batch
        // in memory until it is answered: holding every result to the end would hold the whole
        // item. The last result waits for the rename, so the item completes only once its file is
        // in place. (A failed item starts over when resumed: file targets write items whole.)
        let rows = 0;
        let held: BatchResult | undefined;
        for await (const batch of batches) {
          ctx.signal.throwIfAborted();
          const result = await writeBatch(upload, csv, layout, batch);
          rows += result.accepted;
          if (held) yield held;
          held = result;
        }
        await upload.commit();
        committed = true;
        ctx.logger.info(`Wrote ${rows} rows of ${item.name} to ${path}.`);
        if (held) yield held;
      } finally {
        // Reached on failure and when the caller stops early: never leave a partial file behind.
        if (!committed) await upload?.abort();
        session.close();
      }
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
