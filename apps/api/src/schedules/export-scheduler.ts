import { Injectable, Logger } from '@nestjs/common';
import { Problem } from '../common/problem.js';
import { Database } from '../database/database.js';
import { Export } from '../database/entities/index.js';
import type { JobOf } from '../runs/queue/job-queue.js';
import { JobRouter } from '../runs/queue/job-router.js';
import { RunsService } from '../runs/runs.service.js';
import { Clock } from './clock.js';
import { missedSince, nextExportRun } from './schedule-times.js';

/**
 * Fires an export's scheduled occurrence, exactly once however many processes enqueued it: the
 * process that moves the export's `nextRunAt` on from this occurrence (a conditional update) starts
 * the run; every other copy of the job finds it moved and does nothing. Occurrences missed while no
 * process was up fold into one run that says how late it started.
 */
@Injectable()
export class ExportScheduler {
  private readonly logger = new Logger('Scheduler');

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly runs: RunsService,
    router: JobRouter,
  ) {
    router.on('schedule', (job) => this.db.run(() => this.fire(job)));
  }

  async fire(job: JobOf<'schedule'>): Promise<void> {
    const em = this.db.em;
    const occurrence = new Date(job.occurrence);
    const now = this.clock.now();
    const exp = await em.findOne(Export, { id: job.exportId });
    if (!exp || exp.nextRunAt?.getTime() !== occurrence.getTime()) return;
    const next = exp.connection ? nextExportRun(exp.schedule, now) : null;
    const claimed = await em.nativeUpdate(Export, { id: exp.id, nextRunAt: occurrence }, { nextRunAt: next });
    if (claimed === 0) return;
    const scheduled = { for: occurrence, lateMs: now.getTime() - occurrence.getTime(), missed: missedSince(exp.schedule, occurrence, now) };
    try {
      await this.runs.start(exp, 'schedule', { scheduled });
    } catch (error) {
      // Already running, detached since the tick, or the queue refused the job: the occurrence was
      // claimed, so it is kept in the history as skipped, with why, rather than lost.
      const why = error instanceof Problem ? (error.detail ?? error.title) : error instanceof Error ? error.message : String(error);
      await this.runs.recordSkipped(exp, 'schedule', `Scheduled run skipped: ${why}`, scheduled);
      this.logger.log(`Scheduled run of export ${exp.id} skipped: ${why}`);
    }
  }
}
