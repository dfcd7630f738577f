import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startMailchimpSandbox } from '@outport/connector-mailchimp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExportMemberState } from '../src/database/entities/index.js';
import { RunRecovery } from '../src/runs/run-recovery.js';
import {
  databaseTargets,
  loginAs,
  postgresql,
  type Session,
  startApi,
  type TestApi,
  mailchimpExport,
} from './harness.js';
import { PrivatePostgres, PrivateRedis } from './private-servers.js';

/**
 * Infrastructure faults: Redis and PostgreSQL restarted under a running export. Each scenario starts
 * servers of its own (own folder, own port), so the shared servers other suites use are untouched.
 * A real deployment's layout: the API (here, in the test process) only queues and sweeps; worker
 * processes (dist/worker.js) execute.
 */

const ENV = '/environments/consumer-brand';
/** FAULTS_DEBUG=1 shows the API's and the workers' logs. */
const debug = Boolean(process.env.FAULTS_DEBUG);
const WORKER = join(import.meta.dirname, '..', 'dist', 'worker.js');
const haveRedis = spawnSync('redis-server', ['--version']).status === 0;
const havePostgres = existsSync('/usr/lib/postgresql');
if (process.env.CI === 'true' && !(haveRedis && havePostgres))
  throw new Error(
    'CI=true but redis-server or PostgreSQL binaries are missing: the infrastructure fault suite must run in CI.',
  );

interface Deployment {
  api: TestApi;
  session: Session;
  startWorker(extra?: Record<string, string>): ChildProcess;
  workers: ChildProcess[];
  close(): Promise<void>;
}

/** The API (queueing, sweeping) plus worker processes on one database and one Redis. */
async function deploy(target: Parameters<typeof startApi>[0], redisUrl: string): Promise<Deployment> {
  // Dead holders are noticed after 1.5 s (Bull's lock and the run's lease), so the suite stays short.
  const queue = {
    REDIS_URL: redisUrl,
    OUTPORT_QUEUE_PREFIX: `faults-${process.pid}-${Date.now()}`,
    OUTPORT_QUEUE_LOCK_MS: '1500',
  };
  const api = await startApi(target, {
    ...queue,
    OUTPORT_PROCESS_JOBS: 'false',
    ...(debug ? { LOG_LEVEL: 'log' } : {}),
  });
  // What main.ts does in every API process.
  api.app.get(RunRecovery).start();
  const db = api.config.database;
  const env = {
    ...queue,
    DATABASE_URL: db.driver === 'sqlite' ? `sqlite:${db.path}` : db.url,
    OUTPORT_DATA_DIR: api.config.dataDir,
  };
  const workers: ChildProcess[] = [];
  await api.loadDemo(0.1);
  return {
    api,
    session: await loginAs(api.url, 'admin'),
    workers,
    startWorker(extra = {}) {
      const child = spawn(process.execPath, [WORKER], {
        env: { ...process.env, ...env, LOG_LEVEL: 'warn', ...extra },
        stdio: ['ignore', debug ? 'inherit' : 'ignore', 'inherit'],
      });
      workers.push(child);
      if (debug)
        child.on('exit', (code, signal) => console.error(`WORKER ${child.pid} EXITED`, code, signal));
      return child;
    },
    async close() {
      for (const worker of workers) worker.kill('SIGKILL');
      await api.close();
    },
  };
}

/** The addresses whose batches are recorded as acknowledged (the run's checkpoint). */
async function acknowledged(api: TestApi, exportId: string): Promise<string[]> {
  const rows = await api.db.run(() => api.db.em.find(ExportMemberState, { exportId }));
  return rows.map((r) => String(r.sentValues.email));
}

/** Polls a run until it ends; answers that are not 200 (a 503 while the database is down) are asked again. */
async function waitForEnd(s: Session, runId: string, timeoutMs: number): Promise<any> {
  for (const end = Date.now() + timeoutMs; ;) {
    const res = await s.get(`${ENV}/runs/${runId}`).catch(() => null);
    if (res?.status === 200 && !['queued', 'waiting', 'running', 'failed_retrying'].includes(res.body.status))
      return res.body;
    if (Date.now() > end)
      throw new Error(
        `run ${runId} still ${res?.status === 200 ? res.body.status : 'unknown'} after ${timeoutMs} ms`,
      );
    await new Promise((r) => setTimeout(r, 200));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!haveRedis)('Redis restarted (without persistence) mid-run', () => {
  let redis: PrivateRedis;
  let deployment: Deployment;
  let mailchimp: Awaited<ReturnType<typeof startMailchimpSandbox>>;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    // The shared PostgreSQL when there is one (a database of this suite's own), SQLite otherwise.
    deployment = await deploy(databaseTargets().at(-1)!, redis.url);
    mailchimp = await startMailchimpSandbox({ latencyMs: 250 });
  });
  afterAll(async () => {
    // Each step on its own: a failed test may leave a server down, and the rest must still be stopped.
    for (const step of [() => deployment?.close(), () => mailchimp?.close(), () => redis?.close()])
      await Promise.resolve(step()).catch(() => undefined);
  });

  it('re-queues the run whose queued chunks Redis lost, and every member arrives exactly once', async () => {
    const { session: s, api } = deployment;
    const { exportId, members } = await mailchimpExport(s, mailchimp);
    // Chunks of about a tenth of the segment, two at a time per worker: when Redis dies, some chunks
    // are being sent and the rest wait in Redis's queue, which the restart empties.
    const chunkSize = String(Math.max(100, Math.ceil(members / 10)));
    for (let i = 0; i < 2; i++)
      deployment.startWorker({ OUTPORT_RUN_CHUNK_SIZE: chunkSize, OUTPORT_WORKER_CONCURRENCY: '2' });
    const started = Date.now();
    const run = (await s.post(`${ENV}/exports/${exportId}/run`, {})).body;

    let before: string[] = [];
    for (
      const end = Date.now() + 30_000;
      before.length < members / 5;
      before = await acknowledged(api, exportId)
    ) {
      if (Date.now() > end) throw new Error('no chunk was acknowledged');
      await sleep(50);
    }
    const atKill = (await s.get(`${ENV}/runs/${run.id}`)).body;
    expect(
      atKill.tasks[1].chunks.filter((c: { status: string }) => c.status === 'pending').length,
    ).toBeGreaterThan(0);
    await redis.kill();
    await sleep(2_000);
    await redis.start();

    const finished = await waitForEnd(s, run.id, 45_000);
    expect(finished.status, finished.error).toBe('succeeded');
    expect(finished.interruptions.map((i: { message: string }) => i.message)).toContain(
      'Redis restarted and lost the queued jobs; the run was re-queued from its checkpoint.',
    );
    const deliveries = mailchimp.deliveries();
    for (const email of before) expect(deliveries.get(email), email).toBe(1);
    expect(deliveries.size).toBe(members);
    expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
    expect(mailchimp.tagMembers(mailchimp.listId, 'All opted-in customers')).toHaveLength(members);
    // The workers rode it out.
    expect(deployment.workers.every((w) => w.exitCode === null)).toBe(true);
    expect(Date.now() - started).toBeLessThan(45_000);
  }, 60_000);
});

describe.skipIf(!haveRedis || !havePostgres)('PostgreSQL restarted (immediate stop) mid-run', () => {
  let pg: PrivatePostgres;
  let redis: PrivateRedis;
  let deployment: Deployment;
  let mailchimp: Awaited<ReturnType<typeof startMailchimpSandbox>>;

  beforeAll(async () => {
    [pg, redis] = await Promise.all([PrivatePostgres.start(), PrivateRedis.start()]);
    deployment = await deploy(postgresql(pg.url), redis.url);
    mailchimp = await startMailchimpSandbox({ latencyMs: 250 });
  });
  afterAll(async () => {
    for (const step of [
      () => deployment?.close(),
      () => mailchimp?.close(),
      () => redis?.close(),
      () => pg?.close(),
    ])
      await Promise.resolve(step()).catch(() => undefined);
  });

  it('pauses the run while the database is down and carries on after it restarts, sending every member exactly once', async () => {
    const { session: s, api } = deployment;
    const { exportId, members } = await mailchimpExport(s, mailchimp);
    // One worker, the segment in chunks sent one after another, so the run is part-way when the database goes.
    const chunkSize = String(Math.max(100, Math.ceil(members / 10)));
    const worker = deployment.startWorker({
      OUTPORT_RUN_CHUNK_SIZE: chunkSize,
      OUTPORT_WORKER_CONCURRENCY: '1',
    });
    const run = (await s.post(`${ENV}/exports/${exportId}/run`, {})).body;

    let before: string[] = [];
    for (
      const end = Date.now() + 30_000;
      before.length < members / 5;
      before = await acknowledged(api, exportId)
    ) {
      if (Date.now() > end) throw new Error('no chunk was acknowledged');
      await sleep(50);
    }
    await pg.stop('immediate');
    const down = Date.now();
    // The API stays up and tells callers to come back.
    const during = await s.get(`${ENV}/runs/${run.id}`);
    expect(during.status).toBe(503);
    expect(during.type).toContain('application/problem+json');
    expect(during.headers.get('retry-after')).toBe('5');
    await sleep(3_000);
    await pg.start();
    const outage = Math.round((Date.now() - down) / 1000);

    const finished = await waitForEnd(s, run.id, 45_000);
    expect(finished.status, finished.error).toBe('succeeded');
    const notes = finished.interruptions.map((i: { message: string }) => i.message) as string[];
    expect(notes.length).toBeGreaterThan(0);
    expect(
      notes.every((n) =>
        /^The database was unavailable for \d+ s; the run (carried on where it was|resumed from its last checkpoint)\.$/.test(
          n,
        ),
      ),
      notes.join('\n'),
    ).toBe(true);
    expect(Math.max(...notes.map((n) => Number(/for (\d+) s/.exec(n)![1])))).toBeLessThanOrEqual(outage + 2);
    const deliveries = mailchimp.deliveries();
    for (const email of before) expect(deliveries.get(email), email).toBe(1);
    expect(deliveries.size).toBe(members);
    expect([...deliveries.values()].every((n) => n === 1)).toBe(true);
    expect(worker.exitCode).toBeNull();
  }, 60_000);
});
