/**
 * The work the queue carries. The same job code runs on every adapter; `kind` says which handler
 * takes it (see JobRouter).
 */
export type Job =
  /** A run to execute; with `chunkId`, one chunk of a large run. */
  | { kind: 'run'; runId: string; chunkId?: string }
  /** An export's scheduled occurrence (ISO instant) came due. */
  | { kind: 'schedule'; exportId: string; occurrence: string }
  /** An environment's scheduled system refresh came due. */
  | { kind: 'system-refresh'; environmentId: string; occurrence: string }
  /** One process of a system refresh's graph (a segment refresh, or starting an export's run). */
  | { kind: 'refresh-step'; processId: string }
  /** A segment refresh that was asked for while a run was sending the segment: it tries again. */
  | { kind: 'segment-refresh'; segmentId: string }
  /** One attempt to deliver an alert to one channel (email or webhook). */
  | { kind: 'alert-delivery'; deliveryId: string };

export type JobKind = Job['kind'];
export type JobOf<K extends JobKind> = Extract<Job, { kind: K }>;
export type RunJob = JobOf<'run'>;
export type JobHandler = (job: Job) => Promise<void>;

export interface JobOptions {
  /** Deterministic where the caller needs it (a schedule occurrence), so several producers never enqueue the same work twice. */
  jobId: string;
  delayMs?: number;
}

/** The queue found that jobs it held are gone; `key` names that event, the same in every process that sees it. */
export interface QueueLoss {
  key: string;
  /** What happened, in a user's words, ending with what was done about it for a run. */
  message: string;
}

/**
 * The one small queue interface: Bull on Redis when REDIS_URL is set (many API and worker processes),
 * in-process otherwise (the embedded default).
 */
export interface JobQueue {
  readonly kind: 'bull' | 'in-process';
  add(job: Job, options: JobOptions): Promise<void>;
  /** Many jobs in one round trip (a scheduler tick with thousands of due exports). */
  addBulk(entries: { job: Job; options: JobOptions }[]): Promise<void>;
  /** Starts consuming jobs in this process, at most `concurrency` at a time. */
  process(handler: JobHandler, concurrency: number): void;
  /**
   * Calls `listener` whenever the queue finds it lost jobs it held: Redis restarted without
   * persistence (or was flushed); for the in-process queue, this process is new and whatever the
   * previous one held died with it. The run engine queues unfinished runs again (RunRecovery).
   */
  onLost(listener: (loss: QueueLoss) => void): void;
  close(): Promise<void>;
}

export const JOB_QUEUE = Symbol('JOB_QUEUE');
