// Staggering: exports that send through one connection at nearly the same time compete for the
// target's limits, so the product advises at least 30 minutes between them. These rules compare the
// real instants of schedules (in their own time zones, across DST), propose the nearest free slot for
// one schedule, and spread several evenly over a window.

import { nextOccurrences, utcToZoned, zonedTimeToUtc, type CustomSchedule } from './recurrence.js';

export const STAGGER_GAP_MINUTES = 30;

const MINUTE = 60_000;
/** Long enough to meet every day of a month once, so monthly schedules are compared too. */
const HORIZON_MS = 32 * 24 * 60 * MINUTE;
/** Slots are proposed on a 5-minute grid, at most 12 hours away. */
const STEP_MINUTES = 5;
const MAX_SHIFT_MINUTES = 12 * 60;

export interface ScheduledItem {
  id: string;
  schedule: CustomSchedule;
}

export interface StaggerConflict {
  id: string;
  /** The closest two occurrences come, in whole minutes. */
  minutesApart: number;
}

const toMinutes = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const toTime = (minutes: number): string => {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
};

/** The schedule's time of day that stands for it: the earliest daily time, the weekly or monthly time, or the start time of an hourly one. */
export function anchorTime(s: CustomSchedule): string {
  switch (s.recurrence.frequency) {
    case 'daily':
      return [...s.recurrence.times].sort()[0] ?? s.startTime;
    case 'weekly':
    case 'monthly':
      return s.recurrence.time;
    default:
      return s.startTime;
  }
}

/** The same schedule with every time of day moved by `minutes` (within the day). */
export function shiftSchedule(s: CustomSchedule, minutes: number): CustomSchedule {
  const shift = (time: string): string => toTime(toMinutes(time) + minutes);
  const r = s.recurrence;
  const recurrence =
    r.frequency === 'daily'
      ? { ...r, times: r.times.map(shift) }
      : r.frequency === 'weekly' || r.frequency === 'monthly'
        ? { ...r, time: shift(r.time) }
        : r;
  return { ...s, recurrence, startTime: shift(s.startTime) };
}

function occurrences(s: CustomSchedule, from: Date): number[] {
  const out: number[] = [];
  const end = from.getTime() + HORIZON_MS;
  let after = from;
  // In pages, so an hourly schedule (some 770 instants in the horizon) costs a few calls.
  for (;;) {
    const page = nextOccurrences(s, after, 200);
    for (const d of page) {
      if (d.getTime() >= end) return out;
      out.push(d.getTime());
    }
    if (page.length < 200) return out;
    after = page.at(-1)!;
  }
}

function closest(a: number[], b: number[]): number {
  let best = Infinity;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    best = Math.min(best, Math.abs(a[i]! - b[j]!));
    if (a[i]! < b[j]!) i++;
    else j++;
  }
  return best;
}

/** The other schedules that come within 30 minutes of this one over the next month. */
export function staggerConflicts(self: CustomSchedule, others: ScheduledItem[], from: Date): StaggerConflict[] {
  const mine = occurrences(self, from);
  const conflicts: StaggerConflict[] = [];
  for (const other of others) {
    const gap = closest(mine, occurrences(other.schedule, from));
    if (gap < STAGGER_GAP_MINUTES * MINUTE) conflicts.push({ id: other.id, minutesApart: Math.round(gap / MINUTE) });
  }
  return conflicts;
}

/**
 * The nearest time (earlier or later, on a 5-minute grid, within 12 hours) at which the schedule is at
 * least 30 minutes from every other; null when there is none (the others leave no room).
 */
export function nearestFreeSlot(self: CustomSchedule, others: ScheduledItem[], from: Date): { schedule: CustomSchedule; time: string; shiftMinutes: number } | null {
  const theirs = others.map((o) => occurrences(o.schedule, from));
  const free = (s: CustomSchedule) => {
    const mine = occurrences(s, from);
    return theirs.every((t) => closest(mine, t) >= STAGGER_GAP_MINUTES * MINUTE);
  };
  for (let distance = 0; distance <= MAX_SHIFT_MINUTES; distance += STEP_MINUTES) {
    for (const shift of distance === 0 ? [0] : [distance, -distance]) {
      const candidate = shiftSchedule(self, shift);
      if (free(candidate)) return { schedule: candidate, time: anchorTime(candidate), shiftMinutes: shift };
    }
  }
  return null;
}

export interface StaggerWindow {
  /** HH:mm: the first export's new time. */
  start: string;
  /** HH:mm: the last export's new time; by default 30 minutes per export after the start. */
  end?: string;
  /** IANA zone of start and end; by default the zone of the earliest export. */
  timeZone?: string;
}

export interface StaggerProposal {
  id: string;
  /** Current and proposed time of day, in the export's own time zone. */
  from: string;
  to: string;
  schedule: CustomSchedule;
}

/**
 * Spreads exports evenly over a window: in order of their current times, the first at the window's
 * start and the last at its end. Without a window: from the earliest current time, 30 minutes apart.
 * Each export keeps its own time zone; the window's times are converted into it (on `today`).
 */
export function spreadSchedules(items: ScheduledItem[], today: Date, window?: StaggerWindow): StaggerProposal[] {
  if (items.length === 0) return [];
  const instantOf = (item: ScheduledItem) => zonedTimeToUtc(utcToZoned(today, item.schedule.timeZone).date, anchorTime(item.schedule), item.schedule.timeZone).getTime();
  const ordered = [...items].sort((a, b) => instantOf(a) - instantOf(b) || a.id.localeCompare(b.id));
  const zone = window?.timeZone ?? ordered[0]!.schedule.timeZone;
  const day = utcToZoned(today, zone).date;
  const start = window ? zonedTimeToUtc(day, window.start, zone).getTime() : instantOf(ordered[0]!);
  let end = window?.end ? zonedTimeToUtc(day, window.end, zone).getTime() : start + (ordered.length - 1) * STAGGER_GAP_MINUTES * MINUTE;
  if (end < start) end += 24 * 60 * MINUTE;
  const step = ordered.length > 1 ? (end - start) / (ordered.length - 1) : 0;
  return ordered.map((item, i) => {
    const target = start + Math.round((i * step) / MINUTE) * MINUTE;
    const to = utcToZoned(new Date(target), item.schedule.timeZone).time;
    const from = anchorTime(item.schedule);
    return { id: item.id, from, to, schedule: shiftSchedule(item.schedule, toMinutes(to) - toMinutes(from)) };
  });
}
