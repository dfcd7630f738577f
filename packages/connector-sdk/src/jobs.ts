import type { BatchResult, ExportRecord, RejectedRecord } from './define.js';
import { PermanentError, RetryableError } from './errors.js';
import { abortableSleep, abortReason, formatDelay } from './retry.js';

/**
 * Helpers for targets that work asynchronously: a batch is submitted as a job (an import, a bulk
 * removal), the target works on it, and the connector polls until the job is done, then reads the
 * job's per-record errors. The SDK owns the waiting (backoff, cancellation, a time limit), the
 * resubmission of a job the target cancelled, and the mapping of record errors back to the keys of
 * the records in the batch; the connector says how to submit, how to read a job's state and what
 * its errors look like.
 */

/** A job's state as the connector reads it from the target. */
export type JobState<R> =
  /** Queued or processing: poll again. `progress` (0..1) is only for logs. */
  | { state: 'pending'; progress?: number }
  /** Finished (some records may have failed: read them from `result`). */
  | { state: 'done'; result: R }
  /** The target gave up on the job as a whole. */
  | { state: 'failed'; message: string }
  /** The target (or someone at the target) cancelled the job before it finished; it may be resubmitted. */
  | { state: 'cancelled'; message?: string };

export interface AsyncJobOptions<H, R> {
  /** What the job is, for messages: "Klaviyo import job". */
  describe: string;
  /** Starts the job and returns what polling needs (its id). `submission` counts from 1. */
  submit(submission: number): Promise<H>;
  /** Reads the job's state once. Throw a ConnectorError for a failed call (the HTTP client already retries). */
  poll(handle: H): Promise<JobState<R>>;
  signal?: AbortSignal;
  /** The wait before the first poll. Default 1 s. */
  firstPollMs?: number;
  /** Each wait is this many times the last. Default 1.5. */
  backoff?: number;
  /** Waits never grow beyond this. Default 30 s. */
  maxPollMs?: number;
  /** The job may take this long in all (every submission counted) before the export gives up. Default 30 min. */
  timeoutMs?: number;
  /** How many times a cancelled job is submitted again. Default 2. */
  maxResubmits?: number;
  /** Called before each resubmission of a cancelled job. */
  onResubmit?(info: { submission: number; message?: string }): void;
  /** Called after each pending poll, e.g. for a progress line in the logs. */
  onPending?(info: { polls: number; progress?: number; nextPollMs: number }): void;
  /** For tests: how to wait, and the clock. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
}

export interface AsyncJobOutcome<H, R> {
  handle: H;
  result: R;
  /** 1 when the first submission finished; more when cancelled jobs were resubmitted. */
  submissions: number;
  polls: number;
}

const DEFAULT_FIRST_POLL_MS = 1_000;
const DEFAULT_BACKOFF = 1.5;
const DEFAULT_MAX_POLL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 30 * 60_000;
const DEFAULT_MAX_RESUBMITS = 2;

/**
 * Submits a job and polls it until it is done, waiting longer between polls each time (1 s, 1.5 s,
 * 2.25 s… up to `maxPollMs`). A cancelled job is submitted again, up to `maxResubmits` times. A
 * failed job is a PermanentError with the target's words; a job still running after `timeoutMs` is
 * a RetryableError (the run may try the batch again later). Aborting the signal stops at once, also
 * in the middle of a wait, with the signal's reason; no further call is made.
 */
export async function runAsyncJob<H, R>(options: AsyncJobOptions<H, R>): Promise<AsyncJobOutcome<H, R>> {
  const sleep = options.sleep ?? abortableSleep;
  const now = options.now ?? Date.now;
  const { signal } = options;
  const firstPollMs = options.firstPollMs ?? DEFAULT_FIRST_POLL_MS;
  const backoff = Math.max(1, options.backoff ?? DEFAULT_BACKOFF);
  const maxPollMs = Math.max(firstPollMs, options.maxPollMs ?? DEFAULT_MAX_POLL_MS);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxResubmits = Math.max(0, options.maxResubmits ?? DEFAULT_MAX_RESUBMITS);
  const started = now();
  let polls = 0;

  for (let submission = 1; ; submission++) {
    checkAborted(signal);
    const handle = await options.submit(submission);
    let waitMs = firstPollMs;
    for (;;) {
      const left = timeoutMs - (now() - started);
      if (left <= 0) {
        throw new RetryableError(`The ${options.describe} was still running after ${formatDelay(timeoutMs)}; Outport stopped waiting for it.`);
      }
      await sleep(Math.min(waitMs, left), signal);
      checkAborted(signal);
      const state = await options.poll(handle);
      polls++;
      checkAborted(signal);
      if (state.state === 'done') return { handle, result: state.result, submissions: submission, polls };
      if (state.state === 'failed') throw new PermanentError(`The ${options.describe} failed: ${state.message}`);
      if (state.state === 'cancelled') {
        if (submission > maxResubmits) {
          const times = submission === 1 ? 'once' : `${submission} times`;
          throw new RetryableError(`The ${options.describe} was cancelled by the target (${times})${state.message ? `: ${state.message}` : ''}.`);
        }
        options.onResubmit?.({ submission: submission + 1, message: state.message });
        break;
      }
      waitMs = Math.min(maxPollMs, Math.round(waitMs * backoff));
      options.onPending?.({ polls, progress: state.progress, nextPollMs: waitMs });
    }
  }
}

function checkAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw abortReason(signal);
}

/**
 * The records of one batch, findable by what the target calls them: their position in the job's
 * payload, or an identifier (an email, a profile id). Job errors are mapped back to record keys
 * through it, and every record not rejected counts as accepted, so a BatchResult always accounts
 * for each record exactly once.
 *
 * ```ts
 * const index = new BatchRecordIndex(batch.records, (r) => String(r.values.email));
 * for (const error of importErrors) {
 *   const position = jsonApiPointerIndex(error.source?.pointer, '/data/attributes/profiles/data');
 *   if (position !== undefined) index.rejectAt(position, error.detail);
 *   else index.rejectIdentity(error.original_payload?.email, error.detail);
 * }
 * return index.result(batch.sequence);
 * ```
 */
export class BatchRecordIndex {
  private readonly byIdentity = new Map<string, number[]>();
  private readonly rejections = new Map<number, RejectedRecord>();

  constructor(
    readonly records: readonly ExportRecord[],
    identity?: (record: ExportRecord) => string | undefined,
  ) {
    if (!identity) return;
    records.forEach((record, position) => {
      const id = normalizeIdentity(identity(record));
      if (id === undefined) return;
      const positions = this.byIdentity.get(id) ?? [];
      positions.push(position);
      this.byIdentity.set(id, positions);
    });
  }

  /** Rejects the record at `position` in the payload (the batch's order). Returns whether one was there. */
  rejectAt(position: number, reason: string, field?: string): boolean {
    const record = Number.isInteger(position) ? this.records[position] : undefined;
    if (!record) return false;
    if (!this.rejections.has(position)) this.rejections.set(position, field ? { key: record.key, reason, field } : { key: record.key, reason });
    return true;
  }

  /**
   * Rejects every record the target knows by `identity` (compared trimmed and lower-cased: two
   * records of one batch may share an address, and the target answers for the address). Returns
   * how many records it rejected.
   */
  rejectIdentity(identity: string | undefined, reason: string, field?: string): number {
    const id = normalizeIdentity(identity);
    const positions = id === undefined ? [] : (this.byIdentity.get(id) ?? []);
    for (const position of positions) this.rejectAt(position, reason, field);
    return positions.length;
  }

  /** Rejects every record not rejected yet (the target refused the whole batch for a reason that names none). */
  rejectRest(reason: string): void {
    this.records.forEach((_record, position) => this.rejectAt(position, reason));
  }

  get rejected(): RejectedRecord[] {
    return [...this.rejections.entries()].sort(([a], [b]) => a - b).map(([, rejection]) => rejection);
  }

  get accepted(): number {
    return this.records.length - this.rejections.size;
  }

  /** The batch's result: every record accepted or rejected, once. */
  result(sequence: number): BatchResult {
    return { sequence, accepted: this.accepted, rejected: this.rejected };
  }
}

function normalizeIdentity(value: string | undefined): string | undefined {
  const id = value?.trim().toLowerCase();
  return id ? id : undefined;
}
