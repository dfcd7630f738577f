import { describe, it, expect } from 'vitest';
import {
  assertRunTransition,
  canTransitionRun,
  isTerminalRunStatus,
  RUN_STATUS_LABELS,
  RUN_STATUSES,
  summarizeRunStatus,
  type TaskStatus,
} from './runs.js';

const tasks = (...statuses: TaskStatus[]): { status: TaskStatus }[] => statuses.map((status) => ({ status }));

describe('run transitions', () => {
  it('follows the normal life of a run', () => {
    expect(canTransitionRun('queued', 'waiting')).toBe(true);
    expect(canTransitionRun('waiting', 'running')).toBe(true);
    expect(canTransitionRun('running', 'succeeded')).toBe(true);
  });

  it('retries a failed run by queueing it again', () => {
    expect(canTransitionRun('running', 'failed_retrying')).toBe(true);
    expect(canTransitionRun('failed_retrying', 'queued')).toBe(true);
    expect(canTransitionRun('failed_retrying', 'failed')).toBe(true);
  });

  it('skips a waiting run whose upstream failed, and cancels from any unfinished state', () => {
    expect(canTransitionRun('waiting', 'skipped')).toBe(true);
    for (const from of ['queued', 'waiting', 'running', 'failed_retrying'] as const) {
      expect(canTransitionRun(from, 'cancelled')).toBe(true);
    }
  });

  it('never leaves a finished run', () => {
    const terminal = RUN_STATUSES.filter(isTerminalRunStatus);
    expect(terminal).toEqual(['succeeded', 'succeeded_with_warnings', 'failed', 'skipped', 'cancelled']);
    for (const from of terminal) {
      expect(RUN_STATUSES.some((to) => canTransitionRun(from, to))).toBe(false);
    }
    expect(canTransitionRun('queued', 'succeeded')).toBe(false);
    expect(canTransitionRun('running', 'running')).toBe(false);
  });

  it('throws readable errors for forbidden transitions', () => {
    expect(() => assertRunTransition('queued', 'running')).not.toThrow();
    expect(() => assertRunTransition('succeeded', 'running')).toThrow(
      'A run cannot go from succeeded to running (a succeeded run is finished).',
    );
    expect(() => assertRunTransition('queued', 'failed')).toThrow(
      'A run cannot go from queued to failed (allowed: waiting, running, cancelled, skipped).',
    );
  });

  it('has a label for every status', () => {
    expect(RUN_STATUS_LABELS.waiting).toBe('Waiting for dependencies');
    expect(RUN_STATUS_LABELS.failed_retrying).toBe('Failed (retrying)');
    expect(Object.keys(RUN_STATUS_LABELS)).toEqual([...RUN_STATUSES]);
  });
});

describe('summarizeRunStatus', () => {
  it('succeeds when every task succeeded', () => {
    expect(summarizeRunStatus(tasks('succeeded', 'succeeded', 'succeeded'))).toBe('succeeded');
  });

  it('fails when any task failed', () => {
    expect(summarizeRunStatus(tasks('succeeded', 'failed', 'skipped'))).toBe('failed');
  });

  it('warns when a segment was skipped or some records were rejected', () => {
    expect(summarizeRunStatus(tasks('succeeded', 'skipped', 'succeeded'))).toBe('succeeded_with_warnings');
    expect(summarizeRunStatus(tasks('succeeded', 'succeeded_with_warnings'))).toBe('succeeded_with_warnings');
  });

  it('is skipped when every task was skipped', () => {
    expect(summarizeRunStatus(tasks('skipped', 'skipped'))).toBe('skipped');
  });

  it('handles unfinished, cancelled and empty task lists', () => {
    expect(summarizeRunStatus(tasks('succeeded', 'running'))).toBe('running');
    expect(summarizeRunStatus(tasks('succeeded', 'cancelled'))).toBe('cancelled');
    expect(summarizeRunStatus([])).toBe('succeeded');
  });
});
