import { startMailchimpSandbox } from '@outport/connector-mailchimp/sandbox';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Export, RefreshProcess, Segment, SystemRefreshRun } from '../src/database/entities/index.js';
import { SystemRefreshService } from '../src/system/system-refresh.service.js';
import { Clock } from '../src/schedules/clock.js';
import { ScheduleTicker } from '../src/schedules/schedule-ticker.js';
import {
  databaseTargets,
  loginAs,
  startApi,
  waitForRun,
  type Session,
  type TestApi,
  until,
} from './harness.js';

const ENV = '/environments/consumer-brand';

const daily = (times: string[], timeZone: string, startDate = '2026-01-01') => ({
  kind: 'custom',
  enabled: true,
  schedule: { recurrence: { frequency: 'daily', times }, startDate, startTime: times[0], timeZone },
});

/**
 * The scheduler with a controllable clock (issue 10): custom schedules fire at the right instants
 * across DST changes, missed occurrences fold into one late run, the system refresh runs segments and
 * then the exports that read them, and bulk schedule and stagger behave as documented.
 */
describe.each(databaseTargets())('schedules on $name', (target) => {
  let api: TestApi;
  let admin: Session;
  let contributor: Session;
  let clock: Clock;
  let ticker: ScheduleTicker;
  let mailchimp: Awaited<ReturnType<typeof startMailchimpSandbox>>;
  let connection = '';
  let unshared = '';
  let segments: { id: string; name: string }[] = [];
  let n = 0;

  const newExport = async (
    schedule: unknown,
    segmentName = 'French newsletter subscribers',
    connectionId = connection,
  ) => {
    const segment = segments.find((s) => s.name === segmentName)!;
    const res = await admin.post(`${ENV}/exports`, {
      name: `Scheduled ${++n}`,
      type: 'segment',
      connectionId,
      segmentIds: [segment.id],
      mapping: { email: 'email' },
      options: { audienceId: mailchimp.listId },
      allowDuplicateTargets: true,
      schedule,
    });
    if (res.status !== 201) throw new Error(`export: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const runsOf = async (exportId: string) =>
    (await admin.get(`${ENV}/exports/${exportId}/runs?limit=200`)).body.items as any[];
  const nextRunAt = async (exportId: string) =>
    (await admin.get(`${ENV}/exports/${exportId}`)).body.nextRunAt as string | null;

  beforeAll(async () => {
    api = await startApi(target);
    await api.loadDemo(0.01);
    clock = api.app.get(Clock);
    ticker = api.app.get(ScheduleTicker);
    mailchimp = await startMailchimpSandbox();
    [admin, contributor] = await Promise.all([loginAs(api.url, 'admin'), loginAs(api.url, 'contributor')]);
    connection = (
      await admin.post(`${ENV}/connections`, {
        name: 'Mailchimp',
        connectorId: 'mailchimp',
        settings: { apiBaseUrl: mailchimp.url },
        secrets: { apiKey: mailchimp.apiKey },
        sharing: { mode: 'contributors' },
      })
    ).body.id;
    unshared = (
      await admin.post(`${ENV}/connections`, {
        name: 'Mailchimp (admins)',
        connectorId: 'mailchimp',
        settings: { apiBaseUrl: mailchimp.url },
        secrets: { apiKey: mailchimp.apiKey },
      })
    ).body.id;
    segments = (await admin.get(`${ENV}/segments?limit=100`)).body.items;
  });
  afterAll(async () => {
    await mailchimp?.close();
    await api?.close();
  });
  // Exports of earlier tests fall due as the clock jumps ahead; each test starts with none pending.
  beforeEach(async () => {
    await api.db.run(() => api.db.em.nativeUpdate(Export, { id: { $ne: '' } }, { nextRunAt: null }));
  });

  /** Moves the clock to the export's next occurrence, ticks, and returns the run that occurrence started. */
  const fireNext = async (exportId: string) => {
    const due = await nextRunAt(exportId);
    expect(due).not.toBeNull();
    clock.set(new Date(new Date(due!).getTime() - 1000));
    expect(await ticker.tick()).toBe(0);
    clock.set(due!);
    expect(await ticker.tick()).toBeGreaterThanOrEqual(1);
    const run = await until(`the run for ${due}`, async () =>
      (await runsOf(exportId)).find((r) => r.schedule?.scheduledFor === due),
    );
    return waitForRun(admin, ENV, run.id);
  };

  it('fires custom schedules at the right instants across DST changes, in two time zones', async () => {
    clock.set('2026-03-27T12:00:00Z');
    // 02:30 in Paris does not exist on 29 March (clocks go from 02:00 to 03:00): it runs at 03:00 local.
    const paris = await newExport(daily(['02:30'], 'Europe/Paris'));
    const parisRuns: string[] = [];
    for (let i = 0; i < 3; i++) parisRuns.push((await fireNext(paris.id)).schedule.scheduledFor);
    expect(parisRuns).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:00:00.000Z',
      '2026-03-30T00:30:00.000Z',
    ]);
    expect(
      (
        await admin.post(`${ENV}/exports/bulk`, {
          action: 'schedule',
          ids: [paris.id],
          mode: 'keep',
          enabled: false,
        })
      ).body.done,
    ).toEqual([paris.id]);

    clock.set('2026-10-30T12:00:00Z');
    // 01:30 in New York happens twice on 1 November (clocks go back at 02:00): it runs once, at the first.
    const newYork = await newExport(daily(['01:30'], 'America/New_York'));
    const newYorkRuns: string[] = [];
    for (let i = 0; i < 3; i++) newYorkRuns.push((await fireNext(newYork.id)).schedule.scheduledFor);
    expect(newYorkRuns).toEqual([
      '2026-10-31T05:30:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
    const runs = await runsOf(newYork.id);
    expect(runs.every((r) => r.trigger === 'schedule' && r.status === 'succeeded')).toBe(true);
    expect(runs).toHaveLength(3);
  });

  it('holds the four-times-a-day limit', async () => {
    const res = await admin.post(`${ENV}/exports`, {
      name: 'Five a day',
      type: 'segment',
      connectionId: connection,
      segmentIds: [segments[0]!.id],
      mapping: { email: 'email' },
      options: { audienceId: mailchimp.listId },
      allowDuplicateTargets: true,
      schedule: daily(['01:00', '05:00', '09:00', '13:00', '17:00'], 'UTC'),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body.errors)).toContain('at most 4 times a day');
  });

  it('runs an occurrence missed while every process was down once, saying how late it started', async () => {
    clock.set('2026-05-04T08:10:00Z');
    const exp = await newExport({
      kind: 'custom',
      enabled: true,
      schedule: {
        recurrence: { frequency: 'hourly' },
        startDate: '2026-05-01',
        startTime: '09:00',
        timeZone: 'UTC',
      },
    });
    expect(await nextRunAt(exp.id)).toBe('2026-05-04T09:00:00.000Z');
    // Nobody ticks from 09:00 to 14:20; then a process comes back.
    clock.set('2026-05-04T14:20:00Z');
    expect(await ticker.tick()).toBe(1);
    expect(await ticker.tick()).toBe(1); // a second process ticking at the same moment
    const run = await waitForRun(
      admin,
      ENV,
      (await until('the late run', async () => (await runsOf(exp.id))[0])).id,
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(await runsOf(exp.id)).toHaveLength(1);
    expect(run.schedule).toMatchObject({
      scheduledFor: '2026-05-04T09:00:00.000Z',
      startedLateMs: 5 * 3_600_000 + 20 * 60_000,
      missedOccurrences: 5,
    });
    expect(run.schedule.note).toBe(
      'Started 5 h 20 min late (scheduled for 2026-05-04 09:00 UTC): no Outport process was running then. 5 later occurrences were missed too; this run covers them.',
    );
    expect(await nextRunAt(exp.id)).toBe('2026-05-04T15:00:00.000Z');
  });

  it('skips an occurrence that comes while the previous run is still going, and says so', async () => {
    clock.set('2026-06-01T05:00:00Z');
    const exp = await newExport(daily(['06:00'], 'UTC'));
    mailchimp.setLatency(1500);
    try {
      const manual = (await admin.post(`${ENV}/exports/${exp.id}/run`, {})).body;
      clock.set('2026-06-01T06:00:00Z');
      await ticker.tick();
      const skipped = await until('the skipped run', async () =>
        (await runsOf(exp.id)).find((r) => r.trigger === 'schedule'),
      );
      expect(skipped.status).toBe('skipped');
      expect(skipped.error).toContain('already running');
      await waitForRun(admin, ENV, manual.id);
    } finally {
      mailchimp.setLatency(0);
    }
  });

  it('holds a segment refresh back while a run sends the segment, and runs started meanwhile wait behind the refresh', async () => {
    const off = { kind: 'system-refresh', enabled: false };
    const sending = await newExport(off, 'All opted-in customers');
    const later = await newExport(off, 'All opted-in customers');
    const segmentId = sending.items[0].id as string;
    mailchimp.setLatency(2000);
    try {
      const first = (await admin.post(`${ENV}/exports/${sending.id}/run`, {})).body;
      await until('the first run to send', async () => {
        const run = (await admin.get(`${ENV}/runs/${first.id}`)).body;
        return run.status === 'running' && run.tasks[1].status === 'running';
      });
      const refresh = await admin.post(`${ENV}/segments/${segmentId}/refresh`);
      expect(refresh.status).toBe(202);
      expect(refresh.body.refreshStatus).toBe('waiting');
      const second = (await admin.post(`${ENV}/exports/${later.id}/run`, {})).body;
      const waiting = await until('the second run to wait', async () => {
        const run = (await admin.get(`${ENV}/runs/${second.id}`)).body;
        return run.status === 'waiting' ? run : null;
      });
      expect(waiting.waitingFor).toContain('All opted-in customers');
      const firstDone = await waitForRun(admin, ENV, first.id);
      const segment = await until('the refresh', async () => {
        const s = (await admin.get(`${ENV}/segments/${segmentId}`)).body;
        return s.refreshStatus === 'succeeded' &&
          s.lastRefreshedAt &&
          new Date(s.lastRefreshedAt) >= new Date(firstDone.finishedAt)
          ? s
          : null;
      });
      const secondDone = await waitForRun(admin, ENV, second.id);
      expect(secondDone.status).toBe('succeeded');
      expect(new Date(secondDone.startedAt).getTime()).toBeGreaterThanOrEqual(
        new Date(segment.lastRefreshedAt).getTime(),
      );
    } finally {
      mailchimp.setLatency(0);
    }
  });

  it('switches several schedules on or off keeping each, or overrides them all, checking permission per export', async () => {
    clock.set('2026-07-01T00:00:00Z');
    const a = await newExport(daily(['06:00'], 'UTC'));
    const b = await newExport({ kind: 'system-refresh' });
    const c = await newExport(daily(['07:00'], 'UTC'), 'French newsletter subscribers', unshared);

    const off = await contributor.post(`${ENV}/exports/bulk`, {
      action: 'schedule',
      ids: [a.id, b.id, c.id],
      mode: 'keep',
      enabled: false,
    });
    expect(off.status).toBe(200);
    expect(off.body.done).toEqual([a.id, b.id]);
    expect(off.body.failed).toEqual([{ id: c.id, message: expect.stringContaining('not shared with you') }]);
    const after = async (id: string) => (await admin.get(`${ENV}/exports/${id}`)).body;
    expect(await after(a.id)).toMatchObject({
      scheduleOn: false,
      scheduleText: 'Off',
      nextRunAt: null,
      schedule: { kind: 'custom', enabled: false, schedule: a.schedule.schedule },
    });
    expect(await after(b.id)).toMatchObject({
      scheduleOn: false,
      scheduleText: 'Off',
      schedule: { kind: 'system-refresh', enabled: false },
    });
    expect((await after(c.id)).scheduleOn).toBe(true);

    const on = await admin.post(`${ENV}/exports/bulk`, {
      action: 'schedule',
      ids: [a.id, b.id],
      mode: 'keep',
      enabled: true,
    });
    expect(on.body.done).toEqual([a.id, b.id]);
    expect(await after(a.id)).toMatchObject({
      scheduleText: 'Daily at 06:00 (UTC)',
      nextRunAt: '2026-07-01T06:00:00.000Z',
    });
    expect((await after(b.id)).scheduleText).toBe('With system refresh');

    const weekly = {
      kind: 'custom',
      enabled: true,
      schedule: {
        recurrence: { frequency: 'weekly', days: ['mon', 'thu'], time: '09:00' },
        startDate: '2026-07-01',
        startTime: '09:00',
        timeZone: 'Europe/Paris',
      },
    };
    const override = await admin.post(`${ENV}/exports/bulk`, {
      action: 'schedule',
      ids: [a.id, b.id, c.id],
      mode: 'override',
      schedule: weekly,
    });
    expect(override.body.done).toEqual([a.id, b.id, c.id]);
    // One time for all: the two on the same connection are told, as saving one would tell them.
    const advice = (id: string) => override.body.warnings.find((w: { id: string }) => w.id === id)?.warnings[0];
    expect(advice(a.id)).toMatchObject({ kind: 'stagger', conflictsWith: expect.arrayContaining([b.id]), proposedTime: expect.any(String) });
    expect(advice(b.id)).toMatchObject({ kind: 'stagger', conflictsWith: expect.arrayContaining([a.id]) });
    for (const id of [a.id, b.id, c.id])
      expect(await after(id)).toMatchObject({
        schedule: weekly,
        scheduleText: 'Weekly on Mon, Thu at 09:00 (Europe/Paris)',
        nextRunAt: '2026-07-02T07:00:00.000Z',
      });

    expect(
      (await admin.post(`${ENV}/exports/bulk`, { action: 'schedule', ids: [a.id], mode: 'keep' })).status,
    ).toBe(400);
    expect(
      (
        await admin.post(`${ENV}/exports/bulk`, {
          action: 'schedule',
          ids: [a.id],
          mode: 'override',
          schedule: daily(['25:00'], 'UTC'),
        })
      ).status,
    ).toBe(400);
    expect(
      (await admin.post(`${ENV}/exports/bulk`, { action: 'schedule', ids: [a.id], enabled: true })).status,
    ).toBe(400);
  });

  it('runs every export whose schedule is on with Run all, and one whose schedule is off only when asked by name', async () => {
    const on = await newExport(daily(['05:00'], 'UTC'));
    const off = await newExport({ ...daily(['07:00'], 'UTC'), enabled: false });
    const all = await admin.post(`${ENV}/exports/run-all`);
    expect(all.status).toBe(202);
    const started = all.body.started.map((r: { exportId: string }) => r.exportId);
    expect(started).toContain(on.id);
    expect(started).not.toContain(off.id);
    expect(all.body.skipped.map((s: { exportId: string }) => s.exportId)).not.toContain(off.id);
    await Promise.all(all.body.started.map((r: { id: string }) => waitForRun(admin, ENV, r.id)));
    const one = await admin.post(`${ENV}/exports/${off.id}/run`, {});
    expect(one.status).toBe(202);
    expect((await waitForRun(admin, ENV, one.body.id)).status).toMatch(/^succeeded/);
  });

  it('warns when saving puts an export within 30 minutes of another on its connection, proposing the nearest free slot', async () => {
    clock.set('2026-08-01T00:00:00Z');
    const fresh = (
      await admin.post(`${ENV}/connections`, {
        name: 'Mailchimp (stagger)',
        connectorId: 'mailchimp',
        settings: { apiBaseUrl: mailchimp.url },
        secrets: { apiKey: mailchimp.apiKey },
      })
    ).body.id;
    const first = await newExport(daily(['09:00'], 'UTC'), 'French newsletter subscribers', fresh);
    expect(first.warnings).toEqual([]);
    const second = await newExport(daily(['09:10'], 'UTC'), 'French newsletter subscribers', fresh);
    expect(second.warnings).toEqual([
      expect.objectContaining({
        kind: 'stagger',
        conflictsWith: [first.id],
        proposedTime: '09:30',
        message: expect.stringContaining(`"${first.name}" (10 min apart)`),
      }),
    ]);
    const moved = await admin.patch(`${ENV}/exports/${second.id}`, {
      schedule: second.warnings[0].proposedSchedule,
    });
    expect(moved.body.warnings).toEqual([]);
    // On another connection the same time is fine.
    expect(
      (await newExport(daily(['09:10'], 'UTC'))).warnings.filter((w: { conflictsWith: string[] }) =>
        w.conflictsWith.includes(first.id),
      ),
    ).toEqual([]);
  });

  it('proposes evenly spread times without changing anything, and applies them when asked', async () => {
    clock.set('2026-08-02T00:00:00Z');
    const ids = [];
    for (const time of ['05:00', '05:05', '05:10']) ids.push((await newExport(daily([time], 'UTC'))).id);
    const proposed = await contributor.post(`${ENV}/exports/stagger`, { ids });
    expect(proposed.status).toBe(200);
    expect(proposed.body.applied).toBe(false);
    expect(proposed.body.proposals.map((p: { from: string; to: string }) => `${p.from}→${p.to}`)).toEqual([
      '05:00→05:00',
      '05:05→05:30',
      '05:10→06:00',
    ]);
    expect((await admin.get(`${ENV}/exports/${ids[1]}`)).body.scheduleText).toBe('Daily at 05:05 (UTC)');

    const windowed = await admin.post(`${ENV}/exports/stagger`, {
      ids,
      window: { start: '01:00', end: '03:00' },
      apply: true,
    });
    expect(windowed.body.proposals.map((p: { to: string }) => p.to)).toEqual(['01:00', '02:00', '03:00']);
    expect((await admin.get(`${ENV}/exports/${ids[2]}`)).body).toMatchObject({
      scheduleText: 'Daily at 03:00 (UTC)',
      nextRunAt: '2026-08-02T03:00:00.000Z',
    });
    expect((await admin.post(`${ENV}/exports/stagger`, { ids, window: { start: '1am' } })).status).toBe(400);
  });

  it("shows each export's next run in the list, for custom schedules and the system refresh", async () => {
    clock.set('2026-09-01T00:00:00Z');
    await admin.request('PUT', `${ENV}/system/refresh-schedule`, {
      enabled: true,
      frequency: 'daily',
      days: [],
      times: ['02:00'],
      timeZone: 'UTC',
    });
    const custom = await newExport(daily(['04:00'], 'UTC'));
    const withRefresh = await newExport({ kind: 'system-refresh' });
    const list = (await admin.get(`${ENV}/exports?limit=200&sort=nextRunAt`)).body.items as {
      id: string;
      nextRunAt: string | null;
    }[];
    expect(list.find((e) => e.id === custom.id)?.nextRunAt).toBe('2026-09-01T04:00:00.000Z');
    expect(list.find((e) => e.id === withRefresh.id)?.nextRunAt).toBe('2026-09-01T02:00:00.000Z');
    await admin.request('PUT', `${ENV}/system/refresh-schedule`, {
      enabled: false,
      frequency: 'daily',
      days: [],
      times: ['02:00'],
      timeZone: 'UTC',
    });
  });

  describe('system refresh', () => {
    const refreshesIdle = () =>
      until(
        'no refresh running',
        async () =>
          !['running', 'queued'].includes((await admin.get(`${ENV}/system/status`)).body.latest?.status),
      );
    /** Only the test's own exports run with the refresh. */
    const noExportRunsWithRefresh = () =>
      api.db.run(() =>
        api.db.em.nativeUpdate(Export, { id: { $ne: '' } }, { schedule: { kind: 'system-refresh', enabled: false } }),
      );
    const waitRefresh = async (id: string) =>
      until(
        'the refresh to end',
        async () => {
          const refresh = (await admin.get(`${ENV}/system/refreshes/${id}`)).body;
          return ['succeeded', 'succeeded_with_warnings', 'failed', 'skipped', 'cancelled'].includes(
            refresh.status,
          )
            ? refresh
            : null;
        },
        60_000,
      );

    it('refreshes every segment, then runs the exports that read them, in order', async () => {
      await noExportRunsWithRefresh();
      const french = await newExport({ kind: 'system-refresh' });
      const gold = await newExport({ kind: 'system-refresh' }, 'Gold members in Berlin');
      const started = await admin.post(`${ENV}/system/refresh`);
      expect(started.status).toBe(202);
      const refresh = await waitRefresh(started.body.id);
      expect(refresh.status).toBe('succeeded');
      const segmentProcs = refresh.processes.filter((p: { kind: string }) => p.kind === 'segment');
      expect(segmentProcs).toHaveLength(segments.length);
      for (const exp of [french, gold]) {
        const proc = refresh.processes.find((p: { targetId: string }) => p.targetId === exp.id);
        expect(proc.status).toBe('succeeded');
        const reads = segmentProcs.find((p: { targetId: string }) => p.targetId === exp.items[0].id);
        expect(proc.dependsOn).toEqual([reads.id]);
        expect(new Date(proc.startedAt).getTime()).toBeGreaterThanOrEqual(
          new Date(reads.finishedAt).getTime(),
        );
        const run = (await admin.get(`${ENV}/runs/${proc.runId}`)).body;
        expect(run).toMatchObject({ trigger: 'system-refresh', status: 'succeeded' });
      }
      const status = (await admin.get(`${ENV}/system/status`)).body;
      expect(status.latest.id).toBe(refresh.id);
      expect(
        status.processes
          .filter((p: { kind: string }) => p.kind === 'export')
          .map((p: { targetId: string }) => p.targetId)
          .sort(),
      ).toEqual([french.id, gold.id].sort());
      expect(status.processes.every((p: { status: string }) => p.status === 'succeeded')).toBe(true);
      const history = (await admin.get(`${ENV}/system/refreshes`)).body;
      expect(history.items[0].id).toBe(refresh.id);
      expect((await admin.post(`${ENV}/system/refresh`)).status).toBe(202);
    });

    it('skips the exports of a segment that failed to refresh, with the reason, and runs the others', async () => {
      await refreshesIdle();
      await noExportRunsWithRefresh();
      const broken = segments.find((s) => s.name === 'Gold members in Berlin')!;
      const fine = await newExport({ kind: 'system-refresh' });
      const doomed = await newExport({ kind: 'system-refresh' }, broken.name);
      // A rule over a column that no longer exists: the refresh fails in the database.
      const original = await api.db.run(
        async () => (await api.db.em.findOneOrFail(Segment, { id: broken.id })).rule,
      );
      await api.db.run(() =>
        api.db.em.nativeUpdate(
          Segment,
          { id: broken.id },
          { rule: { kind: 'condition', field: 'noSuchColumn', operator: 'equals', value: 'x' } },
        ),
      );
      try {
        const refresh = await waitRefresh((await admin.post(`${ENV}/system/refresh`)).body.id);
        expect(refresh.status).toBe('failed');
        expect(refresh.error).toContain('"Gold members in Berlin"');
        const byTarget = (id: string) =>
          refresh.processes.find((p: { targetId: string }) => p.targetId === id);
        expect(byTarget(broken.id).status).toBe('failed');
        expect(byTarget(doomed.id)).toMatchObject({
          status: 'skipped',
          runId: null,
          detail: expect.stringContaining('Skipped: the segment "Gold members in Berlin" failed to refresh'),
        });
        expect(byTarget(fine.id).status).toBe('succeeded');
      } finally {
        await api.db.run(() => api.db.em.nativeUpdate(Segment, { id: broken.id }, { rule: original }));
      }
    });

    it("runs only the exports a contributor may run when they refresh; the others are skipped with the reason", async () => {
      await refreshesIdle();
      await noExportRunsWithRefresh();
      const theirs = await newExport({ kind: 'system-refresh' });
      const adminsOnly = await newExport({ kind: 'system-refresh' }, undefined, unshared);
      const started = await contributor.post(`${ENV}/system/refresh`);
      expect(started.status).toBe(202);
      const refresh = await waitRefresh(started.body.id);
      const byTarget = (id: string) => refresh.processes.find((p: { targetId: string }) => p.targetId === id);
      expect(byTarget(theirs.id).status).toBe('succeeded');
      expect(byTarget(adminsOnly.id)).toMatchObject({
        status: 'skipped',
        runId: null,
        detail: expect.stringContaining('its connection is not shared with you'),
      });
      expect((await runsOf(adminsOnly.id)).length).toBe(0);
      expect(refresh.status).toBe('succeeded_with_warnings');
    });

    it('cancels a refresh: steps not started are cancelled and start nothing, and the refresh ends cancelled', async () => {
      await refreshesIdle();
      await noExportRunsWithRefresh();
      const held = await newExport({ kind: 'system-refresh', enabled: false }, 'All opted-in customers');
      const waiter = await newExport({ kind: 'system-refresh' }, 'All opted-in customers');
      mailchimp.setLatency(2000);
      try {
        // A run sending the segment holds its refresh back, so the refresh is surely under way when cancelled.
        const sending = (await admin.post(`${ENV}/exports/${held.id}/run`, {})).body;
        await until('the run to send', async () => {
          const run = (await admin.get(`${ENV}/runs/${sending.id}`)).body;
          return run.status === 'running' && run.tasks[1].status === 'running';
        });
        const refresh = (await contributor.post(`${ENV}/system/refresh`)).body;
        const proc = (r: any, id: string) => r.processes.find((p: { targetId: string }) => p.targetId === id);
        await until('the segment step to wait', async () => {
          const r = (await admin.get(`${ENV}/system/refreshes/${refresh.id}`)).body;
          return proc(r, held.items[0].id).status === 'waiting' ? r : null;
        });
        const cancelled = await contributor.post(`${ENV}/system/refreshes/${refresh.id}/cancel`);
        expect(cancelled.status).toBe(202);
        expect(cancelled.body).toMatchObject({ status: 'cancelled', error: expect.stringContaining('Cancelled by Carl Contributor') });
        expect(proc(cancelled.body, waiter.id)).toMatchObject({ status: 'cancelled', runId: null });
        expect(proc(cancelled.body, held.items[0].id).status).toBe('cancelled');
        // The held segment refresh is withdrawn: later runs of the segment do not wait behind it.
        expect((await admin.get(`${ENV}/segments/${held.items[0].id}`)).body.refreshStatus).not.toBe('waiting');
        await waitForRun(admin, ENV, sending.id);
        // Once the held segment is free, nothing of the cancelled refresh starts.
        await new Promise((r) => setTimeout(r, 3000));
        expect(await runsOf(waiter.id)).toHaveLength(0);
        const after = (await admin.get(`${ENV}/system/refreshes/${refresh.id}`)).body;
        expect(after.status).toBe('cancelled');
        expect((await contributor.post(`${ENV}/system/refreshes/${refresh.id}/cancel`)).body.status).toBe('cancelled');
      } finally {
        mailchimp.setLatency(0);
      }
    });

    it("cancels a refresh's export run under way", async () => {
      await refreshesIdle();
      await noExportRunsWithRefresh();
      const exp = await newExport({ kind: 'system-refresh' }, 'All opted-in customers');
      mailchimp.setLatency(1500);
      try {
        const refresh = (await admin.post(`${ENV}/system/refresh`)).body;
        const proc = await until('the export step to run', async () => {
          const r = (await admin.get(`${ENV}/system/refreshes/${refresh.id}`)).body;
          const p = r.processes.find((x: { targetId: string }) => x.targetId === exp.id);
          return p.status === 'running' && p.runId ? p : null;
        });
        const cancelled = await admin.post(`${ENV}/system/refreshes/${refresh.id}/cancel`);
        expect(cancelled.body).toMatchObject({ status: 'cancelled', error: 'Cancelled by Ada Admin.' });
        expect((await waitForRun(admin, ENV, proc.runId)).status).toBe('cancelled');
      } finally {
        mailchimp.setLatency(0);
      }
    });

    it('keeps a scheduled refresh that came while another was running in the history, skipped with the reason', async () => {
      await refreshesIdle();
      clock.set('2026-09-01T00:00:00Z');
      const put = await admin.request('PUT', `${ENV}/system/refresh-schedule`, { enabled: true, frequency: 'daily', days: [], times: ['06:00'], timeZone: 'UTC' });
      expect(put.status).toBe(200);
      const busy = await api.db.run(async () => {
        const env = (await api.db.em.findOneOrFail(Segment, { id: segments[0]!.id })).environment;
        const run = api.db.em.create(SystemRefreshRun, { id: crypto.randomUUID(), environment: env, trigger: 'manual', status: 'running', startedAt: new Date() });
        await api.db.em.flush();
        return run.id;
      });
      try {
        clock.set('2026-09-01T06:00:10Z');
        await ticker.tick();
        const skipped = await until('the skipped occurrence', async () => {
          const items = (await admin.get(`${ENV}/system/refreshes?limit=5`)).body.items as any[];
          return items.find((r) => r.scheduledFor === '2026-09-01T06:00:00.000Z') ?? null;
        });
        expect(skipped).toMatchObject({ trigger: 'schedule', status: 'skipped', error: expect.stringContaining('already running') });
        expect((await admin.get(`${ENV}/system/refresh-schedule`)).body.nextRunAt).toBe('2026-09-02T06:00:00.000Z');
      } finally {
        await api.db.run(() => api.db.em.nativeUpdate(SystemRefreshRun, { id: busy }, { status: 'cancelled', finishedAt: new Date() }));
        await admin.request('PUT', `${ENV}/system/refresh-schedule`, { enabled: false, frequency: 'daily', days: [], times: ['06:00'], timeZone: 'UTC' });
      }
    });

    it('finishes a refresh whose queued steps the queue lost, once the loss is reported', async () => {
      await refreshesIdle();
      await noExportRunsWithRefresh();
      const exp = await newExport({ kind: 'system-refresh' });
      // A refresh whose step jobs were never delivered (as after Redis restarted without persistence).
      const segment = exp.items[0].id as string;
      const refreshId = await api.db.run(async () => {
        const em = api.db.em;
        const env = (await em.findOneOrFail(Segment, { id: segment })).environment;
        const refresh = em.create(SystemRefreshRun, {
          id: crypto.randomUUID(),
          environment: env,
          trigger: 'manual',
          status: 'running',
          startedAt: new Date(),
        });
        const step = em.create(RefreshProcess, {
          id: crypto.randomUUID(),
          refresh: refresh.id,
          position: 0,
          kind: 'segment',
          targetId: segment,
          label: 'lost step',
          status: 'queued',
          dependsOn: [],
          runId: null,
        });
        em.create(RefreshProcess, {
          id: crypto.randomUUID(),
          refresh: refresh.id,
          position: 1,
          kind: 'export',
          targetId: exp.id,
          label: exp.name,
          status: 'waiting',
          dependsOn: [step.id],
          runId: null,
        });
        await em.flush();
        return refresh.id;
      });
      await new Promise((r) => setTimeout(r, 300));
      expect((await admin.get(`${ENV}/system/refreshes/${refreshId}`)).body.status).toBe('running');
      expect(await api.db.run(() => api.app.get(SystemRefreshService).requeueLost('test-loss'))).toBe(1);
      const refresh = await waitRefresh(refreshId);
      expect(refresh.status).toBe('succeeded');
      expect(refresh.processes.map((p: { status: string }) => p.status)).toEqual(['succeeded', 'succeeded']);
    });

    it('starts by itself at its scheduled time, once however often it is ticked', async () => {
      await refreshesIdle();
      clock.set('2026-10-01T00:00:00Z');
      const put = await admin.request('PUT', `${ENV}/system/refresh-schedule`, {
        enabled: true,
        frequency: 'weekly',
        days: ['thu'],
        times: ['03:00', '15:00'],
        timeZone: 'Europe/Berlin',
      });
      expect(put.body).toMatchObject({
        description: 'Weekly on Thu at 03:00, 15:00 (Europe/Berlin)',
        nextRunAt: '2026-10-01T01:00:00.000Z',
      });
      expect(
        (
          await contributor.request('PUT', `${ENV}/system/refresh-schedule`, {
            ...put.body,
            times: ['01:00', '02:00', '03:00', '04:00', '05:00'],
          })
        ).status,
      ).toBe(400);
      const before = (await admin.get(`${ENV}/system/refreshes`)).body.total;
      clock.set('2026-10-01T01:00:30Z');
      await Promise.all([ticker.tick(), ticker.tick()]);
      const latest = await until('the scheduled refresh', async () => {
        const list = (await admin.get(`${ENV}/system/refreshes`)).body;
        return list.total > before ? list.items[0] : null;
      });
      expect(latest).toMatchObject({
        trigger: 'schedule',
        scheduledFor: '2026-10-01T01:00:00.000Z',
        startedLateMs: 30_000,
      });
      await waitRefresh(latest.id);
      expect((await admin.get(`${ENV}/system/refreshes`)).body.total).toBe(before + 1);
      expect((await admin.get(`${ENV}/system/refresh-schedule`)).body.nextRunAt).toBe(
        '2026-10-01T13:00:00.000Z',
      );
    });
  });
});
