import { Inject, Injectable } from '@nestjs/common';
import { Database } from '../database/database.js';
import { Export, Run, RunTask, Segment, type ISegment } from '../database/entities/index.js';
import { JOB_QUEUE, type JobQueue } from '../runs/queue/job-queue.js';
import { JobRouter } from '../runs/queue/job-router.js';
import { SegmentsService } from './segments.service.js';

/** How often a refresh that waits for a sending run looks again. */
export const REFRESH_RETRY_MS = 2_000;

export type RefreshAttempt = { refreshed: true; segment: ISegment } | { refreshed: false; waitingFor: string };

/**
 * Refreshes a segment only while no run is sending its members: a run pages through the stored
 * members, and replacing them half way would send a mix of old and new. A refresh announces itself
 * (status `refreshing`) before it looks for sending runs, as a run announces itself before it looks at
 * its segments; when it finds one, it steps back and records that it waits (`refreshRequestedAt`,
 * shown as status `waiting`; new runs wait behind it), and tries again.
 */
@Injectable()
export class SegmentRefresher {
  constructor(
    private readonly db: Database,
    private readonly segments: SegmentsService,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    router: JobRouter,
  ) {
    router.on('segment-refresh', (job) => this.db.run(() => this.retry(job.segmentId)));
  }

  /** Refreshes now, or leaves the segment `waiting` and says which run it waits for. */
  async attempt(segment: ISegment): Promise<RefreshAttempt> {
    const em = this.db.em;
    const before = { status: segment.refreshStatus, error: segment.refreshError ?? null };
    segment.refreshStatus = 'refreshing';
    await em.flush();
    const sending = await this.sendingRun(segment.id);
    if (sending) {
      Object.assign(segment, { refreshStatus: before.status, refreshError: before.error });
      segment.refreshRequestedAt ??= new Date();
      await em.flush();
      return { refreshed: false, waitingFor: `The run of "${sending}" that is sending this segment to finish.` };
    }
    segment.refreshRequestedAt = null;
    return { refreshed: true, segment: await this.segments.refresh(segment) };
  }

  /** The API's Refresh: at once when nothing is sending the segment, otherwise queued behind the run. */
  async request(segment: ISegment): Promise<RefreshAttempt> {
    const attempt = await this.attempt(segment);
    if (!attempt.refreshed) await this.later(segment.id);
    return attempt;
  }

  private async retry(segmentId: string): Promise<void> {
    const segment = await this.db.em.findOne(Segment, { id: segmentId });
    if (!segment?.refreshRequestedAt) return;
    if (!(await this.attempt(segment)).refreshed) await this.later(segmentId);
  }

  private later(segmentId: string): Promise<void> {
    return this.queue.add({ kind: 'segment-refresh', segmentId }, { jobId: `segment-refresh:${segmentId}:${Date.now()}`, delayMs: REFRESH_RETRY_MS });
  }

  /** The name of an export whose running run still has this segment to send (or is sending it), if any. */
  async sendingRun(segmentId: string): Promise<string | null> {
    const em = this.db.em;
    const tasks = await em.find(RunTask, { itemId: segmentId, kind: 'segment', status: { $in: ['pending', 'running'] } }, { fields: ['run'] });
    if (tasks.length === 0) return null;
    const run = await em.findOne(Run, { id: { $in: [...new Set(tasks.map((t) => t.run))] }, status: 'running' }, { fields: ['exportId'] });
    if (!run) return null;
    return (await em.findOne(Export, { id: run.exportId }, { fields: ['name'] }))?.name ?? 'an export';
  }
}
