import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { CONFIG } from '../../config/config.module.js';
import type { Config } from '../../config/config.js';
import { JOB_QUEUE, type Job, type JobKind, type JobOf, type JobQueue } from './job-queue.js';

/**
 * Hands each job to the handler for its kind. Services register their handlers when they are
 * created; this process starts consuming once the application is up (if it executes jobs at all).
 */
@Injectable()
export class JobRouter implements OnApplicationBootstrap {
  private readonly logger = new Logger('Jobs');
  private readonly handlers = new Map<JobKind, (job: Job) => Promise<void>>();

  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  on<K extends JobKind>(kind: K, handler: (job: JobOf<K>) => Promise<void>): void {
    this.handlers.set(kind, handler as (job: Job) => Promise<void>);
  }

  onApplicationBootstrap(): void {
    if (this.config.processJobs) this.queue.process((job) => this.dispatch(job), this.config.workerConcurrency);
  }

  dispatch(job: Job): Promise<void> {
    // Jobs queued before kinds existed are runs.
    const kind: JobKind = (job as { kind?: JobKind }).kind ?? 'run';
    const handler = this.handlers.get(kind);
    if (!handler) {
      this.logger.error(`No handler for ${kind} jobs in this process`);
      return Promise.resolve();
    }
    return handler({ ...job, kind } as Job);
  }
}
