import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { isTerminalRunStatus, RUN_STATUSES, type RunStatus, type TaskStatus } from '@outport/core';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { Database } from '../database/database.js';
import { Run, RunChunk } from '../database/entities/index.js';
import type { RunJob } from './queue/job-queue.js';

export const ACTIVE_RUN_STATUSES = RUN_STATUSES.filter((s) => !isTerminalRunStatus(s));
export const OPEN_CHUNK_STATUSES: TaskStatus[] = ['pending', 'running'];

/** The right of one job to execute a run (its own part) or one chunk of it, until `token` is released or lapses. */
export interface Lease {
  job: RunJob;
  token: string;
}

/** A job's claim: the lease; or how long another job's lease has left; or null when there is nothing left to do. */
export type Claim = { lease: Lease } | { heldForMs: number } | null;

/** The holder stopped: another job took the lease over after it lapsed (this process was presumed gone). */
export class LeaseLost extends Error {
  constructor() {
    super('Another worker took the run over after this one stopped renewing its lease.');
  }
}

/**
 * Who executes what, kept in the database beside the run, so it survives a queue that loses its
 * jobs. A job claims the run (or chunk) before touching it, renews the lease while it works, and
 * releases it when the run's future is settled (ended, or a follow-up job queued). Two jobs for
 * the same work (a copy queued by recovery while the original still runs) never both execute it;
 * a lease that lapsed belonged to a job that is gone, and RunRecovery queues its work again.
 * Leases last OUTPORT_QUEUE_LOCK_MS, like Bull's job locks; expiry times come from the clocks of
 * the processes involved, which must agree to well within that (as NTP keeps them).
 */
@Injectable()
export class RunLeases {
  readonly leaseMs: number;

  constructor(
    private readonly db: Database,
    @Inject(CONFIG) config: Config,
  ) {
    this.leaseMs = config.queueLockMs;
  }

  async claim(job: RunJob): Promise<Claim> {
    const em = this.db.orm.em.fork();
    const now = new Date();
    const token = randomUUID();
    const free = { $or: [{ leaseId: null }, { leaseExpiresAt: { $lt: now } }] };
    const set = { leaseId: token, leaseExpiresAt: new Date(now.getTime() + this.leaseMs) };
    const taken = job.chunkId
      ? await em.nativeUpdate(RunChunk, { id: job.chunkId, status: { $in: OPEN_CHUNK_STATUSES }, ...free }, set)
      : await em.nativeUpdate(Run, { id: job.runId, status: { $in: ACTIVE_RUN_STATUSES }, ...free }, set);
    if (taken > 0) return { lease: { job, token } };
    const row = job.chunkId
      ? await em.findOne(RunChunk, { id: job.chunkId }, { fields: ['status', 'leaseExpiresAt'] })
      : await em.findOne(Run, { id: job.runId }, { fields: ['status', 'leaseExpiresAt'] });
    const open = row && (job.chunkId ? OPEN_CHUNK_STATUSES.includes(row.status as TaskStatus) : !isTerminalRunStatus(row.status as RunStatus));
    if (!open) return null;
    return { heldForMs: Math.max(0, (row.leaseExpiresAt?.getTime() ?? now.getTime()) - now.getTime()) };
  }

  /** Extends a lease this job still holds; false when another job took it over. */
  async renew(lease: Lease): Promise<boolean> {
    return (await this.update(lease, { leaseExpiresAt: new Date(Date.now() + this.leaseMs) })) > 0;
  }

  /** Gives the lease up; false when it was no longer this job's. */
  async release(lease: Lease): Promise<boolean> {
    return (await this.update(lease, { leaseId: null, leaseExpiresAt: null })) > 0;
  }

  /**
   * Marks released work as abandoned, for a job that released it to queue it again and could not
   * (the queue is unavailable): the next recovery sweep queues it instead.
   */
  async abandon(lease: Lease): Promise<void> {
    const em = this.db.orm.em.fork();
    const set = { leaseId: lease.token, leaseExpiresAt: new Date(0) };
    if (lease.job.chunkId) await em.nativeUpdate(RunChunk, { id: lease.job.chunkId, leaseId: null }, set);
    else await em.nativeUpdate(Run, { id: lease.job.runId, leaseId: null }, set);
  }

  /** Takes a lapsed lease away from a job that is gone (RunRecovery); false when someone else did first. */
  async takeOver(job: RunJob, token: string): Promise<boolean> {
    return (await this.update({ job, token }, { leaseId: null, leaseExpiresAt: null })) > 0;
  }

  /**
   * While a job works: every half second, aborts `abort` with `onStop()` when a user cancels the run
   * or another part of it ended it for good, and renews the lease every third of its length (with
   * LeaseLost when it was taken over). While the database is unavailable nothing is renewed and the
   * work waits; a lease that lapsed meanwhile is renewed when the database is back, unless taken over.
   * Returns the function that stops holding.
   */
  hold(lease: Lease, abort: AbortController, onStop: () => unknown): () => void {
    let renewedAt = Date.now();
    let busy = false;
    const tick = async () => {
      if (abort.signal.aborted || busy) return;
      busy = true;
      try {
        const run = await this.db.orm.em.fork().findOne(Run, { id: lease.job.runId }, { fields: ['cancelRequested', 'status'] });
        if (!run || run.cancelRequested || isTerminalRunStatus(run.status)) return void abort.abort(onStop());
        if (Date.now() - renewedAt >= this.leaseMs / 3) {
          if (!(await this.renew(lease))) return void abort.abort(new LeaseLost());
          renewedAt = Date.now();
        }
      } catch {
        // The database is unavailable: the work waits for it too (see Database.whileUnavailable).
      } finally {
        busy = false;
      }
    };
    const timer = setInterval(() => void tick(), 500);
    return () => clearInterval(timer);
  }

  private update({ job, token }: Lease, set: { leaseId?: null; leaseExpiresAt: Date | null }): Promise<number> {
    const em = this.db.orm.em.fork();
    return job.chunkId ? em.nativeUpdate(RunChunk, { id: job.chunkId, leaseId: token }, set) : em.nativeUpdate(Run, { id: job.runId, leaseId: token }, set);
  }
}
