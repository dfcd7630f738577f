import { isScheduleOn, nextOccurrences, nextSystemRefreshOccurrences, type ExportSchedule, type SystemRefreshSchedule } from '@outport/core';

/** The next time a custom export schedule fires after `after`; null for system-refresh schedules and schedules that are off. */
export function nextExportRun(schedule: ExportSchedule, after: Date): Date | null {
  if (schedule.kind !== 'custom' || !isScheduleOn(schedule)) return null;
  return nextOccurrences(schedule.schedule, after, 1)[0] ?? null;
}

/** The next scheduled system refresh after `after`; null when the refresh schedule is off. */
export function nextRefreshRun(schedule: SystemRefreshSchedule, after: Date): Date | null {
  return nextSystemRefreshOccurrences(schedule, after, 1)[0] ?? null;
}

/** How many occurrences after `occurrence` also came due by `now` (missed while every process was down). */
export function missedSince(schedule: ExportSchedule | SystemRefreshSchedule, occurrence: Date, now: Date): number {
  const cap = 1000;
  const next = 'kind' in schedule ? (schedule.kind === 'custom' ? nextOccurrences(schedule.schedule, occurrence, cap) : []) : nextSystemRefreshOccurrences(schedule, occurrence, cap);
  return next.filter((d) => d.getTime() <= now.getTime()).length;
}
