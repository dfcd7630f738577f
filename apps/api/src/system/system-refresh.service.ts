import { Inject, Injectable, Logger } from '@nestjs/common';
import { DEFAULT_SYSTEM_REFRESH, isScheduleOn, isTerminalRunStatus, validateSystemRefresh, type RunStatus, type RunTrigger, type SystemRefreshSchedule } from '@outport/core';
import { actorLabel, type EnvironmentScope } from '../auth/principal.js';
import { newId } from '../common/ids.js';
import { Problem } from '../common/problem.js';
import { Database } from '../database/database.js';
import {
  Export,
  RefreshProcess,
  Run,
  Segment,
  SystemRefreshRun,
  SystemRefreshSettings,
  type IRefreshProcess,
  type IRun,
  type ISystemRefreshRun,
  type ISystemRefreshSettings,
} from '../database/entities/index.js';
import { ExportGate } from '../exports/export-gate.js';
import { JOB_QUEUE, type JobOf, type JobQueue } from '../runs/queue/job-queue.js';
import { JobRouter } from '../runs/queue/job-router.js';
import { RunEvents } from '../runs/run-events.js';
import { RunsService } from '../runs/runs.service.js';
import { Clock } from '../schedules/clock.js';
import { missedSince, nextRefreshRun } from '../schedules/schedule-times.js';
import { REFRESH_RETRY_MS, SegmentRefresher } from '../segments/segment-refresher.js';

export type RefreshListener = (refresh: ISystemRefreshRun, processes: IRefreshProcess[]) => Promise<void>;

const isDone = (status: RunStatus): boolean => isTerminalRunStatus(status);
const isGood = (status: RunStatus): boolean => status === 'succeeded' || status === 'succeeded_with_warnings';

/**
 * The environment's system refresh: every segment refreshed, then every export whose schedule is
 * "with system refresh", each export once all the segments it reads are fresh. The graph is stored
 * (one process per segment and export), each process runs as a queue job, and whichever job finishes
 * a process moves its dependents on, so the refresh works the same on one process or many.
 */
@Injectable()
export class SystemRefreshService {
  private readonly logger = new Logger('SystemRefresh');
  private readonly listeners: RefreshListener[] = [];

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly runs: RunsService,
    private readonly refresher: SegmentRefresher,
    private readonly gate: ExportGate,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    router: JobRouter,
    events: RunEvents,
  ) {
    router.on('system-refresh', (job) => this.db.run(() => this.fire(job)));
    router.on('refresh-step', (job) => this.db.run(() => this.step(job.processId)));
    events.onFinished((run) => this.runFinished(run));
  }

  /**
   * Starts watching the queue for lost jobs (API processes; see main.ts). A refresh keeps its graph in
   * the database, so when the queue loses its jobs (Redis restarted without persistence, or the
   * embedded process restarted) the processes still to do and the segment refreshes still waiting
   * are queued again; each step is safe to repeat.
   */
  watchQueue(): void {
    this.queue.onLost((loss) => void this.db.run(() => this.requeueLost(loss.key)).catch((e: unknown) => this.logger.error(`Re-queueing refresh steps failed: ${e instanceof Error ? e.message : String(e)}`)));
  }

  /** Queues again every unfinished step of every unfinished refresh, and every waiting segment refresh. Returns how many. */
  async requeueLost(lossKey: string): Promise<number> {
    const em = this.db.em;
    const refreshes = await em.find(SystemRefreshRun, { status: { $in: ['queued', 'waiting', 'running'] } }, { fields: ['id'] });
    const steps = refreshes.length
      ? (await em.find(RefreshProcess, { refresh: { $in: refreshes.map((r) => r.id) }, status: { $in: ['queued', 'running', 'waiting'] } })).filter(
          // A waiting export waits for its segments (they move it on); a running export waits for its run (which the run recovery resumes).
          (p) => p.kind === 'segment' || p.status === 'queued',
        )
      : [];
    const segments = await em.find(Segment, { refreshRequestedAt: { $ne: null } }, { fields: ['id'] });
    await this.queue.addBulk([
      ...steps.map((p) => ({ job: { kind: 'refresh-step' as const, processId: p.id }, options: { jobId: `refresh-step:${p.id}:recover:${lossKey}` } })),
      ...segments.map((seg) => ({ job: { kind: 'segment-refresh' as const, segmentId: seg.id }, options: { jobId: `segment-refresh:${seg.id}:recover:${lossKey}` } })),
    ]);
    if (steps.length + segments.length) this.logger.warn(`The queue lost its jobs: ${steps.length} refresh step(s) and ${segments.length} waiting segment refresh(es) queued again`);
    return steps.length + segments.length;
  }

  /** Called once a refresh has ended (alerts listen here). */
  onFinished(listener: RefreshListener): void {
    this.listeners.push(listener);
  }

  async settings(environmentId: string): Promise<ISystemRefreshSettings> {
    const em = this.db.em;
    const found = await em.findOne(SystemRefreshSettings, { environment: environmentId });
    if (found) return found;
    const created = em.create(SystemRefreshSettings, { environment: environmentId, schedule: DEFAULT_SYSTEM_REFRESH, nextRunAt: null });
    await em.flush();
    return created;
  }

  async setSchedule(environmentId: string, schedule: SystemRefreshSchedule): Promise<ISystemRefreshSettings> {
    const problems = validateSystemRefresh(schedule);
    if (problems.length) throw Problem.badRequest('The refresh schedule is not valid.', problems.map((message) => ({ field: 'schedule', message })));
    const settings = await this.settings(environmentId);
    settings.schedule = schedule;
    settings.nextRunAt = nextRefreshRun(schedule, this.clock.now());
    await this.db.em.flush();
    return settings;
  }

  /** A scheduled refresh came due: the process that moves `nextRunAt` on starts it; other copies do nothing. */
  async fire(job: JobOf<'system-refresh'>): Promise<void> {
    const em = this.db.em;
    const occurrence = new Date(job.occurrence);
    const now = this.clock.now();
    const settings = await em.findOne(SystemRefreshSettings, { environment: job.environmentId });
    if (!settings || settings.nextRunAt?.getTime() !== occurrence.getTime()) return;
    const claimed = await em.nativeUpdate(
      SystemRefreshSettings,
      { environment: job.environmentId, nextRunAt: occurrence },
      { nextRunAt: nextRefreshRun(settings.schedule, now) },
    );
    if (claimed === 0) return;
    const missed = missedSince(settings.schedule, occurrence, now);
    if (missed > 0) this.logger.warn(`System refresh of ${job.environmentId} started late; ${missed} later occurrence(s) folded into it`);
    const scheduled = { for: occurrence, lateMs: now.getTime() - occurrence.getTime() };
    try {
      await this.start(job.environmentId, 'schedule', { scheduled });
    } catch (error) {
      // The occurrence was claimed, so it is not lost silently: the history shows it skipped, with why.
      const why = error instanceof Problem ? (error.detail ?? error.title) : error instanceof Error ? error.message : String(error);
      em.create(SystemRefreshRun, {
        id: newId(),
        environment: job.environmentId,
        trigger: 'schedule',
        status: 'skipped',
        error: `Scheduled refresh skipped: ${why}`,
        startedAt: now,
        finishedAt: now,
        scheduledFor: occurrence,
        startedLateMs: Math.max(0, Math.round(scheduled.lateMs)),
      });
      await em.flush();
      this.logger.warn(`Scheduled system refresh of ${job.environmentId} skipped: ${why}`);
    }
  }

  /**
   * Starts a refresh of everything now. One refresh per environment at a time. A refresh someone
   * asks for (`caller`) runs only the exports that caller may run, through the one export permission
   * check; the others stay in the graph as skipped, with the reason. Scheduled refreshes run them all.
   */
  async start(environmentId: string, trigger: RunTrigger, options: { scheduled?: { for: Date; lateMs: number }; caller?: EnvironmentScope } = {}): Promise<ISystemRefreshRun> {
    const { scheduled, caller } = options;
    const em = this.db.em;
    const active = await em.findOne(SystemRefreshRun, { environment: environmentId, status: { $in: ['queued', 'waiting', 'running'] } });
    if (active) throw Problem.conflict('A system refresh is already running in this environment.', { refreshId: active.id });
    const refresh = em.create(SystemRefreshRun, {
      id: newId(),
      environment: environmentId,
      trigger,
      status: 'running',
      startedAt: this.clock.now(),
      scheduledFor: scheduled?.for ?? null,
      startedLateMs: scheduled ? Math.max(0, Math.round(scheduled.lateMs)) : null,
    });
    const segments = await em.find(Segment, { environment: environmentId }, { orderBy: { name: 'asc' } });
    const bySegment = new Map<string, string>();
    const processes: IRefreshProcess[] = [];
    const process = (kind: IRefreshProcess['kind'], targetId: string, label: string, dependsOn: string[]) => {
      const created = em.create(RefreshProcess, { id: newId(), refresh: refresh.id, position: processes.length, kind, targetId, label, status: dependsOn.length ? 'waiting' : 'queued', dependsOn, runId: null });
      processes.push(created);
      return created;
    };
    for (const segment of segments) bySegment.set(segment.id, process('segment', segment.id, segment.name, []).id);
    const exports = (await em.find(Export, { environment: environmentId, connection: { $ne: null } }, { orderBy: { name: 'asc' } })).filter(
      (e) => e.schedule.kind === 'system-refresh' && isScheduleOn(e.schedule),
    );
    const refused = new Map(caller ? (await this.gate.partition(caller, exports, 'run')).refused.map((r) => [r.item.id, r.reason]) : []);
    for (const exp of exports) {
      const reads = exp.type === 'segment' ? exp.items.map((id) => bySegment.get(id)).filter((id): id is string => Boolean(id)) : [];
      const proc = process('export', exp.id, exp.name, reads);
      const reason = refused.get(exp.id);
      if (reason) Object.assign(proc, { status: 'skipped', detail: `Skipped: ${reason}`, startedAt: refresh.startedAt, finishedAt: refresh.startedAt });
    }
    await em.flush();
    await this.queue.addBulk(processes.filter((p) => p.status === 'queued').map((p) => ({ job: { kind: 'refresh-step' as const, processId: p.id }, options: { jobId: `refresh-step:${p.id}` } })));
    if (processes.every((p) => isDone(p.status))) await this.advance(refresh.id);
    return refresh;
  }

  /**
   * Cancels a refresh: processes not started yet are cancelled, and the export runs under way are
   * cancelled where the caller may cancel them (the one export permission check; the others go on
   * to their end). A segment refresh under way finishes, since its members are replaced in one
   * statement; one held back by a sending run is withdrawn. The refresh ends as cancelled at once, so nothing more starts from it.
   */
  async cancel(scope: EnvironmentScope, refresh: ISystemRefreshRun): Promise<ISystemRefreshRun> {
    const em = this.db.em;
    if (isDone(refresh.status)) return refresh;
    const now = this.clock.now();
    const who = actorLabel(scope.principal);
    // A segment step held back by a sending run had asked for the refresh; the request is withdrawn,
    // or runs of that segment would go on waiting behind a refresh nobody will do.
    const held = await em.find(RefreshProcess, { refresh: refresh.id, kind: 'segment', status: 'waiting' }, { fields: ['targetId'] });
    if (held.length) await em.nativeUpdate(Segment, { id: { $in: held.map((p) => p.targetId) } }, { refreshRequestedAt: null });
    await em.nativeUpdate(RefreshProcess, { refresh: refresh.id, status: { $in: ['queued', 'waiting'] } }, { status: 'cancelled', detail: `Cancelled by ${who} before it started.`, finishedAt: now });
    const running = await em.find(RefreshProcess, { refresh: refresh.id, kind: 'export', status: 'running', runId: { $ne: null } }, { fields: ['runId'] });
    const runs = running.length ? await em.find(Run, { id: { $in: running.map((p) => p.runId!) } }) : [];
    let goingOn = 0;
    for (const run of runs) {
      try {
        await this.runs.cancelFor(scope, run);
      } catch (error) {
        if (!(error instanceof Problem)) throw error;
        goingOn += 1;
      }
    }
    const detail = `Cancelled by ${who}.${goingOn ? ` ${goingOn} run${goingOn === 1 ? '' : 's'} you may not cancel go${goingOn === 1 ? 'es' : ''} on to the end.` : ''}`;
    await em.nativeUpdate(SystemRefreshRun, { id: refresh.id, status: { $in: ['queued', 'waiting', 'running'] } }, { status: 'cancelled', error: detail, finishedAt: now });
    return em.findOneOrFail(SystemRefreshRun, { id: refresh.id }, { refresh: true });
  }

  /** Executes one process: a segment refresh (held back while a run sends the segment), or an export's run. */
  async step(processId: string): Promise<void> {
    const em = this.db.em;
    const proc = await em.findOne(RefreshProcess, { id: processId });
    // A segment process found running was interrupted (its worker died): refreshing again is harmless.
    if (!proc || isDone(proc.status) || (proc.kind === 'export' && proc.status === 'running')) return;
    if (proc.kind === 'segment') {
      const segment = await em.findOne(Segment, { id: proc.targetId });
      if (!segment) return this.settle(proc, 'skipped', 'The segment no longer exists.');
      proc.status = 'running';
      proc.startedAt ??= this.clock.now();
      await em.flush();
      const attempt = await this.refresher.attempt(segment);
      if (!attempt.refreshed) {
        proc.status = 'waiting';
        proc.detail = `Waiting for ${attempt.waitingFor.charAt(0).toLowerCase()}${attempt.waitingFor.slice(1)}`;
        await em.flush();
        await this.queue.add({ kind: 'refresh-step', processId }, { jobId: `refresh-step:${processId}:${Date.now()}`, delayMs: REFRESH_RETRY_MS });
        return;
      }
      const ok = attempt.segment.refreshStatus === 'succeeded';
      return this.settle(proc, ok ? 'succeeded' : 'failed', ok ? `${attempt.segment.memberCount} members` : (attempt.segment.refreshError ?? 'The refresh failed.'));
    }
    const exp = await em.findOne(Export, { id: proc.targetId });
    if (!exp) return this.settle(proc, 'skipped', 'The export no longer exists.');
    const refresh = await em.findOneOrFail(SystemRefreshRun, { id: proc.refresh });
    if (refresh.status === 'cancelled') return this.settle(proc, 'cancelled', refresh.error ?? 'The refresh was cancelled.');
    try {
      const run = await this.runs.start(exp, 'system-refresh', refresh.scheduledFor ? { scheduled: { for: refresh.scheduledFor, lateMs: refresh.startedLateMs ?? 0, missed: 0 } } : {});
      proc.runId = run.id;
      proc.status = 'running';
      proc.startedAt = this.clock.now();
      proc.detail = null;
      await em.flush();
    } catch (error) {
      if (!(error instanceof Problem)) throw error;
      await this.settle(proc, 'skipped', error.detail ?? error.title);
    }
  }

  /** An export process ends with its run. */
  private async runFinished(run: IRun): Promise<void> {
    const proc = await this.db.em.findOne(RefreshProcess, { runId: run.id });
    if (!proc || isDone(proc.status)) return;
    await this.settle(proc, run.status, run.error ?? null);
  }

  private async settle(proc: IRefreshProcess, status: RunStatus, detail: string | null): Promise<void> {
    proc.status = status;
    proc.detail = detail;
    proc.startedAt ??= this.clock.now();
    proc.finishedAt = this.clock.now();
    await this.db.em.flush();
    await this.advance(proc.refresh);
  }

  /**
   * Moves the graph on: an export whose segments are all done runs (or is skipped, naming the segment
   * that failed); when every process is done, so is the refresh. Each move is a conditional update,
   * so two processes finishing at once never start an export twice or end the refresh twice.
   */
  private async advance(refreshId: string): Promise<void> {
    const em = this.db.em;
    const processes = await em.find(RefreshProcess, { refresh: refreshId }, { orderBy: { position: 'asc' } });
    const byId = new Map(processes.map((p) => [p.id, p]));
    for (const proc of processes.filter((p) => p.status === 'waiting' && p.kind === 'export')) {
      const deps = proc.dependsOn.map((id) => byId.get(id)).filter((p): p is IRefreshProcess => Boolean(p));
      if (!deps.every((d) => isDone(d.status))) continue;
      const failed = deps.find((d) => !isGood(d.status));
      if (failed) {
        const why = `Skipped: the segment "${failed.label}" ${failed.status === 'failed' ? 'failed to refresh' : `was ${failed.status}`}${failed.detail ? ` (${failed.detail})` : ''}.`;
        const now = this.clock.now();
        if (await em.nativeUpdate(RefreshProcess, { id: proc.id, status: 'waiting' }, { status: 'skipped', detail: why, startedAt: now, finishedAt: now })) {
          Object.assign(proc, { status: 'skipped', detail: why });
        }
      } else if (await em.nativeUpdate(RefreshProcess, { id: proc.id, status: 'waiting' }, { status: 'queued' })) {
        proc.status = 'queued';
        await this.queue.add({ kind: 'refresh-step', processId: proc.id }, { jobId: `refresh-step:${proc.id}` });
      }
    }
    if (!processes.every((p) => isDone(p.status))) return;
    const status: RunStatus = processes.some((p) => p.status === 'failed')
      ? 'failed'
      : processes.some((p) => p.status !== 'succeeded')
        ? 'succeeded_with_warnings'
        : 'succeeded';
    const failed = processes.filter((p) => p.status === 'failed');
    const error = failed.length ? `${failed.length} of ${processes.length} processes failed: ${failed.map((p) => `"${p.label}"`).join(', ')}.` : null;
    const ended = await em.nativeUpdate(SystemRefreshRun, { id: refreshId, status: 'running' }, { status, error, finishedAt: this.clock.now() });
    if (!ended) return;
    const refresh = await em.findOneOrFail(SystemRefreshRun, { id: refreshId }, { refresh: true });
    this.logger.log(`System refresh ${refreshId} ${status}${error ? `: ${error}` : ''}`);
    for (const listener of this.listeners) {
      try {
        await listener(refresh, processes);
      } catch (e) {
        this.logger.error(`After refresh ${refreshId}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
