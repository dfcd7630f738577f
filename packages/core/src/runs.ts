// Run and task statuses. The transition table is the single source of truth for the worker (which
// asserts every change) and for the console (which, e.g., offers Cancel only where it is allowed).

export const RUN_STATUSES = [
  'queued',
  'waiting',
  'running',
  'succeeded',
  'succeeded_with_warnings',
  'failed_retrying',
  'failed',
  'skipped',
  'cancelled',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  queued: 'Queued',
  waiting: 'Waiting for dependencies',
  running: 'Running',
  succeeded: 'Succeeded',
  succeeded_with_warnings: 'Succeeded with warnings',
  failed_retrying: 'Failed (retrying)',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
};

export const TASK_STATUSES = [
  'pending',
  'running',
  'succeeded',
  'succeeded_with_warnings',
  'failed',
  'skipped',
  'cancelled',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  pending: 'Pending',
  running: 'Running',
  succeeded: 'Succeeded',
  succeeded_with_warnings: 'Succeeded with warnings',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
};

export const RUN_TRIGGERS = ['system-refresh', 'schedule', 'manual', 'run-all', 'api'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/**
 * Segment refresh state. `waiting`: a refresh was asked for while a run is sending the segment's
 * members; it starts when that run has finished, and new runs wait for it.
 */
export const REFRESH_STATUSES = ['never', 'waiting', 'refreshing', 'succeeded', 'failed'] as const;
export type RefreshStatus = (typeof REFRESH_STATUSES)[number];

const TRANSITIONS: Record<RunStatus, readonly RunStatus[]> = {
  queued: ['waiting', 'running', 'cancelled', 'skipped'],
  waiting: ['running', 'skipped', 'cancelled'],
  // running → waiting: a run that finds a segment refresh starting as it starts steps back and waits.
  running: ['waiting', 'succeeded', 'succeeded_with_warnings', 'failed_retrying', 'failed', 'cancelled'],
  failed_retrying: ['queued', 'running', 'failed', 'cancelled'],
  succeeded: [],
  succeeded_with_warnings: [],
  failed: [],
  skipped: [],
  cancelled: [],
};

export function isRunStatus(value: unknown): value is RunStatus {
  return typeof value === 'string' && (RUN_STATUSES as readonly string[]).includes(value);
}

/** Whether a run in this status is finished for good. failed_retrying is not: a retry is coming. */
export function isTerminalRunStatus(s: RunStatus): boolean {
  return TRANSITIONS[s].length === 0;
}

export function canTransitionRun(from: RunStatus, to: RunStatus): boolean {
  return TRANSITIONS[from]?.includes(to) ?? false;
}

export function assertRunTransition(from: RunStatus, to: RunStatus): void {
  if (canTransitionRun(from, to)) return;
  const allowed = TRANSITIONS[from] ?? [];
  const hint =
    allowed.length === 0
      ? `a ${RUN_STATUS_LABELS[from]?.toLowerCase() ?? from} run is finished`
      : `allowed: ${allowed.join(', ')}`;
  throw new Error(`A run cannot go from ${from} to ${to} (${hint}).`);
}

/**
 * The final run status implied by its finished tasks: any failure fails the run; a run whose tasks
 * were all skipped is skipped; skipped or partly rejected tasks make it succeed with warnings.
 * Also: unfinished tasks (pending/running) → running; any cancelled task (and no failure) → cancelled;
 * no tasks at all → succeeded.
 */
export function summarizeRunStatus(tasks: { status: TaskStatus }[]): RunStatus {
  if (tasks.length === 0) return 'succeeded';
  const has = (status: TaskStatus): boolean => tasks.some((t) => t.status === status);
  if (has('pending') || has('running')) return 'running';
  if (has('failed')) return 'failed';
  if (has('cancelled')) return 'cancelled';
  if (tasks.every((t) => t.status === 'skipped')) return 'skipped';
  if (has('skipped') || has('succeeded_with_warnings')) return 'succeeded_with_warnings';
  return 'succeeded';
}
