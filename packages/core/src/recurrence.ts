// Export and system-refresh schedules. Times are local wall-clock times in an IANA zone, so the same
// "09:00 Europe/Paris" maps to different UTC instants in winter and summer. Only Intl.DateTimeFormat is
// used (no tz database of our own), which keeps core usable in the browser.
//
// DST choices, applied everywhere through zonedTimeToUtc:
// - a local time that does not exist (spring-forward gap) runs at the first instant after the gap,
//   e.g. 02:30 on the spring-forward day in Europe/Paris runs at 03:00 local (01:00Z);
// - an ambiguous local time (fall-back overlap) runs once, at the first (earlier) instant;
// - hourly schedules fire at every real hour whose local minute matches, so the repeated fall-back
//   hour fires twice and the skipped spring-forward hour not at all.

import { isValidCalendarDate, utcMillis } from './columns.js';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export const WEEKDAY_LABELS: Record<Weekday, string> = {
  mon: 'Mon',
  tue: 'Tue',
  wed: 'Wed',
  thu: 'Thu',
  fri: 'Fri',
  sat: 'Sat',
  sun: 'Sun',
};

export const MAX_DAILY_TIMES = 4;

export type Recurrence =
  | { frequency: 'hourly' }
  | { frequency: 'daily'; times: string[] }
  | { frequency: 'weekly'; days: Weekday[]; time: string }
  | { frequency: 'monthly'; daysOfMonth: number[]; time: string };

export type RecurrenceFrequency = Recurrence['frequency'];

export interface CustomSchedule {
  recurrence: Recurrence;
  /** YYYY-MM-DD, local to timeZone. */
  startDate: string;
  /** HH:mm, local to timeZone. Hourly schedules run at this minute of every hour. */
  startTime: string;
  /** IANA zone, e.g. Europe/Paris. */
  timeZone: string;
}

/**
 * An export's schedule: with every system refresh (the default), or its own recurrence. Either can be
 * switched off (`enabled: false`); a system-refresh schedule without `enabled` is on.
 */
export type ExportSchedule =
  | { kind: 'system-refresh'; enabled?: boolean }
  | { kind: 'custom'; enabled: boolean; schedule: CustomSchedule };

/** Whether the export runs by itself (and with Run all). */
export function isScheduleOn(schedule: ExportSchedule): boolean {
  return schedule.kind === 'system-refresh' ? schedule.enabled !== false : schedule.enabled;
}

/** The schedule in words, as the exports list shows it: `With system refresh`, `Off`, `Daily at 06:00 (UTC)`. */
export function describeExportSchedule(schedule: ExportSchedule): string {
  if (!isScheduleOn(schedule)) return 'Off';
  return schedule.kind === 'system-refresh' ? 'With system refresh' : describeSchedule(schedule.schedule);
}

/** The same schedule switched on or off, keeping its recurrence (bulk "keep individual schedules"). */
export function withScheduleEnabled(schedule: ExportSchedule, enabled: boolean): ExportSchedule {
  return schedule.kind === 'system-refresh' ? (enabled ? { kind: 'system-refresh' } : { kind: 'system-refresh', enabled: false }) : { ...schedule, enabled };
}

export interface SystemRefreshSchedule {
  enabled: boolean;
  frequency: 'daily' | 'weekly';
  days: Weekday[];
  times: string[];
  timeZone: string;
}

export const DEFAULT_SYSTEM_REFRESH: SystemRefreshSchedule = {
  enabled: false,
  frequency: 'daily',
  days: [],
  times: ['02:00'],
  timeZone: 'UTC',
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

// ---------------------------------------------------------------------------------------------
// Time-zone arithmetic

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz.trim() === '') return false;
  try {
    formatterFor(tz);
    return true;
  } catch {
    return false;
  }
}

/** The local wall clock at instant `ms`, expressed as milliseconds of a UTC clock showing the same fields. */
function wallClockMs(ms: number, timeZone: string): number {
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  // Some engines print midnight as 24 even with h23.
  const hour = fields.hour === 24 ? 0 : (fields.hour ?? 0);
  return utcMillis(
    fields.year ?? 1970,
    fields.month ?? 1,
    fields.day ?? 1,
    hour,
    fields.minute ?? 0,
    fields.second ?? 0,
  );
}

/** UTC offset of the zone at instant `ms` (positive east of Greenwich), in milliseconds. */
function offsetAt(ms: number, timeZone: string): number {
  const wholeSecond = Math.floor(ms / 1000) * 1000;
  return wallClockMs(wholeSecond, timeZone) - wholeSecond;
}

/** The instant for a wall-clock value given as UTC-clock milliseconds, applying the DST choices above. */
function instantForWallClock(local: number, timeZone: string): number {
  // Offsets a day either side bracket any transition near this wall time (zones change at most once a day).
  const offsets = new Set([
    offsetAt(local - DAY, timeZone),
    offsetAt(local, timeZone),
    offsetAt(local + DAY, timeZone),
  ]);
  const candidates = [...offsets].map((o) => local - o).sort((a, b) => a - b);
  for (const candidate of candidates) {
    // Earliest first, so an ambiguous fall-back time resolves to its first occurrence.
    if (wallClockMs(candidate, timeZone) === local) return candidate;
  }
  // The wall time falls in a gap. The transition lies between the candidates: before it the wall clock
  // shows an earlier time, after it a later one. Binary-search the first second showing a later time.
  let lo = candidates[0] ?? local;
  let hi = candidates[candidates.length - 1] ?? local;
  if (wallClockMs(hi, timeZone) <= local) return hi; // no bracket found: best effort, never loops
  lo = Math.floor(lo / 1000);
  hi = Math.ceil(hi / 1000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClockMs(mid * 1000, timeZone) > local) hi = mid;
    else lo = mid;
  }
  return hi * 1000;
}

function parseDate(date: string): [number, number, number] | null {
  const m = DATE_PATTERN.exec(date);
  if (!m) return null;
  const ymd: [number, number, number] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return isValidCalendarDate(...ymd) ? ymd : null;
}

function parseTime(time: string): [number, number] | null {
  const m = TIME_PATTERN.exec(time);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` (YYYY-MM-DD) `time` (HH:mm).
 * Non-existent times map to the end of the gap, ambiguous times to their earlier instant.
 */
export function zonedTimeToUtc(date: string, time: string, timeZone: string): Date {
  const ymd = parseDate(date);
  const hm = parseTime(time);
  if (!ymd) throw new Error(`Invalid date "${date}"; use YYYY-MM-DD`);
  if (!hm) throw new Error(`Invalid time "${time}"; use HH:mm`);
  if (!isValidTimeZone(timeZone)) throw new Error(`Unknown time zone "${timeZone}"`);
  return new Date(instantForWallClock(utcMillis(...ymd, ...hm), timeZone));
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function dayNumberToDate(dayNumber: number): string {
  const d = new Date(dayNumber * DAY);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function weekdayOfDayNumber(dayNumber: number): Weekday {
  // Day 0 (1970-01-01) was a Thursday, index 3 in WEEKDAYS.
  return WEEKDAYS[(((dayNumber + 3) % 7) + 7) % 7] as Weekday;
}

/** The wall clock in `timeZone` at instant `d`. */
export function utcToZoned(d: Date, timeZone: string): { date: string; time: string; weekday: Weekday } {
  if (!isValidTimeZone(timeZone)) throw new Error(`Unknown time zone "${timeZone}"`);
  const wall = wallClockMs(d.getTime(), timeZone);
  const dayNumber = Math.floor(wall / DAY);
  const minuteOfDay = Math.floor((wall - dayNumber * DAY) / MINUTE);
  return {
    date: dayNumberToDate(dayNumber),
    time: `${pad(Math.floor(minuteOfDay / 60))}:${pad(minuteOfDay % 60)}`,
    weekday: weekdayOfDayNumber(dayNumber),
  };
}

// ---------------------------------------------------------------------------------------------
// Validation and description

/** Problems with a schedule, as readable sentences; empty when it is valid. */
export function validateSchedule(s: CustomSchedule): string[] {
  const problems: string[] = [];
  if (!isValidTimeZone(s.timeZone)) problems.push(`Unknown time zone "${String(s.timeZone)}"`);
  if (typeof s.startDate !== 'string' || !parseDate(s.startDate)) {
    problems.push(`Invalid start date "${String(s.startDate)}"; use YYYY-MM-DD`);
  }
  if (typeof s.startTime !== 'string' || !parseTime(s.startTime)) {
    problems.push(`Invalid start time "${String(s.startTime)}"; use HH:mm`);
  }
  const r = s.recurrence as Recurrence | undefined;
  const checkTime = (time: unknown): void => {
    if (typeof time !== 'string' || !parseTime(time))
      problems.push(`Invalid time "${String(time)}"; use HH:mm`);
  };
  switch (r?.frequency) {
    case 'hourly':
      break;
    case 'daily': {
      const times = Array.isArray(r.times) ? r.times : [];
      if (times.length === 0) problems.push('Choose at least one time of day');
      if (times.length > MAX_DAILY_TIMES) {
        problems.push(`A daily schedule runs at most ${MAX_DAILY_TIMES} times a day (got ${times.length})`);
      }
      times.forEach(checkTime);
      for (const time of duplicates(times)) problems.push(`Duplicate time "${time}"`);
      break;
    }
    case 'weekly': {
      problems.push(...validateWeekdays(r.days));
      checkTime(r.time);
      break;
    }
    case 'monthly': {
      const days = Array.isArray(r.daysOfMonth) ? r.daysOfMonth : [];
      if (days.length === 0) problems.push('Choose at least one day of the month');
      for (const day of days) {
        if (!Number.isInteger(day) || day < 1 || day > 31) {
          problems.push(`Day of month must be between 1 and 31 (got ${String(day)})`);
        }
      }
      for (const day of duplicates(days)) problems.push(`Duplicate day of month ${day}`);
      checkTime(r.time);
      break;
    }
    default:
      problems.push(`Unknown frequency "${String((r as { frequency?: unknown } | undefined)?.frequency)}"`);
  }
  return problems;
}

function validateWeekdays(value: unknown): string[] {
  const problems: string[] = [];
  const days: unknown[] = Array.isArray(value) ? value : [];
  if (days.length === 0) problems.push('Choose at least one day of the week');
  for (const day of days) {
    if (!(WEEKDAYS as readonly unknown[]).includes(day)) problems.push(`Unknown weekday "${String(day)}"`);
  }
  for (const day of duplicates(days)) problems.push(`Duplicate day "${String(day)}"`);
  return problems;
}

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>();
  const dup = new Set<T>();
  for (const v of values) (seen.has(v) ? dup : seen).add(v);
  return [...dup];
}

function sortedTimes(times: readonly string[]): string[] {
  return [...new Set(times)].sort();
}

function sortedWeekdays(days: readonly Weekday[]): Weekday[] {
  return WEEKDAYS.filter((d) => days.includes(d));
}

/** e.g. `Weekly on Mon, Thu at 09:00 (Europe/Paris)`. */
export function describeSchedule(s: CustomSchedule): string {
  const zone = `(${s.timeZone})`;
  const r = s.recurrence;
  switch (r.frequency) {
    case 'hourly':
      return `Hourly at :${s.startTime.slice(3, 5)} ${zone}`;
    case 'daily':
      return `Daily at ${sortedTimes(r.times).join(', ')} ${zone}`;
    case 'weekly':
      return `Weekly on ${sortedWeekdays(r.days)
        .map((d) => WEEKDAY_LABELS[d])
        .join(', ')} at ${r.time} ${zone}`;
    case 'monthly':
      return `Monthly on day ${[...new Set(r.daysOfMonth)].sort((a, b) => a - b).join(', ')} at ${r.time} ${zone}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Next occurrences

// A valid daily, weekly or monthly schedule fires at least every 62 days; this only guards against bugs.
const MAX_EMPTY_DAYS = 3660;

/**
 * The next `count` run instants strictly after `after`, never before startDate + startTime (local).
 * Throws when the schedule is invalid (see validateSchedule).
 */
export function nextOccurrences(s: CustomSchedule, after: Date, count: number): Date[] {
  const problems = validateSchedule(s);
  if (problems.length > 0) throw new Error(`Invalid schedule: ${problems.join('; ')}`);
  if (!(count > 0)) return [];
  const startMs = zonedTimeToUtc(s.startDate, s.startTime, s.timeZone).getTime();
  const afterMs = after.getTime();
  if (Number.isNaN(afterMs)) throw new Error('nextOccurrences: "after" is not a valid date');
  const accept = (t: number, last: number): boolean => t > afterMs && t >= startMs && t > last;
  return s.recurrence.frequency === 'hourly'
    ? nextHourly(s, Math.max(afterMs, startMs), count, accept)
    : nextByDay(s, Math.max(afterMs, startMs), count, accept);
}

function nextHourly(
  s: CustomSchedule,
  fromMs: number,
  count: number,
  accept: (t: number, last: number) => boolean,
): Date[] {
  const minute = (parseTime(s.startTime) as [number, number])[1];
  const out: Date[] = [];
  let last = -Infinity;
  // Walk real (UTC) hours; within each, the matching local minute sits at a fixed offset unless the
  // zone's offset has a non-whole-hour part (India, Nepal, Lord Howe...), which the modulo handles.
  for (let hourStart = Math.floor(fromMs / HOUR) * HOUR - HOUR; out.length < count; hourStart += HOUR) {
    const offsetMinutes = Math.floor(offsetAt(hourStart, s.timeZone) / MINUTE);
    const t = hourStart + ((((minute - offsetMinutes) % 60) + 60) % 60) * MINUTE;
    const localMinute = Math.floor((wallClockMs(t, s.timeZone) % HOUR) / MINUTE);
    if (localMinute === minute && accept(t, last)) {
      out.push(new Date(t));
      last = t;
    }
  }
  return out;
}

function nextByDay(
  s: CustomSchedule,
  fromMs: number,
  count: number,
  accept: (t: number, last: number) => boolean,
): Date[] {
  const r = s.recurrence;
  let times: string[];
  let matches: (dayNumber: number) => boolean;
  switch (r.frequency) {
    case 'daily':
      times = sortedTimes(r.times);
      matches = () => true;
      break;
    case 'weekly': {
      times = [r.time];
      const days = new Set(r.days);
      matches = (n) => days.has(weekdayOfDayNumber(n));
      break;
    }
    case 'monthly': {
      times = [r.time];
      const days = new Set(r.daysOfMonth);
      // Day 31 simply does not occur in 30-day months: skipped, not moved to the last day.
      matches = (n) => days.has(new Date(n * DAY).getUTCDate());
      break;
    }
    default:
      return [];
  }
  const minutes = times.map((t) => {
    const [h, m] = parseTime(t) as [number, number];
    return h * HOUR + m * MINUTE;
  });

  const out: Date[] = [];
  let last = -Infinity;
  // Start one local day early: the local date at `fromMs` can be behind or ahead of the UTC date, and a
  // gap can push a wall time past midnight.
  let dayNumber = Math.floor(wallClockMs(fromMs, s.timeZone) / DAY) - 1;
  for (let empty = 0; out.length < count && empty < MAX_EMPTY_DAYS; dayNumber++) {
    empty++;
    if (!matches(dayNumber)) continue;
    for (const minuteOfDay of minutes) {
      const t = instantForWallClock(dayNumber * DAY + minuteOfDay, s.timeZone);
      if (!accept(t, last)) continue;
      out.push(new Date(t));
      last = t;
      empty = 0;
      if (out.length === count) break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// System refresh

/** Problems with a system-refresh schedule, as readable sentences. */
export function validateSystemRefresh(s: SystemRefreshSchedule): string[] {
  const problems: string[] = [];
  if (s.frequency !== 'daily' && s.frequency !== 'weekly') {
    problems.push(`Unknown frequency "${String(s.frequency)}"; a system refresh runs daily or weekly`);
  }
  // Times and zone follow the same rules as a custom daily schedule (at most four times a day).
  const asDaily: CustomSchedule = {
    recurrence: { frequency: 'daily', times: s.times },
    startDate: '1970-01-01',
    startTime: '00:00',
    timeZone: s.timeZone,
  };
  problems.push(...validateSchedule(asDaily));
  if (s.frequency === 'weekly') problems.push(...validateWeekdays(s.days));
  return problems;
}

/**
 * One schedule for the system refresh, so the same next-occurrence engine serves both. A weekly
 * recurrence holds a single time, so a weekly refresh with several times uses its earliest here; use
 * systemRefreshToSchedules or nextSystemRefreshOccurrences to honour every time.
 */
export function systemRefreshToSchedule(s: SystemRefreshSchedule): CustomSchedule {
  const base = { startDate: '1970-01-01', startTime: '00:00', timeZone: s.timeZone };
  const times = sortedTimes(s.times);
  if (s.frequency === 'weekly') {
    return { ...base, recurrence: { frequency: 'weekly', days: [...s.days], time: times[0] ?? '' } };
  }
  return { ...base, recurrence: { frequency: 'daily', times } };
}

/** The system refresh as custom schedules: one for daily, one per time for weekly. */
export function systemRefreshToSchedules(s: SystemRefreshSchedule): CustomSchedule[] {
  if (s.frequency !== 'weekly') return [systemRefreshToSchedule(s)];
  return sortedTimes(s.times).map((time) => ({
    startDate: '1970-01-01',
    startTime: '00:00',
    timeZone: s.timeZone,
    recurrence: { frequency: 'weekly', days: [...s.days], time },
  }));
}

/** e.g. `Daily at 02:00, 14:00 (Europe/Paris)`, `Weekly on Mon, Thu at 02:00 (UTC)`, or `Off`. */
export function describeSystemRefresh(s: SystemRefreshSchedule): string {
  if (!s.enabled) return 'Off';
  const times = sortedTimes(s.times).join(', ');
  if (s.frequency === 'weekly') return `Weekly on ${sortedWeekdays(s.days).map((d) => WEEKDAY_LABELS[d]).join(', ')} at ${times} (${s.timeZone})`;
  return `Daily at ${times} (${s.timeZone})`;
}

/** Next system-refresh instants, honouring every time of a weekly refresh; none when disabled. */
export function nextSystemRefreshOccurrences(s: SystemRefreshSchedule, after: Date, count: number): Date[] {
  if (!s.enabled) return [];
  const all = systemRefreshToSchedules(s).flatMap((schedule) => nextOccurrences(schedule, after, count));
  const unique = [...new Set(all.map((d) => d.getTime()))].sort((a, b) => a - b);
  return unique.slice(0, Math.max(count, 0)).map((t) => new Date(t));
}
