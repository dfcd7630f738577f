import { Inject, Injectable, Logger } from '@nestjs/common';
import { isTerminalRunStatus, RUN_STATUSES, type RunTrigger } from '@outport/core';
import type { EnvironmentScope } from '../auth/principal.js';
import { newId } from '../common/ids.js';
import type { ListQuery } from '../common/dto.js';
import { listQuery, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { DatabaseUnavailable, isDatabaseUnavailable } from '../database/availability.js';
import { Database } from '../database/database.js';
import { DataTable, Export, Run, RunChunk, RunRejection, RunTask, Segment, type IExport, type IRun, type IRunChunk, type IRunInterruption, type IRunTask } from '../database/entities/index.js';
import { ExportGate } from '../exports/export-gate.js';
import { scheduleOn } from '../exports/exports.service.js';
import { ChunkRunner } from './chunk-runner.js';
import { JOB_QUEUE, type JobQueue, type RunJob } from './queue/job-queue.js';
import { JobRouter } from './queue/job-router.js';
import { maskIdentifiers, MASKED } from './mask.js';
import { RunEvents } from './run-events.js';
import { RunExecutor } from './run-executor.js';
import { RunInterruptions } from './run-interruptions.js';
import { RunLeases } from './run-lease.js';
import type { RunOutcome } from './run-outcome.js';
import { RunRecovery } from './run-recovery.js';
import { addCounts, EMPTY_COUNTS } from './run-ledger.js';
import type { RunChunkDto, RunDto, RunTaskDto } from './runs.dto.js';

/** A scheduled run: its occurrence, how late it started, and later occurrences folded into it. */
export interface ScheduledRun {
  for: Date;
  lateMs: number;
  missed: number;
}

export interface StartOptions {
  dryRun?: boolean;
  fullResync?: boolean;
  scheduled?: ScheduledRun;
}

const scheduledFields = (scheduled: ScheduledRun | undefined) =>
  scheduled ? { scheduledFor: scheduled.for, startedLateMs: Math.max(0, Math.round(scheduled.lateMs)), missedOccurrences: scheduled.missed } : {};

const ACTIVE = RUN_STATUSES.filter((s) => !isTerminalRunStatus(s));

export function toChunkDto(chunk: IRunChunk): RunChunkDto {
  return {
    position: chunk.position,
    status: chunk.status,
    attempt: chunk.attempt,
    counts: addCounts(EMPTY_COUNTS, chunk.counts),
    error: chunk.error ?? null,
    worker: chunk.worker ?? null,
    startedAt: chunk.startedAt?.toISOString() ?? null,
    finishedAt: chunk.finishedAt?.toISOString() ?? null,
  };
}

export function toTaskDto(task: IRunTask, chunks: IRunChunk[] = []): RunTaskDto {
  return {
    id: task.id,
    kind: task.kind,
    itemId: task.itemId ?? null,
    label: task.label,
    status: task.status,
    // While its chunks run, a chunked task's counts are theirs, summed.
    counts: chunks.length ? chunks.reduce((sum, c) => addCounts(sum, c.counts), { ...EMPTY_COUNTS }) : addCounts(EMPTY_COUNTS, task.counts),
    // Plans stored before updates were planned have no `updates`.
    plan: task.plan ? { ...task.plan, updates: task.plan.updates ?? 0 } : null,
    error: task.error ?? null,
    note: task.note ?? null,
    startedAt: task.startedAt?.toISOString() ?? null,
    finishedAt: task.finishedAt?.toISOString() ?? null,
    chunks: chunks.map(toChunkDto),
  };
}

/** Runs that start more than this after their occurrence say so. */
const LATE_AFTER_MS = 60_000;

/** e.g. "Started 2 h 5 min late (scheduled for 2026-03-02 09:00 UTC): no Outport process was running then. 2 later occurrences were missed too; this run covers them." */
export function lateNote(scheduledFor: Date, lateMs: number, missed: number): string | null {
  if (lateMs < LATE_AFTER_MS) return null;
  const minutes = Math.round(lateMs / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const by = [days ? `${days} d` : '', hours ? `${hours} h` : '', rest || (!days && !hours) ? `${rest} min` : ''].filter(Boolean).join(' ');
  const when = `${scheduledFor.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const folded = missed > 0 ? ` ${missed} later occurrence${missed === 1 ? ' was' : 's were'} missed too; this run covers ${missed === 1 ? 'it' : 'them'}.` : '';
  return `Started ${by} late (scheduled for ${when}): no Outport process was running then.${folded}`;
}

export function toRunDto(run: IRun, exportName: string, tasks: IRunTask[], chunks: IRunChunk[] = [], interruptions: IRunInterruption[] = []): RunDto {
  const taskDtos = tasks.map((task) => toTaskDto(task, chunks.filter((c) => c.task === task.id)));
  const totals = taskDtos.reduce((sum, task) => addCounts(sum, task.counts), { ...EMPTY_COUNTS });
  return {
    id: run.id,
    exportId: run.exportId,
    exportName,
    trigger: run.trigger,
    status: run.status,
    dryRun: run.dryRun,
    fullResync: run.fullResync,
    attempt: run.attempt,
    error: run.error ?? null,
    waitingFor: run.status === 'waiting' ? (run.waitingFor ?? null) : null,
    cancelRequested: run.cancelRequested && !isTerminalRunStatus(run.status),
    counts: totals,
    schedule: run.scheduledFor
      ? {
          scheduledFor: run.scheduledFor.toISOString(),
          startedLateMs: run.startedLateMs ?? 0,
          missedOccurrences: run.missedOccurrences ?? 0,
          note: lateNote(run.scheduledFor, run.startedLateMs ?? 0, run.missedOccurrences ?? 0),
        }
      : null,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    interruptions: interruptions.map((i) => ({ at: i.at.toISOString(), cause: i.cause, message: i.message })),
    tasks: taskDtos,
  };
}

/** Runs list newest first by default. */
export const RUN_LIST: ListSpec = { sortable: ['createdAt', 'startedAt', 'finishedAt', 'status', 'trigger'], defaultSort: 'createdAt', defaultOrder: 'desc' };

/** Starting, queueing, cancelling and reading runs. Execution is the RunExecutor's, in a worker. */
@Injectable()
export class RunsService {
  private readonly logger = new Logger('Runs');

  constructor(
    private readonly db: Database,
    private readonly executor: RunExecutor,
    private readonly chunks: ChunkRunner,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly gate: ExportGate,
    private readonly events: RunEvents,
    private readonly leases: RunLeases,
    private readonly recovery: RunRecovery,
    private readonly interruptions: RunInterruptions,
    router: JobRouter,
  ) {
    router.on('run', (job) => this.work(job));
  }

  /**
   * The job: claim the run (or chunk), execute it in a fresh database context, and queue it again
   * when it asks to come back later (a retry, a wait). A job that finds the work held by another
   * (a copy queued by recovery while the original still runs) looks again when that lease would
   * lapse. A database outage is waited out, then the run resumes from its checkpoint; if it lasts
   * longer than the job waits, the job ends and the lapsed lease brings RunRecovery in.
   */
  async work(job: RunJob): Promise<void> {
    const key = `${job.runId}:${job.chunkId ?? 'run'}`;
    const claim = await this.leases.claim(job);
    if (!claim) return;
    if ('heldForMs' in claim) {
      await this.queue.add(job, { jobId: `${key}:held:${Date.now()}`, delayMs: claim.heldForMs + 250 });
      return;
    }
    const { lease } = claim;
    let outcome: RunOutcome;
    try {
      outcome = await this.db.run(() => (job.chunkId ? this.chunks.execute(job.runId, job.chunkId, lease) : this.executor.execute(job.runId, lease)));
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      this.logger.warn(`Run ${job.runId}: the database is unavailable; waiting for it to resume the run`);
      const outage = await this.db.waitUntilAvailable(error instanceof DatabaseUnavailable ? error.since : Date.now(), () => this.leases.renew(lease));
      await this.recovery.resumeAfterOutage(lease, outage);
      return;
    }
    // The follow-up is queued before the lease goes, so the work is never unheld and unqueued at once.
    if (outcome) await this.queue.add(job, { jobId: `${key}:later:${Date.now()}`, delayMs: outcome.retryInMs });
    await this.leases.release(lease);
  }

  /** A caller's Run (or a bulk run): allowed only where the caller may edit the export. */
  async startFor(scope: EnvironmentScope, exp: IExport, options: Pick<StartOptions, 'dryRun' | 'fullResync'> = {}): Promise<IRun> {
    await this.gate.require(scope, exp, 'run');
    return this.start(exp, scope.principal.kind === 'api-key' ? 'api' : 'manual', options);
  }

  /** Starts a run now, even when the export's schedule is off. One run per export at a time. */
  async start(exp: IExport, trigger: RunTrigger, options: StartOptions = {}): Promise<IRun> {
    const em = this.db.em;
    if (!exp.connection) throw Problem.conflict(`"${exp.name}" has no connection (it was detached), so it cannot run. Attach a connection first.`);
    const active = await em.findOne(Run, { exportId: exp.id, status: { $in: ACTIVE } });
    if (active) throw Problem.conflict(`"${exp.name}" is already running.`, { runId: active.id });
    const run = em.create(Run, {
      id: newId(),
      environment: exp.environment,
      exportId: exp.id,
      trigger,
      status: 'queued',
      attempt: 1,
      dryRun: options.dryRun ?? false,
      fullResync: options.fullResync ?? false,
      cancelRequested: false,
      ...scheduledFields(options.scheduled),
    });
    const labels = await this.itemLabels(exp);
    const task = (position: number, kind: IRunTask['kind'], label: string, itemId: string | null = null) =>
      em.create(RunTask, { id: newId(), run: run.id, position, kind, itemId, label, status: 'pending', counts: { ...EMPTY_COUNTS } });
    task(0, 'prepare', 'Prepare');
    exp.items.forEach((id, i) => task(i + 1, exp.type === 'segment' ? 'segment' : 'table', labels.get(id) ?? id, id));
    task(exp.items.length + 1, 'finalize', 'Finalize');
    await em.flush();
    try {
      await this.queue.add({ kind: 'run', runId: run.id }, { jobId: run.id });
    } catch (error) {
      // Not left queued with no job to run it: it ends now, saying why, and the caller may try again.
      this.logger.warn(`Run ${run.id} could not be queued: ${error instanceof Error ? error.message : String(error)}`);
      await this.abandon(run, 'The job queue (Redis) was unavailable, so the run could not be queued. Run it again once the queue is back.');
      throw Problem.unavailable('The job queue (Redis) is unavailable, so the run could not be queued. Try again in a few seconds.');
    }
    return run;
  }

  private async abandon(run: IRun, reason: string): Promise<void> {
    run.status = 'failed';
    run.error = reason;
    run.finishedAt = new Date();
    await this.db.em.nativeUpdate(RunTask, { run: run.id, status: 'pending' }, { status: 'cancelled' });
    await this.db.em.flush();
    await this.events.finished(run);
  }

  /**
   * A run that did not start, kept in the history with the reason (a scheduled occurrence that came
   * while the previous run was still going, say), so nobody wonders why nothing happened.
   */
  async recordSkipped(exp: IExport, trigger: RunTrigger, reason: string, scheduled?: ScheduledRun): Promise<IRun> {
    const now = new Date();
    const run = this.db.em.create(Run, {
      id: newId(),
      environment: exp.environment,
      exportId: exp.id,
      trigger,
      status: 'skipped',
      attempt: 1,
      dryRun: false,
      fullResync: false,
      cancelRequested: false,
      error: reason,
      startedAt: now,
      finishedAt: now,
      ...scheduledFields(scheduled),
    });
    await this.db.em.flush();
    await this.events.finished(run);
    return run;
  }

  /**
   * Run all: every export whose schedule is on and that the caller may run. The others are listed
   * as skipped with the reason (not shared with the caller, no connection, already running).
   */
  async runAll(scope: EnvironmentScope): Promise<{ started: IRun[]; skipped: { exportId: string; name: string; reason: string }[] }> {
    const scheduled = (await this.db.em.find(Export, { environment: scope.environment.id }, { orderBy: { name: 'asc' } })).filter((e) => scheduleOn(e.schedule));
    const { allowed, refused } = await this.gate.partition(scope, scheduled, 'run');
    const started: IRun[] = [];
    const skipped = refused.map(({ item, reason }) => ({ exportId: item.id, name: item.name, reason }));
    for (const exp of allowed) {
      try {
        started.push(await this.start(exp, 'run-all'));
      } catch (error) {
        skipped.push({ exportId: exp.id, name: exp.name, reason: error instanceof Problem ? (error.detail ?? error.title) : 'Could not start' });
      }
    }
    return { started, skipped };
  }

  /** A caller's Cancel: allowed where the caller may edit the run's export (admins only once it is removed). */
  async cancelFor(scope: EnvironmentScope, run: IRun): Promise<IRun> {
    const exp = await this.db.em.findOne(Export, { id: run.exportId, environment: scope.environment.id });
    if (exp) await this.gate.require(scope, exp, 'cancel-run');
    else if (scope.actor.role !== 'admin') throw Problem.forbidden('Only admins can cancel a run whose export was removed.');
    return this.cancel(run);
  }

  async cancel(run: IRun): Promise<IRun> {
    if (isTerminalRunStatus(run.status)) return run;
    run.cancelRequested = true;
    // A run no worker holds yet is cancelled at once; a running one stops within one batch.
    if (run.status === 'queued' || run.status === 'failed_retrying' || run.status === 'waiting') {
      run.status = 'cancelled';
      run.finishedAt = new Date();
      await this.db.em.nativeUpdate(RunTask, { run: run.id, status: { $in: ['pending', 'running'] } }, { status: 'cancelled' });
      await this.db.em.flush();
      await this.events.finished(run);
      return run;
    }
    await this.db.em.flush();
    return run;
  }

  async get(scope: EnvironmentScope, id: string): Promise<IRun> {
    const run = await this.db.em.findOne(Run, { id, environment: scope.environment.id });
    if (!run) throw Problem.notFound('Run', id);
    return run;
  }

  async dto(run: IRun): Promise<RunDto> {
    const [tasks, chunks, exp, interruptions] = await Promise.all([
      this.db.em.find(RunTask, { run: run.id }, { orderBy: { position: 'asc' } }),
      this.db.em.find(RunChunk, { run: run.id }, { orderBy: { position: 'asc' } }),
      this.db.em.findOne(Export, { id: run.exportId }, { fields: ['name'] }),
      this.interruptions.of([run.id]),
    ]);
    return toRunDto(run, exp?.name ?? '(removed export)', tasks, chunks, interruptions);
  }

  async list(scope: EnvironmentScope, query: ListQuery & { exportId?: string }): Promise<{ items: RunDto[]; total: number }> {
    const { options } = listQuery<IRun>(query, RUN_LIST, this.db.dialect);
    const where = { environment: scope.environment.id, ...(query.exportId ? { exportId: query.exportId } : {}) };
    const [runs, total] = await this.db.em.findAndCount(Run, where, options);
    const ids = runs.map((r) => r.id);
    const tasks = runs.length ? await this.db.em.find(RunTask, { run: { $in: ids } }, { orderBy: { position: 'asc' } }) : [];
    const chunks = runs.length ? await this.db.em.find(RunChunk, { run: { $in: ids } }, { orderBy: { position: 'asc' } }) : [];
    const names = new Map((await this.db.em.find(Export, { id: { $in: [...new Set(runs.map((r) => r.exportId))] } }, { fields: ['name'] })).map((e) => [e.id, e.name]));
    const interruptions = await this.interruptions.of(ids);
    return {
      items: runs.map((r) =>
        toRunDto(r, names.get(r.exportId) ?? '(removed export)', tasks.filter((t) => t.run === r.id), chunks.filter((c) => c.run === r.id), interruptions.filter((i) => i.run === r.id)),
      ),
      total,
    };
  }

  /**
   * Rejected records of a run as CSV (a bounded sample per task; the counts are exact). The keys are
   * personal data (emails, phone numbers): only callers who may edit the export see them; anyone
   * else gets the same rows and reasons with the keys masked, in the reasons too.
   */
  async rejectionsCsv(scope: EnvironmentScope, run: IRun): Promise<string> {
    const exp = await this.db.em.findOne(Export, { id: run.exportId, environment: scope.environment.id });
    const reveal = exp ? await this.gate.allows(scope, exp, 'read-identifiers') : scope.actor.role === 'admin';
    const rows = await this.db.em.find(RunRejection, { runId: run.id }, { orderBy: { id: 'asc' } });
    const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    const lines = ['item,key,field,reason'];
    for (const r of rows) {
      const key = reveal ? r.memberKey : MASKED;
      const reason = reveal ? r.reason : maskIdentifiers(r.reason, r.memberKey);
      lines.push([r.item, key, r.field ?? '', reason].map(quote).join(','));
    }
    return `${lines.join('\r\n')}\r\n`;
  }

  private async itemLabels(exp: IExport): Promise<Map<string, string>> {
    const entity = exp.type === 'segment' ? Segment : DataTable;
    const rows = await this.db.em.find(entity as typeof Segment, { id: { $in: exp.items } }, { fields: ['name'] });
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
