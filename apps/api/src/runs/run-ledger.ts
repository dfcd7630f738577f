import { Injectable, Logger } from '@nestjs/common';
import { fieldsFor, fingerprintValues, identityFields, type BatchProgress, type ConnectorManifest, type ExportRecord, type RejectedRecord } from '@outport/connector-sdk';
import type { CellValue } from '@outport/core';
import { isTerminalRunStatus, summarizeRunStatus, type TaskStatus } from '@outport/core';
import { sql } from 'kysely';
import { Database } from '../database/database.js';
import { Run, RunChunk, RunRejection, RunTask, type IRun, type IRunChunk, type IRunTask, type RunCounts } from '../database/entities/index.js';
import type { Em } from '../database/orm.js';
import type { AnyDb } from '../records/record-store.js';
import { RunEvents } from './run-events.js';

const REJECTION_SAMPLE = 1_000;
const TERMINAL_TASK: TaskStatus[] = ['succeeded', 'succeeded_with_warnings', 'failed', 'skipped', 'cancelled'];
export const isTerminalTask = (status: TaskStatus): boolean => TERMINAL_TASK.includes(status);
export const EMPTY_COUNTS: RunCounts = { read: 0, sent: 0, accepted: 0, rejected: 0, skipped: 0, added: 0, updated: 0, removed: 0 };
const COUNT_KEYS = Object.keys(EMPTY_COUNTS) as (keyof RunCounts)[];

/** Sums counts; counts stored before a figure existed read as 0 for it. */
export function addCounts(a: Partial<RunCounts>, b: Partial<RunCounts>): RunCounts {
  const sum = { ...EMPTY_COUNTS };
  for (const key of COUNT_KEYS) sum[key] = (a[key] ?? 0) + (b[key] ?? 0);
  return sum;
}

/**
 * What one acknowledged batch adds to the counts: removals are `removed`; accepted upserts are
 * `updated` when the SDK marked them as updates of members the target holds, `added` otherwise.
 */
export function batchCounts({ batch, result }: Pick<BatchProgress, 'batch' | 'result'>): Partial<RunCounts> {
  const size = batch.records.length;
  const counts = { read: size, sent: size, accepted: result.accepted, rejected: result.rejected.length };
  if (batch.operation === 'remove') return { ...counts, removed: result.accepted };
  const rejected = new Set(result.rejected.map((r) => r.key));
  const updated = batch.records.filter((r) => r.change === 'update' && !rejected.has(r.key)).length;
  return { ...counts, added: result.accepted - updated, updated };
}

/**
 * Acknowledged batches a run may hold before it waits for them to be written (GroupCommit): with a
 * connector's requests in flight, what a crash can make a run send again.
 */
export const ACKNOWLEDGEMENTS_QUEUED = 8;

/** What recording one acknowledged batch takes: the members the target accepted, the rejections, the counts after it. */
export interface AcknowledgedBatch {
  operation: 'upsert' | 'remove';
  accepted: ExportRecord[];
  rejected: RejectedRecord[];
  counts: RunCounts;
}

/** The batch's accepted members and rejections (its counts are the caller's, who counts in order). */
export function acknowledgedBatch({ batch, result }: Pick<BatchProgress, 'batch' | 'result'>): Omit<AcknowledgedBatch, 'counts'> {
  const rejectedKeys = new Set(result.rejected.map((r) => r.key));
  return { operation: batch.operation, accepted: batch.records.filter((r) => !rejectedKeys.has(r.key)), rejected: result.rejected };
}

/** The fields whose values the target state keeps of each member: those the target knows it by. */
export function identityKeys(manifest: ConnectorManifest, audienceKind: string | null | undefined): string[] {
  return identityFields(fieldsFor(manifest, audienceKind ?? undefined)).map((f) => f.key);
}

type Step = Pick<IRunTask, 'status' | 'error' | 'startedAt' | 'finishedAt'>;

export function startStep(step: Step): void {
  if (step.status === 'pending') step.status = 'running';
  step.startedAt ??= new Date();
}

export function settleStep(step: Step, status: TaskStatus, error: string | null): void {
  step.status = status;
  step.error = error;
  step.startedAt ??= new Date();
  step.finishedAt = new Date();
}

/**
 * What runs have done, as every part of a run (the run's own job and its chunks' jobs) records it:
 * the target's state, rejections, and the end of the run, which whichever part finishes last writes.
 */
@Injectable()
export class RunLedger {
  private readonly logger = new Logger('Runs');
  private stateWrites = 0;

  constructor(
    private readonly db: Database,
    private readonly events: RunEvents,
  ) {}

  /**
   * What the target now holds, written with set-based statements: no entity per member, so the
   * identity map (and memory) stays flat however many members a run sends. Each member sent keeps
   * its `identity` values (what removing it takes) and the fingerprint of everything it was sent with.
   */
  async recordTargetState(em: Em, exportId: string, segmentId: string, operation: 'upsert' | 'remove', records: ExportRecord[], identity: string[]): Promise<void> {
    // The table grows fast during a first run and its lookups are planned from statistics.
    if (++this.stateWrites % 200 === 0) await this.db.analyze('export_member_state');
    const db = em.getKysely<AnyDb>();
    for (let i = 0; i < records.length; i += 500) {
      const chunk = records.slice(i, i + 500);
      if (operation === 'remove') {
        await db
          .deleteFrom('export_member_state')
          .where('export_id', '=', exportId)
          .where('segment_id', '=', segmentId)
          .where('member_key', 'in', chunk.map((r) => r.key))
          .execute();
        continue;
      }
      await db
        .insertInto('export_member_state')
        .values(chunk.map((r) => ({ export_id: exportId, segment_id: segmentId, member_key: r.key, sent_values: JSON.stringify(pick(r.values, identity)), sent_hash: fingerprintValues(r.values) })))
        .onConflict((oc) => oc.columns(['export_id', 'segment_id', 'member_key']).doUpdateSet({ sent_values: sql.ref('excluded.sent_values'), sent_hash: sql.ref('excluded.sent_hash') }))
        .execute();
    }
  }

  /** Keeps a bounded sample of rejected records per task (the counts stay exact). */
  async storeRejections(em: Em, runId: string, task: Pick<IRunTask, 'id' | 'label'>, rejected: RejectedRecord[]): Promise<void> {
    if (rejected.length === 0) return;
    const stored = await em.count(RunRejection, { runId, taskId: task.id });
    const rows = rejected.slice(0, Math.max(0, REJECTION_SAMPLE - stored)).map((r) => ({ runId, taskId: task.id, item: task.label, memberKey: r.key, field: r.field ?? null, reason: r.reason }));
    // Inserted at once, not through the unit of work: part of a batch's transaction, which is tried again whole if an outage cuts it off.
    if (rows.length > 0) await em.insertMany(RunRejection, rows);
  }

  /** Ends a run with `status`: steps still open are closed, the run gets its end time. */
  async finish(em: Em, run: IRun, tasks: IRunTask[], status: IRun['status'], error: string | null): Promise<null> {
    // Steps a user's cancel stopped read "Cancelled"; steps a failure left undone read "Skipped"
    // with why, so a failed run never claims someone cancelled part of it.
    for (const task of tasks) {
      if (task.status !== 'pending' && task.status !== 'running') continue;
      if (status === 'cancelled') settleStep(task, 'cancelled', task.error ?? null);
      else settleStep(task, 'skipped', task.error ?? (status === 'failed' ? 'Not run: an earlier step failed.' : null));
    }
    run.status = status;
    run.error = error;
    run.finishedAt = new Date();
    await em.flush();
    this.logger.log(`Run ${run.id} ${status}${error ? `: ${error}` : ''}`);
    await this.events.finished(run);
    return null;
  }

  /**
   * Ends the run when nothing of it is left: every task done inline and every chunk finished. Each
   * part calls this after its own last write; the finalize task is claimed with a conditional
   * update, so exactly one of them writes the end.
   */
  async finishIfDone(runId: string): Promise<void> {
    const em = this.db.orm.em.fork() as Em;
    const run = await em.findOne(Run, { id: runId });
    if (!run || isTerminalRunStatus(run.status)) return;
    const tasks = await em.find(RunTask, { run: runId }, { orderBy: { position: 'asc' } });
    const chunks = await em.find(RunChunk, { run: runId }, { orderBy: { position: 'asc' } });
    const chunksOf = (task: IRunTask) => chunks.filter((c) => c.task === task.id);

    // Chunks wait for their task's first chunk; when that one ended badly, the rest never start.
    for (const task of tasks) {
      const [first, ...rest] = chunksOf(task);
      if (first && isTerminalTask(first.status) && first.status !== 'succeeded' && first.status !== 'succeeded_with_warnings') {
        for (const chunk of rest.filter((c) => c.status === 'pending')) settleStep(chunk, 'cancelled', 'Not started: the first chunk of this segment did not succeed.');
      }
    }
    await em.flush();
    if (chunks.some((c) => !isTerminalTask(c.status))) return;
    const items = tasks.filter((t) => t.kind === 'segment' || t.kind === 'table');
    if (items.some((t) => chunksOf(t).length === 0 && !isTerminalTask(t.status))) return;

    const finalize = tasks.find((t) => t.kind === 'finalize')!;
    const claimed = await em.nativeUpdate(RunTask, { id: finalize.id, status: 'pending' }, { status: 'running', startedAt: new Date() });
    if (claimed === 0) return;
    await em.refresh(finalize);
    for (const task of items) {
      const parts = chunksOf(task);
      if (parts.length > 0) this.settleFromChunks(task, parts);
    }
    settleStep(finalize, 'succeeded', null);
    if (run.cancelRequested) {
      await this.finish(em, run, tasks, 'cancelled', 'Cancelled by a user.');
      return;
    }
    const status = summarizeRunStatus(items);
    const failed = items.find((t) => t.status === 'failed');
    await this.finish(em, run, tasks, status === 'running' ? 'succeeded' : status, failed ? `${failed.label}: ${failed.error ?? 'failed'}` : null);
  }

  /** A chunked task's outcome is its chunks': their counts summed, the worst status, the first error. */
  private settleFromChunks(task: IRunTask, chunks: IRunChunk[]): void {
    task.counts = chunks.reduce((sum, c) => addCounts(sum, c.counts), { ...EMPTY_COUNTS });
    const failed = chunks.find((c) => c.status === 'failed');
    const cancelled = chunks.find((c) => c.status === 'cancelled');
    if (failed) settleStep(task, 'failed', `Chunk ${failed.position + 1} of ${chunks.length}: ${failed.error ?? 'failed'}`);
    else if (cancelled) settleStep(task, 'cancelled', cancelled.error ?? null);
    else settleStep(task, task.counts.rejected > 0 || chunks.some((c) => c.status === 'succeeded_with_warnings') ? 'succeeded_with_warnings' : 'succeeded', null);
  }
}

function pick(values: Record<string, CellValue>, keys: string[]): Record<string, CellValue> {
  const picked: Record<string, CellValue> = {};
  for (const key of keys) if (values[key] !== undefined) picked[key] = values[key];
  return picked;
}
