import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Database } from '../database/database.js';
import type { Outage } from '../database/availability.js';
import { Run, RunChunk, RunTask } from '../database/entities/index.js';
import type { Em } from '../database/orm.js';
import { JOB_QUEUE, type JobQueue, type QueueLoss, type RunJob } from './queue/job-queue.js';
import { RunInterruptions } from './run-interruptions.js';
import { ACTIVE_RUN_STATUSES, OPEN_CHUNK_STATUSES, RunLeases, type Lease } from './run-lease.js';
import { RunLedger } from './run-ledger.js';

/** Resumptions after which a run is failed rather than queued again (something keeps killing it). */
export const MAX_INTERRUPTIONS = 10;
/** Unfinished runs looked at per sweep; the next sweep takes the rest. */
const SWEEP_LIMIT = 500;

const jobKey = (job: RunJob) => `${job.runId}:${job.chunkId ?? 'run'}`;

/**
 * Brings back runs that nothing is executing any more. The queue is a way to hand work out, not the
 * record of what is unfinished: the database is. Two things lose work, and each has its sweep:
 *
 * - the queue loses its jobs (Redis restarted without persistence, or the in-process queue's
 *   process restarted): every unfinished run no live job holds is queued again at once;
 * - a job stops without a word (its worker was killed, or lost the database for longer than it
 *   waits): its lease lapses, and a full lease period later its run or chunk is queued again.
 *
 * Either way the run resumes from its checkpoint and says so in its interruptions. Every API
 * process sweeps (main.ts starts it); claims and deterministic job ids keep several from doing the
 * same work twice.
 */
@Injectable()
export class RunRecovery implements OnApplicationShutdown {
  private readonly logger = new Logger('Recovery');
  private timer: NodeJS.Timeout | null = null;
  private sweeping = false;
  private failing = false;
  /**
   * Leases cannot be renewed while the database is unavailable, so after an outage this process
   * saw, holders get a full lease period to renew before a lapsed lease counts as abandoned.
   */
  private judgeLeasesAfter = 0;
  /** Losses not yet swept (the database may be down when Redis comes back); kept until a sweep succeeds. */
  private readonly losses: QueueLoss[] = [];

  constructor(
    private readonly db: Database,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly leases: RunLeases,
    private readonly interruptions: RunInterruptions,
    private readonly ledger: RunLedger,
  ) {}

  /** Starts sweeping in this process (API processes; workers and the CLI do not). */
  start(): void {
    if (this.timer) return;
    this.queue.onLost((loss) => {
      this.losses.push(loss);
      void this.sweep();
    });
    this.timer = setInterval(() => void this.sweep(), Math.max(250, Math.round(this.leases.leaseMs / 2)));
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The queue lost its jobs: every unfinished run that no live job holds is queued again. Returns how many. */
  async requeueLost(loss: QueueLoss): Promise<number> {
    const now = new Date();
    const runs = await this.db.orm.em.fork().find(
      Run,
      { status: { $in: ACTIVE_RUN_STATUSES }, $or: [{ leaseId: null }, { leaseExpiresAt: { $lt: now } }] },
      { fields: ['id'], orderBy: { createdAt: 'asc' }, limit: SWEEP_LIMIT },
    );
    for (const run of runs) {
      // The run's own job re-queues its chunks as recorded (ChunkRunner.split), lost ones included.
      const job: RunJob = { kind: 'run', runId: run.id };
      if (await this.failIfWornOut(run.id, loss.message)) continue;
      await this.interruptions.note(run.id, 'queue', `queue:${loss.key}`, loss.message);
      await this.queue.add(job, { jobId: `${jobKey(job)}:recover:${loss.key}` });
    }
    if (runs.length) this.logger.warn(`${loss.message.split(';')[0]}: ${runs.length} unfinished run(s) queued again`);
    return runs.length;
  }

  /** Runs and chunks whose job stopped renewing its lease a full lease period ago: that job is gone. Returns how many were queued again. */
  async requeueAbandoned(now = new Date()): Promise<number> {
    const em = this.db.orm.em.fork();
    const cutoff = new Date(now.getTime() - this.leases.leaseMs);
    const runs = await em.find(Run, { status: { $in: ACTIVE_RUN_STATUSES }, leaseId: { $ne: null }, leaseExpiresAt: { $lt: cutoff } }, { fields: ['id', 'leaseId'], limit: SWEEP_LIMIT });
    const chunks = await em.find(RunChunk, { status: { $in: OPEN_CHUNK_STATUSES }, leaseId: { $ne: null }, leaseExpiresAt: { $lt: cutoff } }, { fields: ['id', 'run', 'leaseId'], limit: SWEEP_LIMIT });
    // The database answered: if it had not been, holders get a full lease period from now to renew.
    if (this.judgeLeasesAfter === Number.POSITIVE_INFINITY) this.judgeLeasesAfter = Date.now() + this.leases.leaseMs;
    if (Date.now() < this.judgeLeasesAfter) return 0;
    const jobs: { job: RunJob; token: string }[] = [
      ...runs.map((r) => ({ job: { kind: 'run' as const, runId: r.id }, token: r.leaseId! })),
      ...chunks.map((c) => ({ job: { kind: 'run' as const, runId: c.run, chunkId: c.id }, token: c.leaseId! })),
    ];
    let queued = 0;
    for (const { job, token } of jobs) {
      if (!(await this.leases.takeOver(job, token))) continue;
      this.logger.warn(`Run ${job.runId}${job.chunkId ? `, chunk ${job.chunkId}` : ''}: its worker stopped renewing the lease; queued again`);
      const message = 'The worker sending the run stopped before it finished; the run was re-queued from its checkpoint.';
      if (await this.failIfWornOut(job.runId, message)) continue;
      await this.interruptions.note(job.runId, 'worker', `lease:${token}`, message);
      await this.queue.add(job, { jobId: `${jobKey(job)}:recover:${token}` });
      queued++;
    }
    return queued;
  }

  /**
   * A job that met a database outage and saw it through (RunsService): it notes the outage and
   * queues its work again at once, to resume from the checkpoint. Nothing happens when its lease
   * was taken over meanwhile: the sweep that took it queued the work already.
   */
  async resumeAfterOutage(lease: Lease, outage: Outage): Promise<void> {
    const { job } = lease;
    // Released before it is queued (the new job may start at once); if queueing fails, the sweep takes it.
    if (!(await this.leases.release(lease))) return;
    if (await this.failIfWornOut(job.runId, 'The database was unavailable.')) return;
    await this.interruptions.databaseOutage(job.runId, outage, 'resumed');
    try {
      await this.queue.add(job, { jobId: `${jobKey(job)}:resume:${lease.token}` });
    } catch (error) {
      await this.leases.abandon(lease).catch(() => undefined);
      throw error;
    }
  }

  /** Fails a run interrupted too often (something keeps killing it), rather than queueing it for ever. */
  private async failIfWornOut(runId: string, latest: string): Promise<boolean> {
    const count = await this.interruptions.resumptions(runId);
    if (count < MAX_INTERRUPTIONS) return false;
    const em = this.db.orm.em.fork() as Em;
    const run = await em.findOne(Run, { id: runId });
    if (!run) return true;
    const tasks = await em.find(RunTask, { run: runId }, { orderBy: { position: 'asc' } });
    await this.ledger.finish(
      em,
      run,
      tasks,
      'failed',
      `The run had to be re-queued ${count} times after infrastructure faults (the latest: ${latest.split(';')[0]}), so it was stopped rather than re-queued again. Run it again once the database, Redis and the workers are stable.`,
    );
    return true;
  }

  /** One sweep: losses first, then lapsed leases. A failed sweep (the database is down) is tried again on the next tick. */
  private async sweep(): Promise<void> {
    if (this.sweeping) return;
    this.sweeping = true;
    try {
      while (this.losses.length > 0) {
        await this.requeueLost(this.losses[0]!);
        this.losses.shift();
      }
      await this.requeueAbandoned();
      this.failing = false;
    } catch (error) {
      // Leases cannot be renewed while the database is unavailable: once it is back, holders get a full lease period first.
      this.judgeLeasesAfter = Number.POSITIVE_INFINITY;
      // Said once per streak: while the database is down every sweep fails the same way.
      if (!this.failing) this.logger.warn(`Recovery sweep failed (tried again shortly): ${error instanceof Error ? error.message : String(error)}`);
      this.failing = true;
    } finally {
      this.sweeping = false;
    }
  }
}
