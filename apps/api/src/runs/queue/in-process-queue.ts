import { Logger } from '@nestjs/common';
import { hostname } from 'node:os';
import type { Job, JobHandler, JobOptions, JobQueue, QueueLoss } from './job-queue.js';

/** The embedded default: jobs run in this process, FIFO, with a concurrency cap; ids de-duplicate. */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly logger = new Logger('Queue');
  private readonly waiting: { job: Job; jobId: string }[] = [];
  private readonly known = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private handler: JobHandler | null = null;
  private concurrency = 1;
  private active = 0;
  private closed = false;
  private readonly bornAt = Date.now();

  add(job: Job, options: JobOptions): Promise<void> {
    if (this.known.has(options.jobId) || this.closed) return Promise.resolve();
    this.known.add(options.jobId);
    const enqueue = () => {
      this.waiting.push({ job, jobId: options.jobId });
      this.pump();
    };
    if (options.delayMs) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        enqueue();
      }, options.delayMs);
      this.timers.add(timer);
    } else {
      enqueue();
    }
    return Promise.resolve();
  }

  async addBulk(entries: { job: Job; options: JobOptions }[]): Promise<void> {
    for (const { job, options } of entries) await this.add(job, options);
  }

  process(handler: JobHandler, concurrency: number): void {
    this.handler = handler;
    this.concurrency = Math.max(1, concurrency);
    this.pump();
  }

  /** A new process starts with an empty queue: whatever an earlier one held (a run it was sending) died with it. */
  onLost(listener: (loss: QueueLoss) => void): void {
    const loss = { key: `process:${hostname()}:${process.pid}:${this.bornAt}`, message: 'Outport restarted before the run finished; the run was re-queued from its checkpoint.' };
    setImmediate(() => listener(loss));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    while (this.active > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private pump(): void {
    while (this.handler && !this.closed && this.active < this.concurrency && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      this.active++;
      const handler = this.handler;
      void handler(next.job)
        .catch((error: unknown) => this.logger.error(`Job ${next.jobId} failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.active--;
          // A finished id may be queued again later (a retry, another run).
          this.known.delete(next.jobId);
          this.pump();
        });
    }
  }
}
