import { describe, expect, it } from 'vitest';
import type { CustomSchedule } from './recurrence.js';
import { anchorTime, nearestFreeSlot, shiftSchedule, spreadSchedules, staggerConflicts } from './stagger.js';

const daily = (time: string, timeZone = 'UTC', times = [time]): CustomSchedule => ({
  recurrence: { frequency: 'daily', times },
  startDate: '2026-01-01',
  startTime: time,
  timeZone,
});
const now = new Date('2026-03-02T00:00:00Z');

describe('staggerConflicts', () => {
  it('finds schedules within 30 minutes of each other, by their real instants', () => {
    const others = [
      { id: 'a', schedule: daily('09:20') },
      { id: 'b', schedule: daily('10:00') },
      // 09:10 in Paris is 08:10 UTC in March: more than 30 minutes away from 09:00 UTC.
      { id: 'c', schedule: daily('09:10', 'Europe/Paris') },
    ];
    expect(staggerConflicts(daily('09:00'), others, now)).toEqual([{ id: 'a', minutesApart: 20 }]);
  });

  it('compares weekly and monthly schedules with daily ones', () => {
    const weekly: CustomSchedule = { recurrence: { frequency: 'weekly', days: ['wed'], time: '06:10' }, startDate: '2026-01-01', startTime: '06:10', timeZone: 'UTC' };
    expect(staggerConflicts(weekly, [{ id: 'd', schedule: daily('06:00') }], now)).toEqual([{ id: 'd', minutesApart: 10 }]);
  });
});

describe('nearestFreeSlot', () => {
  it('proposes the nearest time at least 30 minutes from every other export', () => {
    const others = [{ id: 'a', schedule: daily('09:00') }, { id: 'b', schedule: daily('09:30') }];
    const slot = nearestFreeSlot(daily('09:10'), others, now);
    expect(slot?.time).toBe('08:30');
    expect(slot?.shiftMinutes).toBe(-40);
    expect(nearestFreeSlot(daily('12:00'), others, now)?.shiftMinutes).toBe(0);
  });

  it('moves every time of a daily schedule together', () => {
    const slot = nearestFreeSlot(daily('06:00', 'UTC', ['06:00', '18:00']), [{ id: 'a', schedule: daily('18:10') }], now);
    expect(slot?.schedule.recurrence).toEqual({ frequency: 'daily', times: ['05:40', '17:40'] });
  });
});

describe('spreadSchedules', () => {
  it('by default spaces exports 30 minutes apart from the earliest current time, in order', () => {
    const items = [
      { id: 'late', schedule: daily('09:05') },
      { id: 'early', schedule: daily('09:00') },
      { id: 'mid', schedule: daily('09:02') },
    ];
    expect(spreadSchedules(items, now).map((p) => [p.id, p.from, p.to])).toEqual([
      ['early', '09:00', '09:00'],
      ['mid', '09:02', '09:30'],
      ['late', '09:05', '10:00'],
    ]);
  });

  it('spreads evenly over a given window, in each export\'s own time zone', () => {
    const items = [
      { id: 'a', schedule: daily('06:00') },
      { id: 'b', schedule: daily('07:00', 'Europe/Paris') },
      { id: 'c', schedule: daily('08:00') },
    ];
    const proposals = spreadSchedules(items, now, { start: '02:00', end: '04:00', timeZone: 'UTC' });
    // a and b both start at 06:00 UTC (07:00 in Paris in winter); b lands at 03:00 UTC, 04:00 in Paris.
    expect(proposals.map((p) => [p.id, p.to])).toEqual([
      ['a', '02:00'],
      ['b', '04:00'],
      ['c', '04:00'],
    ]);
  });

  it('shifts the schedule itself, keeping its recurrence', () => {
    const [p] = spreadSchedules([{ id: 'a', schedule: daily('09:00') }], now, { start: '05:15' });
    expect(p?.schedule).toEqual(daily('05:15'));
    expect(anchorTime(shiftSchedule(daily('23:50'), 20))).toBe('00:10');
  });
});
