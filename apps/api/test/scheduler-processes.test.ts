import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { startMailchimpSandbox } from '@outport/connector-mailchimp/sandbox';
import Bull from 'bull';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Export } from '../src/database/entities/index.js';
import { databaseTargets, loginAs, startApi, waitForRun, type Session, type TestApi } from './harness.js';

const ENV = '/environments/consumer-brand';
const DIST = join(import.meta.dirname, '..', 'dist');
const redis = process.env.REDIS_URL;
if (!redis && process.env.CI === 'true') throw new Error('CI=true but REDIS_URL is not set: the multi-process scheduler test must run in CI.');
// Several processes share one database: PostgreSQL when there is one.
const target = databaseTargets().at(-1)!;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * Two API processes tick the scheduler and two workers run the jobs, all on one Redis and one
 * database: every due export runs exactly once (counted at the target), and an occurrence missed
 * while nothing ran comes once, late, and says so.
 */
describe.skipIf(!redis)(`scheduler across processes on Bull and Redis, ${target.name}`, () => {
  let api: TestApi;
  let admin: Session;
  let mailchimp: Awaited<ReturnType<typeof startMailchimpSandbox>>;
  const children: ChildProcess[] = [];
  let output = '';

  beforeAll(async () => {
    const queue = { REDIS_URL: redis!, OUTPORT_QUEUE_PREFIX: `sched-${process.pid}-${Date.now()}` };
    // The test's own API only sets things up: it neither ticks nor executes jobs.
    api = await startApi(target, { ...queue, OUTPORT_PROCESS_JOBS: 'false' });
    await api.loadDemo(0.01);
    mailchimp = await startMailchimpSandbox();
    admin = await loginAs(api.url, 'admin');
    const db = api.config.database;
    const env = {
      ...process.env,
      ...queue,
      DATABASE_URL: db.driver === 'sqlite' ? `sqlite:${db.path}` : db.url,
      OUTPORT_DATA_DIR: api.config.dataDir,
      OUTPORT_ALLOW_PRIVATE_TARGETS: 'true',
      OUTPORT_CONSOLE_DIR: join(api.config.dataDir, 'no-console'),
      LOG_LEVEL: 'warn',
    };
    const start = (script: string, extra: Record<string, string>) => {
      const child = spawn(process.execPath, [join(DIST, script)], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      children.push(child);
    };
    for (let i = 0; i < 2; i++) start('main.js', { PORT: String(await freePort()), HOST: '127.0.0.1', OUTPORT_PROCESS_JOBS: 'false', OUTPORT_SCHEDULER_TICK_MS: '200' });
    for (let i = 0; i < 2; i++) start('worker.js', { OUTPORT_WORKER_CONCURRENCY: '4' });
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await mailchimp?.close();
    await api?.close();
  });

  const newExport = async (name: string) => {
    const segment = (await admin.get(`${ENV}/segments?limit=100`)).body.items.find((s: { name: string }) => s.name === 'French newsletter subscribers');
    const res = await admin.post(`${ENV}/exports`, {
      name,
      type: 'segment',
      connectionId: (await admin.get(`${ENV}/connections`)).body.items[0].id,
      segmentIds: [segment.id],
      mapping: { email: 'email' },
      options: { audienceId: mailchimp.listId },
      allowDuplicateTargets: true,
      schedule: { kind: 'custom', enabled: true, schedule: { recurrence: { frequency: 'hourly' }, startDate: '2026-01-01', startTime: '00:00', timeZone: 'UTC' } },
    });
    if (res.status !== 201) throw new Error(`export: ${res.status} ${JSON.stringify(res.body)}`);
    return { id: res.body.id as string, members: segment.memberCount as number };
  };

  it('runs every due export exactly once, however many processes tick', async () => {
    await admin.post(`${ENV}/connections`, { name: 'Mailchimp', connectorId: 'mailchimp', settings: { apiBaseUrl: mailchimp.url }, secrets: { apiKey: mailchimp.apiKey } });
    const exports: { id: string; members: number }[] = [];
    for (let i = 0; i < 6; i++) exports.push(await newExport(`Hourly ${i}`));
    // The occurrence came due a moment ago; one export's came three hours ago, while nothing ran.
    const now = Date.now();
    await api.db.run(async () => {
      for (const [i, exp] of exports.entries()) {
        await api.db.em.nativeUpdate(Export, { id: exp.id }, { nextRunAt: new Date(i === 0 ? now - 3 * 3_600_000 - 60_000 : now - 1000) });
      }
    });
    const runsOf = async (id: string) => (await admin.get(`${ENV}/exports/${id}/runs`)).body.items as { id: string; status: string; trigger: string; schedule: { startedLateMs: number; missedOccurrences: number; note: string | null } | null }[];
    for (const exp of exports) {
      for (const until = Date.now() + 60_000; (await runsOf(exp.id)).length === 0; ) {
        if (Date.now() > until) throw new Error(`export ${exp.id} never ran:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await waitForRun(admin, ENV, (await runsOf(exp.id))[0]!.id, 60_000);
    }
    // Let both API processes tick many more times: nothing runs again.
    await new Promise((r) => setTimeout(r, 2000));
    for (const exp of exports) {
      const runs = await runsOf(exp.id);
      expect(runs, exp.id).toHaveLength(1);
      expect(runs[0], JSON.stringify(runs[0])).toMatchObject({ trigger: "schedule", status: "succeeded" });
    }
    // Counted at the target: each member went once per export.
    const deliveries = [...mailchimp.deliveries().values()];
    expect(deliveries).toHaveLength(exports[0]!.members);
    expect(deliveries.every((n) => n === exports.length)).toBe(true);
    const late = (await runsOf(exports[0]!.id))[0]!.schedule!;
    expect(late.startedLateMs).toBeGreaterThan(3 * 3_600_000);
    expect(late.missedOccurrences).toBeGreaterThanOrEqual(2);
    expect(late.note).toMatch(/^Started 3 h \d+ min late/);
    expect((await runsOf(exports[1]!.id))[0]!.schedule!.note).toBeNull();

    // Copies of one occurrence that escaped the job-id de-duplication (enqueued under other ids, as a
    // slow process might after the first copy finished) reach both workers at once: one run, not four.
    const extra = await newExport('Hourly, enqueued four times');
    const occurrence = new Date(Date.now() + 3_600_000);
    await api.db.run(() => api.db.em.nativeUpdate(Export, { id: extra.id }, { nextRunAt: occurrence }));
    const queue = new Bull('outport-runs', redis!, { prefix: api.config.queuePrefix });
    try {
      await queue.addBulk([1, 2, 3, 4].map((n) => ({ data: { kind: 'schedule', exportId: extra.id, occurrence: occurrence.toISOString() }, opts: { jobId: `copy-${n}` } })));
      for (const until = Date.now() + 30_000; (await runsOf(extra.id)).length === 0; ) {
        if (Date.now() > until) throw new Error(`the occurrence never ran:\n${output}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      await waitForRun(admin, ENV, (await runsOf(extra.id))[0]!.id, 60_000);
      await new Promise((r) => setTimeout(r, 1000));
      expect(await runsOf(extra.id)).toHaveLength(1);
    } finally {
      await queue.close();
    }
  }, 180_000);
});
