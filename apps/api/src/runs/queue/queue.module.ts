import { BullModule, getQueueToken } from '@nestjs/bull';
import { type DynamicModule, Global, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import type { Queue } from 'bull';
import type { Config } from '../../config/config.js';
import { BullQueue } from './bull-queue.js';
import { InProcessQueue } from './in-process-queue.js';
import { SHARED_LIMITERS, SharedLimiters } from '../shared-limiter.js';
import { JOB_QUEUE, type Job, type JobQueue } from './job-queue.js';

export const RUNS_QUEUE = 'outport-runs';

/**
 * Bull on Redis when REDIS_URL is set, the in-process queue otherwise: one interface either way.
 * With Redis, connection limits are kept in Redis too, so they hold across processes.
 */
@Global()
@Module({})
export class QueueModule implements OnApplicationShutdown {
  constructor(
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(SHARED_LIMITERS) private readonly limiters: SharedLimiters | null,
  ) {}

  static forRoot(config: Config): DynamicModule {
    if (!config.redisUrl) {
      return {
        module: QueueModule,
        providers: [
          { provide: JOB_QUEUE, useValue: new InProcessQueue() },
          { provide: SHARED_LIMITERS, useValue: null },
        ],
        exports: [JOB_QUEUE, SHARED_LIMITERS],
      };
    }
    return {
      module: QueueModule,
      imports: [
        BullModule.forRoot({
          url: config.redisUrl,
          prefix: config.queuePrefix,
          // Bull's own default backs off to 20 s between reconnection attempts; after a Redis restart
          // jobs should flow again within a couple of seconds.
          redis: { retryStrategy: (attempt: number) => Math.min(100 * attempt, 2_000) },
          // A worker that dies stops renewing its lock; after lockDuration the job is handed on.
          settings: { lockDuration: config.queueLockMs, stalledInterval: config.queueLockMs, maxStalledCount: 10 },
        }),
        BullModule.registerQueue({ name: RUNS_QUEUE }),
      ],
      providers: [
        { provide: JOB_QUEUE, useFactory: (queue: Queue<Job>) => new BullQueue(queue, `${config.queuePrefix}:${RUNS_QUEUE}:epoch`), inject: [getQueueToken(RUNS_QUEUE)] },
        { provide: SHARED_LIMITERS, useValue: new SharedLimiters(config.redisUrl, config.queuePrefix) },
      ],
      exports: [JOB_QUEUE, SHARED_LIMITERS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.queue.kind === 'in-process') await this.queue.close();
    await this.limiters?.close();
  }
}
