import { describe, it, expect } from 'vitest';
import {
  DEFAULT_SYSTEM_REFRESH,
  describeExportSchedule,
  describeSystemRefresh,
  describeSchedule,
  isScheduleOn,
  withScheduleEnabled,
  isValidTimeZone,
  nextOccurrences,
  nextSystemRefreshOccurrences,
  systemRefreshToSchedule,
  systemRefreshToSchedules,
  utcToZoned,
  validateSchedule,
  validateSystemRefresh,
  zonedTimeToUtc,
  type CustomSchedule,
  type Recurrence,
} from './recurrence.js';

const iso = (dates: Date[]): string[] => dates.map((d) => d.toISOString());

function schedule(
  recurrence: Recurrence,
  timeZone: string,
  startDate = '2024-01-01',
  startTime = '00:00',
): CustomSchedule {
  return { recurrence, timeZone, startDate, startTime };
}

describe('zonedTimeToUtc and utcToZoned', () => {
  it('converts Paris wall-clock times with the winter and summer offsets', () => {
    expect(zonedTimeToUtc('2025-01-15', '09:00', 'Europe/Paris').toISOString()).toBe(
      '2025-01-15T08:00:00.000Z',
    );
    expect(zonedTimeToUtc('2025-07-15', '09:00', 'Europe/Paris').toISOString()).toBe(
      '2025-07-15T07:00:00.000Z',
    );
    expect(zonedTimeToUtc('2025-07-15', '09:00', 'America/New_York').toISOString()).toBe(
      '2025-07-15T13:00:00.000Z',
    );
    expect(zonedTimeToUtc('2025-07-15', '09:00', 'UTC').toISOString()).toBe('2025-07-15T09:00:00.000Z');
  });

  it('runs a time skipped by spring-forward at the end of the gap (02:30 → 03:00 local)', () => {
    const d = zonedTimeToUtc('2025-03-30', '02:30', 'Europe/Paris');
    expect(d.toISOString()).toBe('2025-03-30T01:00:00.000Z');
    expect(utcToZoned(d, 'Europe/Paris')).toEqual({ date: '2025-03-30', time: '03:00', weekday: 'sun' });
    expect(zonedTimeToUtc('2025-03-09', '02:15', 'America/New_York').toISOString()).toBe(
      '2025-03-09T07:00:00.000Z',
    );
  });

  it('runs an ambiguous fall-back time at its first instant', () => {
    expect(zonedTimeToUtc('2025-10-26', '02:30', 'Europe/Paris').toISOString()).toBe(
      '2025-10-26T00:30:00.000Z',
    );
    expect(zonedTimeToUtc('2025-11-02', '01:30', 'America/New_York').toISOString()).toBe(
      '2025-11-02T05:30:00.000Z',
    );
  });

  it('handles half-hour offsets and half-hour DST shifts', () => {
    expect(zonedTimeToUtc('2025-06-01', '09:00', 'Asia/Kolkata').toISOString()).toBe(
      '2025-06-01T03:30:00.000Z',
    );
    // Lord Howe Island springs forward 30 minutes, 02:00 → 02:30 local (+10:30 → +11:00).
    const d = zonedTimeToUtc('2025-10-05', '02:15', 'Australia/Lord_Howe');
    expect(utcToZoned(d, 'Australia/Lord_Howe').time).toBe('02:30');
    expect(d.toISOString()).toBe('2025-10-04T15:30:00.000Z');
  });

  it('survives a whole skipped day (Samoa crossed the date line on 2011-12-30)', () => {
    const d = zonedTimeToUtc('2011-12-30', '10:00', 'Pacific/Apia');
    expect(utcToZoned(d, 'Pacific/Apia')).toEqual({ date: '2011-12-31', time: '00:00', weekday: 'sat' });
  });

  it('reports the local date, time and weekday of an instant', () => {
    expect(utcToZoned(new Date('2025-01-05T23:30:00Z'), 'Asia/Tokyo')).toEqual({
      date: '2025-01-06',
      time: '08:30',
      weekday: 'mon',
    });
    expect(utcToZoned(new Date('2025-01-06T00:30:00Z'), 'America/Los_Angeles')).toEqual({
      date: '2025-01-05',
      time: '16:30',
      weekday: 'sun',
    });
  });

  it('rejects unknown zones and malformed input', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('Mars/Base')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(() => zonedTimeToUtc('2025-01-01', '09:00', 'Mars/Base')).toThrow('Unknown time zone "Mars/Base"');
    expect(() => zonedTimeToUtc('2025-02-30', '09:00', 'UTC')).toThrow('Invalid date');
    expect(() => zonedTimeToUtc('2025-01-01', '9:00', 'UTC')).toThrow('Invalid time');
  });
});

describe('nextOccurrences', () => {
  it('fires a weekly Monday 09:00 Europe/Paris schedule at 08:00Z in winter and 07:00Z in summer', () => {
    const s = schedule({ frequency: 'weekly', days: ['mon'], time: '09:00' }, 'Europe/Paris');
    expect(iso(nextOccurrences(s, new Date('2025-03-20T00:00:00Z'), 3))).toEqual([
      '2025-03-24T08:00:00.000Z',
      '2025-03-31T07:00:00.000Z',
      '2025-04-07T07:00:00.000Z',
    ]);
  });

  it('runs several weekly days in order', () => {
    const s = schedule({ frequency: 'weekly', days: ['thu', 'mon'], time: '09:00' }, 'UTC');
    // 2025-01-06 is a Monday.
    expect(iso(nextOccurrences(s, new Date('2025-01-06T09:00:00Z'), 3))).toEqual([
      '2025-01-09T09:00:00.000Z',
      '2025-01-13T09:00:00.000Z',
      '2025-01-16T09:00:00.000Z',
    ]);
  });

  it('uses the local weekday, not the UTC one', () => {
    // Monday 08:30 in Tokyo is still Sunday in UTC.
    const s = schedule({ frequency: 'weekly', days: ['mon'], time: '08:30' }, 'Asia/Tokyo');
    expect(iso(nextOccurrences(s, new Date('2025-01-01T00:00:00Z'), 1))).toEqual([
      '2025-01-05T23:30:00.000Z',
    ]);
  });

  it('runs a daily 02:30 Paris schedule once on both DST change days', () => {
    const s = schedule({ frequency: 'daily', times: ['02:30'] }, 'Europe/Paris');
    expect(iso(nextOccurrences(s, new Date('2025-03-29T00:00:00Z'), 3))).toEqual([
      '2025-03-29T01:30:00.000Z',
      '2025-03-30T01:00:00.000Z', // 02:30 does not exist: 03:00 CEST
      '2025-03-31T00:30:00.000Z',
    ]);
    expect(iso(nextOccurrences(s, new Date('2025-10-25T00:00:00Z'), 3))).toEqual([
      '2025-10-25T00:30:00.000Z',
      '2025-10-26T00:30:00.000Z', // 02:30 happens twice: the first one (CEST) only
      '2025-10-27T01:30:00.000Z',
    ]);
  });

  it('does not run twice when two daily times collapse into the same gap', () => {
    const s = schedule({ frequency: 'daily', times: ['03:00', '02:30'] }, 'Europe/Paris');
    expect(iso(nextOccurrences(s, new Date('2025-03-30T00:00:00Z'), 2))).toEqual([
      '2025-03-30T01:00:00.000Z',
      '2025-03-31T00:30:00.000Z',
    ]);
  });

  it('returns daily times in order, strictly after the given instant', () => {
    const s = schedule({ frequency: 'daily', times: ['18:00', '06:00'] }, 'UTC');
    expect(iso(nextOccurrences(s, new Date('2025-05-01T06:00:00Z'), 3))).toEqual([
      '2025-05-01T18:00:00.000Z',
      '2025-05-02T06:00:00.000Z',
      '2025-05-02T18:00:00.000Z',
    ]);
  });

  it('never runs before the local start date and time', () => {
    const s = schedule({ frequency: 'daily', times: ['09:00'] }, 'Europe/Paris', '2025-06-10', '10:00');
    // 09:00 on the start day is before the 10:00 start, so the first run is the next day.
    expect(iso(nextOccurrences(s, new Date('2025-01-01T00:00:00Z'), 2))).toEqual([
      '2025-06-11T07:00:00.000Z',
      '2025-06-12T07:00:00.000Z',
    ]);
  });

  it('skips monthly days that a month does not have', () => {
    const s = schedule({ frequency: 'monthly', daysOfMonth: [31], time: '08:30' }, 'Asia/Tokyo');
    expect(iso(nextOccurrences(s, new Date('2025-03-01T00:00:00Z'), 4))).toEqual([
      '2025-03-30T23:30:00.000Z', // 31 March 08:30 JST
      '2025-05-30T23:30:00.000Z', // April has no 31st
      '2025-07-30T23:30:00.000Z',
      '2025-08-30T23:30:00.000Z',
    ]);
  });

  it('runs on 29 February only in leap years', () => {
    const s = schedule({ frequency: 'monthly', daysOfMonth: [29], time: '00:00' }, 'UTC');
    const runs = nextOccurrences(s, new Date('2025-01-01T00:00:00Z'), 22);
    expect(runs.filter((d) => d.getUTCMonth() === 1)).toEqual([]);
    expect(runs[1]!.toISOString()).toBe('2025-03-29T00:00:00.000Z');
    const leap = nextOccurrences(s, new Date('2028-02-01T00:00:00Z'), 1);
    expect(iso(leap)).toEqual(['2028-02-29T00:00:00.000Z']);
  });

  it('runs hourly at the minute of the start time, in local time', () => {
    const s = schedule({ frequency: 'hourly' }, 'Asia/Kolkata', '2025-01-01', '00:15');
    // :15 in India (UTC+05:30) is :45 UTC.
    expect(iso(nextOccurrences(s, new Date('2025-06-01T10:00:00Z'), 2))).toEqual([
      '2025-06-01T10:45:00.000Z',
      '2025-06-01T11:45:00.000Z',
    ]);
  });

  it('runs hourly every real hour across the New York fall-back', () => {
    const s = schedule({ frequency: 'hourly' }, 'America/New_York', '2025-01-01', '00:15');
    const runs = nextOccurrences(s, new Date('2025-11-02T04:00:00Z'), 4);
    expect(iso(runs)).toEqual([
      '2025-11-02T04:15:00.000Z',
      '2025-11-02T05:15:00.000Z',
      '2025-11-02T06:15:00.000Z',
      '2025-11-02T07:15:00.000Z',
    ]);
    expect(runs.map((d) => utcToZoned(d, 'America/New_York').time)).toEqual([
      '00:15',
      '01:15',
      '01:15',
      '02:15',
    ]);
  });

  it('starts an hourly schedule at its start date and time', () => {
    const s = schedule({ frequency: 'hourly' }, 'Europe/Paris', '2025-07-01', '09:40');
    expect(iso(nextOccurrences(s, new Date('2025-01-01T00:00:00Z'), 2))).toEqual([
      '2025-07-01T07:40:00.000Z',
      '2025-07-01T08:40:00.000Z',
    ]);
  });

  it('is fast enough to list years of occurrences', () => {
    const started = Date.now();
    const daily = nextOccurrences(
      schedule({ frequency: 'daily', times: ['01:00', '07:00', '13:00', '19:00'] }, 'Europe/Paris'),
      new Date('2025-01-01T00:00:00Z'),
      4 * 365 * 3,
    );
    const monthly = nextOccurrences(
      schedule({ frequency: 'monthly', daysOfMonth: [31], time: '12:00' }, 'America/New_York'),
      new Date('2025-01-01T00:00:00Z'),
      7 * 20,
    );
    expect(daily).toHaveLength(4380);
    expect(monthly[monthly.length - 1]!.getUTCFullYear()).toBe(2044);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses to compute runs for an invalid schedule, and returns nothing for count 0', () => {
    const bad = schedule({ frequency: 'daily', times: [] }, 'UTC');
    expect(() => nextOccurrences(bad, new Date(), 1)).toThrow(
      'Invalid schedule: Choose at least one time of day',
    );
    expect(nextOccurrences(schedule({ frequency: 'hourly' }, 'UTC'), new Date(), 0)).toEqual([]);
  });
});

describe('validateSchedule', () => {
  it('accepts a valid schedule', () => {
    expect(
      validateSchedule(schedule({ frequency: 'weekly', days: ['mon'], time: '09:00' }, 'Europe/Paris')),
    ).toEqual([]);
  });

  it('explains each problem', () => {
    expect(validateSchedule(schedule({ frequency: 'hourly' }, 'Mars/Base'))).toEqual([
      'Unknown time zone "Mars/Base"',
    ]);
    expect(
      validateSchedule(
        schedule({ frequency: 'daily', times: ['01:00', '02:00', '03:00', '04:00', '04:00'] }, 'UTC'),
      ),
    ).toEqual(['A daily schedule runs at most 4 times a day (got 5)', 'Duplicate time "04:00"']);
    expect(validateSchedule(schedule({ frequency: 'weekly', days: [], time: '9:00' }, 'UTC'))).toEqual([
      'Choose at least one day of the week',
      'Invalid time "9:00"; use HH:mm',
    ]);
    expect(
      validateSchedule(schedule({ frequency: 'monthly', daysOfMonth: [0, 32, 15], time: '24:00' }, 'UTC')),
    ).toEqual([
      'Day of month must be between 1 and 31 (got 0)',
      'Day of month must be between 1 and 31 (got 32)',
      'Invalid time "24:00"; use HH:mm',
    ]);
    expect(validateSchedule(schedule({ frequency: 'hourly' }, 'UTC', '2025-13-01', '7am'))).toEqual([
      'Invalid start date "2025-13-01"; use YYYY-MM-DD',
      'Invalid start time "7am"; use HH:mm',
    ]);
  });
});

describe('describeSchedule', () => {
  it('reads like the console shows it', () => {
    expect(
      describeSchedule(
        schedule({ frequency: 'weekly', days: ['thu', 'mon'], time: '09:00' }, 'Europe/Paris'),
      ),
    ).toBe('Weekly on Mon, Thu at 09:00 (Europe/Paris)');
    expect(describeSchedule(schedule({ frequency: 'daily', times: ['18:00', '06:00'] }, 'UTC'))).toBe(
      'Daily at 06:00, 18:00 (UTC)',
    );
    expect(
      describeSchedule(schedule({ frequency: 'hourly' }, 'America/New_York', '2025-01-01', '10:15')),
    ).toBe('Hourly at :15 (America/New_York)');
    expect(
      describeSchedule(schedule({ frequency: 'monthly', daysOfMonth: [15, 1], time: '08:30' }, 'Asia/Tokyo')),
    ).toBe('Monthly on day 1, 15 at 08:30 (Asia/Tokyo)');
  });
});

describe('system refresh', () => {
  it('is off by default, daily at 02:00 UTC', () => {
    expect(DEFAULT_SYSTEM_REFRESH).toEqual({
      enabled: false,
      frequency: 'daily',
      days: [],
      times: ['02:00'],
      timeZone: 'UTC',
    });
    expect(nextSystemRefreshOccurrences(DEFAULT_SYSTEM_REFRESH, new Date('2025-01-01T00:00:00Z'), 3)).toEqual(
      [],
    );
  });

  it('uses the same engine as custom schedules', () => {
    const refresh = {
      ...DEFAULT_SYSTEM_REFRESH,
      enabled: true,
      times: ['02:00', '14:00'],
      timeZone: 'Europe/Paris',
    };
    const s = systemRefreshToSchedule(refresh);
    expect(s.recurrence).toEqual({ frequency: 'daily', times: ['02:00', '14:00'] });
    expect(iso(nextOccurrences(s, new Date('2025-06-30T23:00:00Z'), 2))).toEqual([
      '2025-07-01T00:00:00.000Z',
      '2025-07-01T12:00:00.000Z',
    ]);
  });

  it('honours every time of a weekly refresh', () => {
    const refresh = {
      enabled: true,
      frequency: 'weekly' as const,
      days: ['sat' as const],
      times: ['20:00', '08:00'],
      timeZone: 'UTC',
    };
    expect(systemRefreshToSchedule(refresh).recurrence).toEqual({
      frequency: 'weekly',
      days: ['sat'],
      time: '08:00',
    });
    expect(systemRefreshToSchedules(refresh)).toHaveLength(2);
    // 2025-01-04 is a Saturday.
    expect(iso(nextSystemRefreshOccurrences(refresh, new Date('2025-01-01T00:00:00Z'), 3))).toEqual([
      '2025-01-04T08:00:00.000Z',
      '2025-01-04T20:00:00.000Z',
      '2025-01-11T08:00:00.000Z',
    ]);
  });

  it('validates like a custom schedule', () => {
    expect(validateSystemRefresh(DEFAULT_SYSTEM_REFRESH)).toEqual([]);
    expect(
      validateSystemRefresh({
        enabled: true,
        frequency: 'weekly',
        days: [],
        times: ['1:00'],
        timeZone: 'Mars/Base',
      }),
    ).toEqual([
      'Unknown time zone "Mars/Base"',
      'Invalid time "1:00"; use HH:mm',
      'Choose at least one day of the week',
    ]);
  });
});

describe('export schedules on and off', () => {
  const custom = { kind: 'custom' as const, enabled: true, schedule: { recurrence: { frequency: 'daily' as const, times: ['06:00'] }, startDate: '2026-01-01', startTime: '06:00', timeZone: 'UTC' } };

  it('treats a system-refresh schedule as on unless switched off', () => {
    expect(isScheduleOn({ kind: 'system-refresh' })).toBe(true);
    expect(isScheduleOn({ kind: 'system-refresh', enabled: false })).toBe(false);
    expect(describeExportSchedule({ kind: 'system-refresh' })).toBe('With system refresh');
    expect(describeExportSchedule({ kind: 'system-refresh', enabled: false })).toBe('Off');
    expect(describeExportSchedule(custom)).toBe('Daily at 06:00 (UTC)');
  });

  it('switches a schedule on or off and keeps its recurrence', () => {
    expect(withScheduleEnabled(custom, false)).toEqual({ ...custom, enabled: false });
    expect(withScheduleEnabled({ kind: 'system-refresh' }, false)).toEqual({ kind: 'system-refresh', enabled: false });
    expect(withScheduleEnabled({ kind: 'system-refresh', enabled: false }, true)).toEqual({ kind: 'system-refresh' });
  });
});

describe('describeSystemRefresh', () => {
  it('words the refresh schedule', () => {
    expect(describeSystemRefresh({ enabled: true, frequency: 'daily', days: [], times: ['14:00', '02:00'], timeZone: 'Europe/Paris' })).toBe('Daily at 02:00, 14:00 (Europe/Paris)');
    expect(describeSystemRefresh({ enabled: true, frequency: 'weekly', days: ['thu', 'mon'], times: ['02:00'], timeZone: 'UTC' })).toBe('Weekly on Mon, Thu at 02:00 (UTC)');
    expect(describeSystemRefresh({ ...DEFAULT_SYSTEM_REFRESH, enabled: false })).toBe('Off');
  });
});
