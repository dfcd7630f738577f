import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMailchimpSandbox } from '@outport/connector-mailchimp/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Run, RunInterruption } from '../src/database/entities/index.js';
import { MAX_INTERRUPTIONS, RunRecovery } from '../src/runs/run-recovery.js';
import { loginAs, startApi, waitForRun, type DatabaseTarget, type TestApi } from './harness.js';

/**
 * The embedded default (SQLite, in-process queue) restarted under unfinished runs: the process that
 * accepted them is gone with its queue, and the next one finishes them from their checkpoints.
 * (infra-faults.test.ts does the same with Redis and PostgreSQL restarted under workers.)
 */

const ENV = '/environments/consumer-brand';

describe('runs left unfinished by a process that stopped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'outport-recovery-'));
  // Both processes use one database file and one secret key, as one installation restarted would.
  const target: DatabaseTarget = { name: 'sqlite', create: () => Promise.resolve({ url: `sqlite:${join(dir, 'outport.sqlite')}`, drop: () => Promise.resolve() }) };
  const env = { OUTPORT_SECRET_KEY: randomBytes(32).toString('base64'), OUTPORT_QUEUE_LOCK_MS: '500' };
  let after: TestApi;
  const mailchimps: Awaited<ReturnType<typeof startMailchimpSandbox>>[] = [];
  const runs: Record<'queued' | 'abandoned' | 'wornOut', { id: string; members: number; sandbox?: (typeof mailchimps)[number] }> = {} as never;

  beforeAll(async () => {
    // The first process takes the runs but never executes them (it "dies" with them queued in memory).
    const before = await startApi(target, { ...env, OUTPORT_PROCESS_JOBS: 'false' });
    await before.loadDemo();
    const s = await loginAs(before.url, 'admin');
    const segment = (await s.get(`${ENV}/segments?limit=100`)).body.items.find((x: { name: string }) => x.name === 'All opted-in customers');
    const start = async (name: string) => {
      const sandbox = await startMailchimpSandbox();
      mailchimps.push(sandbox);
      const connection = await s.post(`${ENV}/connections`, { name, connectorId: 'mailchimp', settings: { apiBaseUrl: sandbox.url }, secrets: { apiKey: sandbox.apiKey } });
      const exp = await s.post(`${ENV}/exports`, {
        name,
        type: 'segment',
        connectionId: connection.body.id,
        segmentIds: [segment.id],
        mapping: { email: 'email' },
        options: { audienceId: sandbox.listId },
        allowDuplicateTargets: true,
      });
      const run = await s.post(`${ENV}/exports/${exp.body.id}/run`, {});
      return { id: run.body.id as string, members: segment.memberCount as number, sandbox };
    };
    runs.queued = await start('Queued when the process stopped');
    runs.abandoned = await start('Running on a worker that vanished');
    runs.wornOut = await start('Interrupted too often');
    await before.db.run(async () => {
      const em = before.db.em;
      // A worker held this one and vanished: its lease runs out shortly (after the next process is up).
      await em.nativeUpdate(Run, { id: runs.abandoned.id }, { status: 'running', startedAt: new Date(), leaseId: 'gone', leaseExpiresAt: new Date(Date.now() + 4_000) });
      await em.nativeUpdate(Run, { id: runs.wornOut.id }, { status: 'running', startedAt: new Date(), leaseId: 'gone', leaseExpiresAt: new Date(Date.now() - 60_000) });
      for (let i = 0; i < MAX_INTERRUPTIONS; i++) {
        await em.insert(RunInterruption, { run: runs.wornOut.id, cause: 'worker', key: `earlier:${i}`, message: 'The worker sending the run stopped before it finished; the run was re-queued from its checkpoint.', at: new Date() });
      }
    });
    await before.close();

    after = await startApi(target, env);
    // What main.ts does.
    after.app.get(RunRecovery).start();
  });
  afterAll(async () => {
    await after?.close();
    for (const sandbox of mailchimps) await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('queues again what the previous process held in its queue, and it finishes', async () => {
    const s = await loginAs(after.url, 'admin');
    const run = await waitForRun(s, ENV, runs.queued.id, 20_000);
    expect(run.status).toBe('succeeded');
    expect(run.interruptions).toEqual([expect.objectContaining({ cause: 'queue', message: 'Outport restarted before the run finished; the run was re-queued from its checkpoint.' })]);
    expect(runs.queued.sandbox!.deliveries().size).toBe(runs.queued.members);
  });

  it('queues again a run whose worker stopped renewing its lease, once the lease has lapsed', async () => {
    const s = await loginAs(after.url, 'admin');
    const run = await waitForRun(s, ENV, runs.abandoned.id, 20_000);
    expect(run.status).toBe('succeeded');
    expect(run.interruptions).toEqual([expect.objectContaining({ cause: 'worker', message: 'The worker sending the run stopped before it finished; the run was re-queued from its checkpoint.' })]);
    expect([...runs.abandoned.sandbox!.deliveries().values()].every((n) => n === 1)).toBe(true);
    expect(runs.abandoned.sandbox!.deliveries().size).toBe(runs.abandoned.members);
  });

  it('fails a run interrupted too often, saying so, rather than queueing it for ever', async () => {
    const s = await loginAs(after.url, 'admin');
    const run = await waitForRun(s, ENV, runs.wornOut.id, 20_000);
    expect(run.status).toBe('failed');
    expect(run.error).toBe(
      `The run had to be re-queued ${MAX_INTERRUPTIONS} times after infrastructure faults (the latest: Outport restarted before the run finished), so it was stopped rather than re-queued again. Run it again once the database, Redis and the workers are stable.`,
    );
    expect(runs.wornOut.sandbox!.deliveries().size).toBe(0);
  });
});
