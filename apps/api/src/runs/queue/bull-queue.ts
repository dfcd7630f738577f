import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import type { Job, JobHandler, JobOptions, JobQueue, QueueLoss } from './job-queue.js';

/**
 * Bull on Redis. A worker that dies holding a job stops renewing its lock; Bull's stalled-job check
 * hands the job to another worker, which resumes the run from its checkpoint.
 */
export class BullQueue implements JobQueue {
  readonly kind = 'bull' as const;
  private readonly logger = new Logger('Queue');
  private readonly lostListeners: ((loss: QueueLoss) => void)[] = [];
  /** The marker this process last saw in Redis; null before the first connection. */
  private epoch: string | null = null;
  private disconnected = false;

  constructor(
    private readonly queue: Queue<Job>,
    /** Where the marker lives: one key beside the queue's own. */
    private readonly epochKey: string,
  ) {
    const client = queue.client;
    // Every (re)connection checks the marker; Redis answers nothing about what it forgot otherwise.
    client.on('ready', () => void this.checkEpoch());
    client.on('end', () => (this.disconnected = true));
    client.on('close', () => {
      if (!this.disconnected) this.logger.warn('Lost the connection to Redis; reconnecting (jobs are queued once it is back)');
      this.disconnected = true;
    });
    if (client.status === 'ready') void this.checkEpoch();
  }

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

  onLost(listener: (loss: QueueLoss) => void): void {
    this.lostListeners.push(listener);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }

  /**
   * A marker key that every process creates when it is missing. Redis restarted without persistence
   * (or flushed) drops it with every queued job, so a process that finds it missing, or holding
   * another value than it saw before, knows the queue lost its jobs. All processes agree on the
   * new value, which names the loss.
   */
  private async checkEpoch(): Promise<void> {
    try {
      const client = this.queue.client;
      const created = (await client.set(this.epochKey, randomUUID(), 'NX')) === 'OK';
      const current = await client.get(this.epochKey);
      if (this.disconnected) this.logger.log('Connected to Redis again');
      this.disconnected = false;
      const lost = current !== null && (created || (this.epoch !== null && current !== this.epoch));
      this.epoch = current;
      if (!lost) return;
      const loss = { key: `redis:${current}`, message: 'Redis restarted and lost the queued jobs; the run was re-queued from its checkpoint.' };
      for (const listener of this.lostListeners) listener(loss);
    } catch (error) {
      this.logger.warn(`Could not check whether Redis kept the queue: ${error instanceof Error ? error.message : String(error)}`);
    }
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
