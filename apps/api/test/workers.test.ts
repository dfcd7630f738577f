import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { startMailchimpSandbox } from '@outport/connector-mailchimp/sandbox';
import { DEMO_USERS } from '@outport/demo-data';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportMemberState, Run } from '../src/database/entities/index.js';
import { ACKNOWLEDGEMENTS_QUEUED } from '../src/runs/run-ledger.js';
import { databaseTargets, Session, startApi, waitForRun, type TestApi, mailchimpExport } from './harness.js';

const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
const ENV = '/environments/consumer-brand';
const WORKER = join(import.meta.dirname, '..', 'dist', 'worker.js');
const redis = process.env.REDIS_URL;
if (!redis && process.env.CI === 'true')
  throw new Error('CI=true but REDIS_URL is not set: the worker SIGKILL test must run in CI.');
// Workers are separate processes: they share the database (PostgreSQL when there is one) and Redis.
const target = databaseTargets().at(-1)!;

describe.skipIf(!redis)(`worker processes on Bull and Redis, ${target.name}`, () => {
  let api: TestApi;
  let mailchimp: Awaited<ReturnType<typeof startMailchimpSandbox>>;
  const workers: ChildProcess[] = [];
  const env: Record<string, string> = {};

  const startWorker = (extra: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [WORKER], {
      env: { ...process.env, ...env, LOG_LEVEL: 'warn', ...extra },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(child);
    return child;
  };

  beforeAll(async () => {
    // The API only enqueues; the workers execute. A dead worker's lock lapses after 1.5 s.
    const queue = {
      REDIS_URL: redis!,
      OUTPORT_QUEUE_PREFIX: `kill-${process.pid}-${Date.now()}`,
      OUTPORT_QUEUE_LOCK_MS: '1500',
    };
    api = await startApi(target, { ...queue, OUTPORT_PROCESS_JOBS: 'false' });
    const db = api.config.database;
    // Same database and data folder (so the same secret key) as the API.
    Object.assign(env, queue, {
      DATABASE_URL: db.driver === 'sqlite' ? `sqlite:${db.path}` : db.url,
      OUTPORT_DATA_DIR: api.config.dataDir,
    });
    // Enough members for more than one round of 10 concurrent 500-member calls, so a run is still
    // sending when the first batches are acknowledged.
    await api.loadDemo(0.3);
    // Slow answers keep the run going long enough to kill it half way.
    mailchimp = await startMailchimpSandbox({ latencyMs: 250 });
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await mailchimp?.close();
    await api?.close();
  });

  it('resumes a run killed mid-way (SIGKILL) on another worker from its checkpoint, sending no acknowledged batch again', async () => {
    const s = new Session(api.url);
    await s.login(admin.email, admin.password);
    const { exportId, members } = await mailchimpExport(s, mailchimp);

    const first = startWorker();
    const run = (await s.post(`${ENV}/exports/${exportId}/run`, {})).body;
    // Wait until some batches are acknowledged, then kill the worker without warning.
    let acknowledged: string[] = [];
    for (const until = Date.now() + 60_000; acknowledged.length === 0;) {
      if (Date.now() > until) throw new Error('no batch was acknowledged');
      await new Promise((r) => setTimeout(r, 50));
      const rows = await api.db.run(() => api.db.em.find(ExportMemberState, { exportId: exportId }));
      acknowledged = rows.map((r) => String(r.sentValues.email));
    }
    // Hold back whatever is not yet in flight, so the kill lands while the run is still sending.
    mailchimp.setLatency(20_000);
    first.kill('SIGKILL');
    mailchimp.setLatency(250);
    const atKill = await api.db.run(() => api.db.em.findOneOrFail(Run, { id: run.id }));
    expect(atKill.status).toBe('running');
    expect(acknowledged.length).toBeLessThan(members);

    startWorker();
    const finished = await waitForRun(s, ENV, run.id, 90_000);
    expect(finished.status).toBe('succeeded');
    expect(mailchimp.tagMembers(mailchimp.listId, 'All opted-in customers')).toHaveLength(members);
    const deliveries = mailchimp.deliveries();
    for (const email of acknowledged) expect(deliveries.get(email), email).toBe(1);
    // Only batches in flight at the kill, or acknowledged but not yet written (two groups of
    // acknowledgements at most: one being written, one queued), could go twice; the rest went once.
    const twice = [...deliveries.values()].filter((n) => n > 1).length;
    expect(twice).toBeLessThanOrEqual(500 * (10 + 2 * ACKNOWLEDGEMENTS_QUEUED));
  }, 180_000);

  it('shares one large run among workers in chunks, within the connection limit across processes', async () => {
    const s = new Session(api.url);
    await s.login(admin.email, admin.password);
    const target = await startMailchimpSandbox({ latencyMs: 150 });
    try {
      const { exportId, members } = await mailchimpExport(s, target, { label: 'shared' });
      // Idle workers from the test before go; two new ones split large segments into chunks of 100 members and run 8 jobs each:
      // up to 16 calls at once if each process kept its own limit.
      for (const worker of workers.splice(0)) worker.kill('SIGKILL');
      for (let i = 0; i < 2; i++)
        startWorker({ OUTPORT_RUN_CHUNK_SIZE: '100', OUTPORT_WORKER_CONCURRENCY: '8' });
      const run = (await s.post(`${ENV}/exports/${exportId}/run`, {})).body;
      const finished = await waitForRun(s, ENV, run.id, 90_000);
      expect(finished.status).toBe('succeeded');
      const chunks = finished.tasks[1].chunks as {
        status: string;
        worker: string;
        counts: { sent: number };
      }[];
      expect(chunks.length).toBe(Math.ceil(members / 100));
      expect(new Set(chunks.map((c) => c.worker)).size).toBeGreaterThanOrEqual(2);
      expect(chunks.reduce((sum, c) => sum + c.counts.sent, 0)).toBe(members);
      expect(target.tagMembers(target.listId, 'All opted-in customers')).toHaveLength(members);
      expect([...target.deliveries().values()].every((n) => n === 1)).toBe(true);
      // Mailchimp allows 10 connections per account: several processes together stayed within it.
      expect(target.server.stats().maxConcurrent).toBeLessThanOrEqual(10);
      expect(target.server.stats().maxConcurrent).toBeGreaterThan(2);
    } finally {
      await target.close();
    }
  }, 120_000);

  it('resumes the chunks of a worker killed mid-run on the other worker, sending no acknowledged batch again', async () => {
    const s = new Session(api.url);
    await s.login(admin.email, admin.password);
    const target = await startMailchimpSandbox({ latencyMs: 250 });
    try {
      const { exportId, members } = await mailchimpExport(s, target, { label: 'in chunks', allowDuplicateTargets: true });
      for (const worker of workers.splice(0)) worker.kill('SIGKILL');
      for (let i = 0; i < 2; i++)
        startWorker({ OUTPORT_RUN_CHUNK_SIZE: '100', OUTPORT_WORKER_CONCURRENCY: '4' });
      const run = (await s.post(`${ENV}/exports/${exportId}/run`, {})).body;

      // Once chunks are under way on both workers, kill one of those holding a chunk that is still sending.
      let victim: ChildProcess | undefined;
      for (const until = Date.now() + 60_000; !victim;) {
        if (Date.now() > until) throw new Error('no chunk was sending');
        await new Promise((r) => setTimeout(r, 50));
        const chunks = (await s.get(`${ENV}/runs/${run.id}`)).body.tasks[1].chunks as {
          status: string;
          worker: string | null;
          counts: { sent: number };
        }[];
        const busy = chunks.find(
          (c) => c.status === 'running' && c.worker && chunks.filter((d) => d.counts.sent > 0).length >= 3,
        );
        victim = busy ? workers.find((w) => busy.worker!.endsWith(`:${w.pid}`)) : undefined;
      }
      const acknowledged = (
        await api.db.run(() => api.db.em.find(ExportMemberState, { exportId: exportId }))
      ).map((r) => String(r.sentValues.email));
      victim.kill('SIGKILL');

      const finished = await waitForRun(s, ENV, run.id, 90_000);
      expect(finished.status).toBe('succeeded');
      expect(target.tagMembers(target.listId, 'All opted-in customers')).toHaveLength(members);
      const deliveries = target.deliveries();
      expect(deliveries.size).toBe(members);
      for (const email of acknowledged) expect(deliveries.get(email), email).toBe(1);
      // Only batches in flight at the kill (4 chunks of 100 at most) could go twice.
      expect([...deliveries.values()].filter((n) => n > 1).length).toBeLessThanOrEqual(400);
    } finally {
      await target.close();
    }
  }, 150_000);
});
