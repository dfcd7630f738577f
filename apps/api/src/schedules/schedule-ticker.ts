import { Inject, Injectable, Logger } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { Database } from '../database/database.js';
import { Export, SystemRefreshSettings } from '../database/entities/index.js';
import { JOB_QUEUE, type JobQueue } from '../runs/queue/job-queue.js';
import { Clock } from './clock.js';

const TICK = 'outport-scheduler-tick';

type Row = Record<string, unknown>;

/**
 * The scheduler's heartbeat. Every API process ticks; each tick enqueues every due occurrence (export
 * schedules and system refreshes) under a job id made of what and when, so the copies several
 * processes enqueue collapse into one job, and the job itself fires the occurrence at most once.
 */
@Injectable()
export class ScheduleTicker {
  private readonly logger = new Logger('Scheduler');
  private ticking = false;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly registry: SchedulerRegistry,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Starts ticking in this process (API processes call it; workers and the CLI do not). */
  start(): void {
    if (this.config.schedulerTickMs <= 0 || this.registry.doesExist('interval', TICK)) return;
    const interval = setInterval(() => void this.safeTick(), this.config.schedulerTickMs);
    this.registry.addInterval(TICK, interval);
    // At once too: occurrences missed while every process was down fire as soon as one is back.
    void this.safeTick();
  }

  /** Enqueues everything due at `now`; returns how many occurrences were enqueued. */
  async tick(now: Date = this.clock.now()): Promise<number> {
    return this.db.run(async () => {
      const em = this.db.em;
      // Plain rows, not entities: a busy minute can have thousands of due exports, and the tick only
      // needs their ids and occurrences.
      const exports = await em.createQueryBuilder(Export).select(['id', 'nextRunAt']).where({ nextRunAt: { $lte: now } }).execute<Row[]>('all', true);
      const refreshes = await em.createQueryBuilder(SystemRefreshSettings).select(['environment', 'nextRunAt']).where({ nextRunAt: { $lte: now } }).execute<Row[]>('all', true);
      const occurrence = (row: Row) => new Date(row.nextRunAt as Date | number | string).toISOString();
      const jobs = [
        ...exports.map((row) => {
          const at = occurrence(row);
          return { job: { kind: 'schedule' as const, exportId: String(row.id), occurrence: at }, options: { jobId: `schedule:${String(row.id)}:${at}` } };
        }),
        ...refreshes.map((row) => {
          const at = occurrence(row);
          return { job: { kind: 'system-refresh' as const, environmentId: String(row.environment), occurrence: at }, options: { jobId: `refresh:${String(row.environment)}:${at}` } };
        }),
      ];
      await this.queue.addBulk(jobs);
      return jobs.length;
    });
  }

  private async safeTick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.tick();
    } catch (error) {
      this.logger.error(`Scheduler tick failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      this.ticking = false;
    }
  }
}
