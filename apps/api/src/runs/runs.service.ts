import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { isTerminalRunStatus, RUN_STATUSES, type RunTrigger } from '@outport/core';
import type { EnvironmentScope } from '../auth/principal.js';
import { newId } from '../common/ids.js';
import type { ListQuery } from '../common/dto.js';
import { listQuery, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { Database } from '../database/database.js';
import { DataTable, Export, Run, RunChunk, RunRejection, RunTask, Segment, type IExport, type IRun, type IRunChunk, type IRunTask } from '../database/entities/index.js';
import { scheduleOn } from '../exports/exports.service.js';
import { ChunkRunner } from './chunk-runner.js';
import { JOB_QUEUE, type JobQueue, type RunJob } from './queue/job-queue.js';
import { RunExecutor } from './run-executor.js';
import { addCounts, EMPTY_COUNTS } from './run-ledger.js';
import type { RunChunkDto, RunDto, RunTaskDto } from './runs.dto.js';

const ACTIVE = RUN_STATUSES.filter((s) => !isTerminalRunStatus(s));

export function toChunkDto(chunk: IRunChunk): RunChunkDto {
  return {
    position: chunk.position,
    status: chunk.status,
    attempt: chunk.attempt,
    counts: chunk.counts,
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
    counts: chunks.length ? chunks.reduce((sum, c) => addCounts(sum, c.counts), { ...EMPTY_COUNTS }) : task.counts,
    plan: task.plan ?? null,
    error: task.error ?? null,
    startedAt: task.startedAt?.toISOString() ?? null,
    finishedAt: task.finishedAt?.toISOString() ?? null,
    chunks: chunks.map(toChunkDto),
  };
}

export function toRunDto(run: IRun, exportName: string, tasks: IRunTask[], chunks: IRunChunk[] = []): RunDto {
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
    counts: totals,
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
    tasks: taskDtos,
  };
}

/** Runs list newest first by default. */
export const RUN_LIST: ListSpec = { sortable: ['createdAt', 'startedAt', 'finishedAt', 'status', 'trigger'], defaultSort: 'createdAt', defaultOrder: 'desc' };

/** Starting, queueing, cancelling and reading runs. Execution is the RunExecutor's, in a worker. */
@Injectable()
export class RunsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Runs');

  constructor(
    private readonly db: Database,
    private readonly executor: RunExecutor,
    private readonly chunks: ChunkRunner,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.processJobs) this.queue.process((job) => this.work(job), this.config.workerConcurrency);
  }

  /** The job: execute in a fresh database context, and queue it again when it asks to come back later (a retry, a wait). */
  async work(job: RunJob): Promise<void> {
    const outcome = await this.db.run(() => (job.chunkId ? this.chunks.execute(job.runId, job.chunkId) : this.executor.execute(job.runId)));
    if (outcome) await this.queue.add(job, { jobId: `${job.runId}:${job.chunkId ?? 'run'}:later:${Date.now()}`, delayMs: outcome.retryInMs });
  }

  /** Starts a run now, even when the export's schedule is off. One run per export at a time. */
  async start(exp: IExport, trigger: RunTrigger, options: { dryRun?: boolean; fullResync?: boolean } = {}): Promise<IRun> {
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
    });
    const labels = await this.itemLabels(exp);
    const task = (position: number, kind: IRunTask['kind'], label: string, itemId: string | null = null) =>
      em.create(RunTask, { id: newId(), run: run.id, position, kind, itemId, label, status: 'pending', counts: { ...EMPTY_COUNTS } });
    task(0, 'prepare', 'Prepare');
    exp.items.forEach((id, i) => task(i + 1, exp.type === 'segment' ? 'segment' : 'table', labels.get(id) ?? id, id));
    task(exp.items.length + 1, 'finalize', 'Finalize');
    await em.flush();
    await this.queue.add({ runId: run.id }, { jobId: run.id });
    return run;
  }

  /** Run all: every export whose schedule is on (inactive ones are skipped). */
  async runAll(scope: EnvironmentScope): Promise<{ started: IRun[]; skipped: { exportId: string; name: string; reason: string }[] }> {
    const exports = await this.db.em.find(Export, { environment: scope.environment.id }, { orderBy: { name: 'asc' } });
    const started: IRun[] = [];
    const skipped: { exportId: string; name: string; reason: string }[] = [];
    for (const exp of exports) {
      if (!scheduleOn(exp.schedule)) continue;
      try {
        started.push(await this.start(exp, 'run-all'));
      } catch (error) {
        skipped.push({ exportId: exp.id, name: exp.name, reason: error instanceof Problem ? (error.detail ?? error.title) : 'Could not start' });
      }
    }
    return { started, skipped };
  }

  async cancel(run: IRun): Promise<IRun> {
    if (isTerminalRunStatus(run.status)) return run;
    run.cancelRequested = true;
    // A run no worker holds yet is cancelled at once; a running one stops within one batch.
    if (run.status === 'queued' || run.status === 'failed_retrying' || run.status === 'waiting') {
      run.status = 'cancelled';
      run.finishedAt = new Date();
      await this.db.em.nativeUpdate(RunTask, { run: run.id, status: { $in: ['pending', 'running'] } }, { status: 'cancelled' });
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
    const [tasks, chunks, exp] = await Promise.all([
      this.db.em.find(RunTask, { run: run.id }, { orderBy: { position: 'asc' } }),
      this.db.em.find(RunChunk, { run: run.id }, { orderBy: { position: 'asc' } }),
      this.db.em.findOne(Export, { id: run.exportId }, { fields: ['name'] }),
    ]);
    return toRunDto(run, exp?.name ?? '(removed export)', tasks, chunks);
  }

  async list(scope: EnvironmentScope, query: ListQuery & { exportId?: string }): Promise<{ items: RunDto[]; total: number }> {
    const { options } = listQuery<IRun>(query, RUN_LIST, this.db.dialect);
    const where = { environment: scope.environment.id, ...(query.exportId ? { exportId: query.exportId } : {}) };
    const [runs, total] = await this.db.em.findAndCount(Run, where, options);
    const ids = runs.map((r) => r.id);
    const tasks = runs.length ? await this.db.em.find(RunTask, { run: { $in: ids } }, { orderBy: { position: 'asc' } }) : [];
    const chunks = runs.length ? await this.db.em.find(RunChunk, { run: { $in: ids } }, { orderBy: { position: 'asc' } }) : [];
    const names = new Map((await this.db.em.find(Export, { id: { $in: [...new Set(runs.map((r) => r.exportId))] } }, { fields: ['name'] })).map((e) => [e.id, e.name]));
    return { items: runs.map((r) => toRunDto(r, names.get(r.exportId) ?? '(removed export)', tasks.filter((t) => t.run === r.id), chunks.filter((c) => c.run === r.id))), total };
  }

  /** Rejected records of a run as CSV (a bounded sample per task; the counts are exact). */
  async rejectionsCsv(run: IRun): Promise<string> {
    const rows = await this.db.em.find(RunRejection, { runId: run.id }, { orderBy: { id: 'asc' } });
    const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    const lines = ['item,key,field,reason', ...rows.map((r) => [r.item, r.memberKey, r.field ?? '', r.reason].map(quote).join(','))];
    return `${lines.join('\r\n')}\r\n`;
  }

  private async itemLabels(exp: IExport): Promise<Map<string, string>> {
    const entity = exp.type === 'segment' ? Segment : DataTable;
    const rows = await this.db.em.find(entity as typeof Segment, { id: { $in: exp.items } }, { fields: ['name'] });
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
