/** A run to execute. The same job code runs on every adapter. */
export interface RunJob {
  runId: string;
  /** Set for one chunk of a large run; otherwise the job is the run's own. */
  chunkId?: string;
}

export type RunJobHandler = (job: RunJob) => Promise<void>;

/**
 * The one small queue interface: Bull on Redis when REDIS_URL is set (many API and worker processes),
 * in-process otherwise (the embedded default). `jobId` is deterministic where the caller needs it
 * (a schedule occurrence), so several producers never enqueue the same work twice.
 */
export interface JobQueue {
  readonly kind: 'bull' | 'in-process';
  add(job: RunJob, options: { jobId: string; delayMs?: number }): Promise<void>;
  /** Starts consuming jobs in this process, at most `concurrency` at a time. */
  process(handler: RunJobHandler, concurrency: number): void;
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');
