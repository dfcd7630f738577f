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
