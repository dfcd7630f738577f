// How run and task statuses look in the console: one badge tone per status.
import type { RunStatus, TaskStatus } from '@outport/core';
import type { BadgeTone } from './components/types.ts';

export const RUN_TONES: Record<RunStatus | 'never', BadgeTone> = {
  never: 'neutral',
  queued: 'neutral',
  waiting: 'warning',
  running: 'info',
  succeeded: 'success',
  succeeded_with_warnings: 'warning',
  failed_retrying: 'warning',
  failed: 'danger',
  skipped: 'neutral',
  cancelled: 'neutral',
};

export const TASK_TONES: Record<TaskStatus, BadgeTone> = {
  pending: 'neutral',
  running: 'info',
  succeeded: 'success',
  succeeded_with_warnings: 'warning',
  failed: 'danger',
  skipped: 'neutral',
  cancelled: 'neutral',
};

/**
 * The tone of the note a run or refresh that ended carries (its `error`): who cancelled it is
 * information, why it was skipped a warning, anything else an error.
 */
export function endNoteTone(status: RunStatus): 'info' | 'warning' | 'error' {
  return status === 'cancelled' ? 'info' : status === 'skipped' ? 'warning' : 'error';
}

/** A system refresh that may still be cancelled (one that ended, or is retrying, is answered as it is). */
export function isCancellableRefresh(status: RunStatus): boolean {
  return status === 'queued' || status === 'waiting' || status === 'running';
}

/** What became of a run started from the console, for the notice that said it is running. */
export function runOutcome(status: RunStatus): string {
  switch (status) {
    case 'succeeded':
      return 'Its run succeeded.';
    case 'succeeded_with_warnings':
      return 'Its run succeeded with warnings.';
    case 'failed':
      return 'Its run failed: its progress details say why.';
    case 'cancelled':
      return 'Its run was cancelled.';
    case 'skipped':
      return 'Its run was skipped: its progress details say why.';
    case 'failed_retrying':
      return 'Its run failed and will be retried.';
    default:
      return 'It is running now.';
  }
}
