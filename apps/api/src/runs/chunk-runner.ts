import { hostname } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { isConnectorError, runExport, type BatchProgress, type ExportItemInput, type RejectedRecord } from '@outport/connector-sdk';
import { isTerminalRunStatus } from '@outport/core';
import { newId } from '../common/ids.js';
import { CredentialEvents } from '../connections/credential-events.js';
import { ConnectorRegistry } from '../connectors/connector-registry.js';
import { DatabaseUnavailable, isDatabaseUnavailable, type Outage } from '../database/availability.js';
import { Database } from '../database/database.js';
import { Connection, DataTable, Export, Run, RunChunk, RunTask, Segment, type IRun, type IRunChunk, type IRunTask } from '../database/entities/index.js';
import type { Em } from '../database/orm.js';
import { JOB_QUEUE, type JobQueue } from './queue/job-queue.js';
import { ExportContexts } from './export-context.js';
import { RecordReader } from './record-reader.js';
import { RunInterruptions } from './run-interruptions.js';
import { LeaseLost, RunLeases, type Lease } from './run-lease.js';
import { GroupCommit } from './group-commit.js';
import { acknowledgedBatch, ACKNOWLEDGEMENTS_QUEUED, addCounts, batchCounts, EMPTY_COUNTS, identityKeys, isTerminalTask, RunLedger, settleStep, startStep, type AcknowledgedBatch } from './run-ledger.js';
import { RETRY_BUDGET, type RunOutcome } from './run-outcome.js';

const workerId = `${hostname()}:${process.pid}`;

/**
 * Large runs in parallel: a segment with more members than the chunk size is cut into key ranges,
 * each run as a job of its own, so several workers (and machines) send one segment at once. Only for
 * connectors whose manifest allows it (capabilities.parallelChunks). Each chunk checkpoints on its
 * own; the first chunk of a segment starts alone, and the others are queued once it has an
 * acknowledged batch, so what the target finds or creates by name exists before they look for it.
 */
@Injectable()
export class ChunkRunner {
  private readonly logger = new Logger('Runs');

  constructor(
    private readonly db: Database,
    private readonly registry: ConnectorRegistry,
    private readonly contexts: ExportContexts,
    private readonly reader: RecordReader,
    private readonly ledger: RunLedger,
    private readonly credentialEvents: CredentialEvents,
    private readonly leases: RunLeases,
    private readonly interruptions: RunInterruptions,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  /**
   * Splits the segment tasks larger than `size` into chunks (once: a resumed run keeps its plan)
   * and queues the chunks that may start. Returns the ids of the tasks that run as chunks.
   */
  async split(run: IRun, tasks: IRunTask[], size: number): Promise<Set<string>> {
    const em = this.db.em;
    const chunked = new Set<string>();
    for (const task of tasks.filter((t) => t.kind === 'segment' && t.itemId)) {
      if ((await em.count(RunChunk, { task: task.id })) === 0) {
        const segment = await em.findOne(Segment, { id: task.itemId! });
        if (!segment || segment.memberCount <= size) continue;
        const bounds = await this.reader.chunkBounds(segment.id, size);
        if (bounds.length === 0) continue;
        [null, ...bounds].forEach((afterKey, position) =>
          em.create(RunChunk, { id: newId(), run: run.id, task: task.id, position, afterKey, uptoKey: bounds[position] ?? null, status: 'pending', attempt: 1, counts: { ...EMPTY_COUNTS } }),
        );
        startStep(task);
        await em.flush();
        this.logger.log(`Run ${run.id}: "${task.label}" split into ${bounds.length + 1} chunks of about ${size} members`);
      }
      chunked.add(task.id);
    }
    for (const taskId of chunked) await this.queueChunks(taskId, 'as recorded');
    return chunked;
  }

  /**
   * Queues a task's first chunk alone, or every chunk still to do: `all` once the first has a batch
   * acknowledged or has ended well. A resumed run decides from what the first chunk recorded.
   */
  private async queueChunks(taskId: string, which: 'all' | 'as recorded'): Promise<void> {
    const chunks = await this.db.orm.em.fork().find(RunChunk, { task: taskId }, { orderBy: { position: 'asc' } });
    const first = chunks[0]!;
    const all = which === 'all' || (which === 'as recorded' && (first.counts.sent > 0 || first.status === 'succeeded' || first.status === 'succeeded_with_warnings'));
    for (const chunk of all ? chunks : [first]) {
      // The job id is the chunk's, so queueing it twice (a resumed run, the first chunk's gate) is harmless.
      if (!isTerminalTask(chunk.status)) await this.queue.add({ kind: 'run', runId: chunk.run, chunkId: chunk.id }, { jobId: `${chunk.run}:${chunk.id}` });
    }
  }

  /** The job of one chunk, under `lease` (RunsService claims it first). */
  async execute(runId: string, chunkId: string, lease: Lease): Promise<RunOutcome> {
    const em = this.db.em;
    const chunk = await em.findOne(RunChunk, { id: chunkId });
    const run = await em.findOne(Run, { id: runId });
    if (!chunk || !run || isTerminalTask(chunk.status)) return null;
    if (isTerminalRunStatus(run.status) || run.cancelRequested) {
      settleStep(chunk, 'cancelled', run.cancelRequested ? 'Cancelled by a user.' : null);
      await em.flush();
      await this.ledger.finishIfDone(run.id);
      return null;
    }
    const task = await em.findOneOrFail(RunTask, { id: chunk.task });
    const exp = await em.findOne(Export, { id: run.exportId });
    const connection = exp?.connection ? await em.findOne(Connection, { id: exp.connection }) : null;
    const installed = connection ? this.registry.get(connection.connectorId) : undefined;
    if (!exp || !connection || !installed) {
      settleStep(chunk, 'failed', 'The export lost its connection or connector while it ran.');
      await em.flush();
      await this.ledger.finishIfDone(run.id);
      return null;
    }
    const manifest = installed.manifest;
    startStep(chunk);
    chunk.worker = workerId;
    await em.flush();

    const abort = new AbortController();
    const stopWatching = this.leases.hold(lease, abort, () => new Error('cancelled'));
    const identity = manifest.capabilities.removeMembers ? identityKeys(manifest, exp.audienceKind) : null;
    const commits = new GroupCommit<Acknowledgement>((entries) => this.record(em, run, task, chunk, entries, identity, abort.signal), ACKNOWLEDGEMENTS_QUEUED);
    try {
      const connector = await this.registry.load(connection.connectorId);
      const input = await this.input(run, task, chunk, exp, manifest.capabilities.removeMembers);
      // The first chunk opens the way for the others with its first acknowledged batch.
      let gateOpen = chunk.position > 0;
      const { items: outcomes } = await runExport({
        connector,
        manifest,
        context: this.contexts.for(run, exp, connection, abort.signal),
        items: [input],
        onBatch: async (progress) => {
          await commits.add(acknowledgement(chunk, progress));
          if (!gateOpen) {
            gateOpen = true;
            await this.queueChunks(task.id, 'all');
          }
        },
        onRefused: async (_item, refused) => {
          await commits.drain();
          await this.refuse(em, run, task, chunk, refused, abort.signal);
        },
      });
      await commits.drain();
      // The segment's note is the one its last finished chunk read from the target.
      if (outcomes[0]?.note) task.note = outcomes[0].note;
      settleStep(chunk, chunk.counts.rejected > 0 ? 'succeeded_with_warnings' : 'succeeded', null);
      await em.flush();
      if (chunk.position === 0) await this.queueChunks(task.id, 'all');
    } catch (error) {
      // What the target acknowledged before the failure is recorded first: a retry starts after it.
      await commits.settle();
      const outcome = await this.fail(em, run, chunk, error, abort.signal, connection.id);
      if (outcome) return outcome;
    } finally {
      stopWatching();
    }
    await this.ledger.finishIfDone(run.id);
    return null;
  }

  private async input(run: IRun, task: IRunTask, chunk: IRunChunk, exp: { id: string; mapping: Record<string, string> }, removeMembers: boolean): Promise<ExportItemInput> {
    const segment = await this.db.em.findOneOrFail(Segment, { id: task.itemId! });
    const table = await this.db.em.findOneOrFail(DataTable, { id: segment.baseTable });
    const item = { kind: 'segment' as const, id: segment.id, name: segment.name, segmentType: segment.type, memberCount: segment.memberCount };
    const source = { exportId: exp.id, segmentId: segment.id, table, mapping: exp.mapping, onOutage: this.carriedOn(run.id) };
    const range = { uptoKey: chunk.uptoKey ?? undefined };
    // Incremental runs resume by themselves (what the target holds unchanged is skipped, and what a
    // previous attempt sent is unchanged now); the others from the checkpoint. Chunks own disjoint key
    // ranges, so each reads and writes the target state of its own members only.
    const incremental = removeMembers && !run.fullResync;
    const records = this.reader.segmentMembers(source, { ...range, tracked: removeMembers, afterKey: (incremental ? chunk.afterKey : (chunk.lastKey ?? chunk.afterKey)) ?? undefined });
    // Members who left are removed once per segment, by its first chunk.
    return { item, records, removals: removeMembers && chunk.position === 0 ? this.reader.departedMembers(source) : undefined, resendUnchanged: run.fullResync };
  }

  /**
   * Acknowledged batches of a chunk, queued by the GroupCommit: their target state, rejections, and
   * the chunk's counts and checkpoint as of the last of them, in one transaction, tried again while
   * the database is unavailable (see RunExecutor.record).
   */
  private async record(em: Em, run: IRun, task: IRunTask, chunk: IRunChunk, entries: Acknowledgement[], identity: string[] | null, signal: AbortSignal): Promise<void> {
    const last = entries[entries.length - 1]!;
    await this.db.whileUnavailable(
      () =>
        em.transactional(async (tx) => {
          for (const entry of entries) {
            if (identity) await this.ledger.recordTargetState(tx, run.exportId, task.itemId!, entry.operation, entry.accepted, identity);
            await this.ledger.storeRejections(tx, run.id, task, entry.rejected);
          }
          await tx.nativeUpdate(RunChunk, { id: chunk.id }, { counts: last.counts, lastKey: last.lastKey });
        }),
      { signal, onRecovered: this.carriedOn(run.id) },
    );
  }

  private async refuse(em: Em, run: IRun, task: IRunTask, chunk: IRunChunk, refused: RejectedRecord[], signal: AbortSignal): Promise<void> {
    chunk.counts = addCounts(chunk.counts, { read: refused.length, rejected: refused.length });
    await this.db.whileUnavailable(
      () =>
        em.transactional(async (tx) => {
          await this.ledger.storeRejections(tx, run.id, task, refused);
          await tx.nativeUpdate(RunChunk, { id: chunk.id }, { counts: chunk.counts });
        }),
      { signal, onRecovered: this.carriedOn(run.id) },
    );
  }

  private carriedOn(runId: string) {
    return (outage: Outage) => this.interruptions.databaseOutage(runId, outage, 'carried-on');
  }

  /** A passing failure retries the chunk from its checkpoint while the budget lasts; the rest fail it. */
  private async fail(em: Em, run: IRun, chunk: IRunChunk, error: unknown, signal: AbortSignal, connectionId: string): Promise<RunOutcome> {
    // Another job holds the chunk now (this one was presumed gone): it writes, this one stops.
    if (signal.reason instanceof LeaseLost) return null;
    if (signal.aborted) {
      const cancelled = (await em.fork().findOne(Run, { id: run.id }, { fields: ['cancelRequested'] }))?.cancelRequested;
      settleStep(chunk, 'cancelled', cancelled ? 'Cancelled by a user.' : 'Stopped: the run ended while this chunk was sending.');
      await em.flush();
      return null;
    }
    // The database is away: nothing can be written now; the job waits for it and resumes (RunsService).
    if (!isConnectorError(error) && isDatabaseUnavailable(error) && !(await this.db.answers())) {
      throw error instanceof DatabaseUnavailable ? error : new DatabaseUnavailable(Date.now(), error);
    }
    const message = isConnectorError(error) ? error.message : 'The chunk failed unexpectedly; see the server log.';
    if (!isConnectorError(error)) this.logger.error(`Run ${run.id}, chunk ${chunk.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const passing = !isConnectorError(error) || error.isRetryable;
    if (passing && chunk.attempt < RETRY_BUDGET) {
      chunk.attempt++;
      chunk.status = 'pending';
      chunk.error = `${message} Retrying (attempt ${chunk.attempt} of ${RETRY_BUDGET}).`;
      await em.flush();
      return { retryInMs: 2_000 * 2 ** (chunk.attempt - 2) };
    }
    settleStep(chunk, 'failed', message);
    await em.flush();
    if (isConnectorError(error) && error.kind === 'auth') await this.credentialEvents.refused({ connectionId, message, seenIn: 'run', runId: run.id });
    return null;
  }
}

/** One batch the target acknowledged, with the chunk's counts and checkpoint once it is counted. */
interface Acknowledgement extends AcknowledgedBatch {
  lastKey: string | null;
}

/** Counts the batch into the chunk now (in order), for the GroupCommit to write later. */
function acknowledgement(chunk: IRunChunk, progress: BatchProgress): Acknowledgement {
  chunk.counts = addCounts(chunk.counts, batchCounts(progress));
  const lastKey = progress.batch.records.at(-1)?.key;
  if (progress.batch.operation === 'upsert' && lastKey) chunk.lastKey = lastKey;
  return { ...acknowledgedBatch(progress), counts: chunk.counts, lastKey: chunk.lastKey ?? null };
}
