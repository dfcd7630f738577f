import { Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import type { Job, JobHandler, JobOptions, JobQueue } from './job-queue.js';

/**
 * Bull on Redis. A worker that dies holding a job stops renewing its lock; Bull's stalled-job check
 * hands the job to another worker, which resumes the run from its checkpoint.
 */
export class BullQueue implements JobQueue {
  readonly kind = 'bull' as const;
  private readonly logger = new Logger('Queue');

  constructor(private readonly queue: Queue<Job>) {}

  async add(job: Job, options: JobOptions): Promise<void> {
    await this.queue.add(job, jobOptions(options));
  }

  async addBulk(entries: { job: Job; options: JobOptions }[]): Promise<void> {
    if (entries.length > 0) await this.queue.addBulk(entries.map(({ job, options }) => ({ data: job, opts: jobOptions(options) })));
  }

  process(handler: JobHandler, concurrency: number): void {
    void this.queue.process(concurrency, async (job) => handler(job.data));
    this.queue.on('stalled', (job: { id: string }) => this.logger.warn(`Job ${job.id} stalled (its worker stopped); it will be resumed`));
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

function jobOptions(options: JobOptions) {
  return {
    jobId: options.jobId,
    delay: options.delayMs,
    // Retries are the run engine's business (it knows the retry budget and the checkpoint).
    attempts: 1,
    removeOnComplete: true,
    removeOnFail: 1000,
  };
}
