// Run-throughput benchmarks. Each prints a ratio against a baseline measured in the same run, on the
// same machine, so the numbers mean something wherever they are taken:
//  1. a data-out export of ROWS rows from PostgreSQL to a data-lake folder, against `psql \copy` of
//     the same rows to a CSV file;
//  2. a segment export of MEMBERS members to the Mailchimp sandbox, against its protocol bound: 500
//     members per call, at most 10 calls at once, the sandbox's latency, and the connector's declared
//     request rate.
//  3. a segment export of MEMBERS profiles to the Klaviyo sandbox, against its protocol bound: 10,000
//     profiles per import job, the connector's declared jobs in flight, the sandbox's job latency
//     (JOB_MS from submission to complete), and the import and job endpoints' burst and steady limits.
//  4. one scheduler tick enqueuing EXPORTS exports due in the same minute, against Bull's bare addBulk
//     of as many jobs (needs Redis; see scheduler-bench.ts).
//  5. the list endpoints' p95 at 100, 1,000 and 10,000 exports, on SQLite and PostgreSQL (list-bench.ts);
//  6. one chunked segment export with one worker process and with two (scale-out-bench.ts).
// Each section ends in one row of the summary printed last.
// Usage: npm run bench [-- --rows 1000000 --latency 20 --job-ms 3000 --exports 10000 --scale-members 400000
//   --only data-out|mailchimp|klaviyo|scheduler|lists|scale-out]
//   (needs PostgreSQL; the scheduler bench also Redis)
// Memory: peak RSS, and the peak of the heap still live after a full collection (sampled every 5 s
// when node runs with --expose-gc, as `npm run bench` does): garbage not yet collected is not growth.
import 'reflect-metadata';
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import pg from 'pg';
import { AppModule } from '@outport/api/app.module';
import { loadConfig } from '@outport/api/config/config';
import { Database } from '@outport/api/database/database';
import { Connection, Environment, Export, Run, Segment, type IExport, type IRun } from '@outport/api/database/entities/index';
import { migrate, openOrm } from '@outport/api/database/orm';
import { RunsService } from '@outport/api/runs/runs.service';
import { SegmentsService } from '@outport/api/segments/segments.service';
import { TablesService } from '@outport/api/tables/tables.service';
import { SecretBox } from '@outport/api/common/secret-box';
import { processCpuMs } from './cpu.js';
import { listBench } from './list-bench.js';
import { scaleOutBench } from './scale-out-bench.js';
import { schedulerBench } from './scheduler-bench.js';
import { ratioText, secondsText, Summary } from './summary.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ROWS = arg('rows', 1_000_000);
const MEMBERS = arg('members', ROWS);
const LATENCY_MS = arg('latency', 20);
/** Data-out runs take a second or two at 1M, where one busy moment moves a ratio by a third: each side is timed this often and the median kept. */
const REPEAT = arg('repeat', ROWS <= 1_000_000 ? 3 : 1);
/** How long the Klaviyo sandbox takes over an import job, queued a third of it and processing the rest. */
const JOB_MS = arg('job-ms', 3_000);
/** Klaviyo's documented time for the seed product: "Up to 1 million … up to 20 minutes". */
const KLAVIYO_SEED_MS = 20 * 60_000;
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : null;
const gc = (globalThis as { gc?: () => void }).gc;
const SERVER = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const summary = new Summary();

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

/** The heap still in use after a full collection (what a run really holds), or NaN without --expose-gc. */
function liveHeap(): number {
  if (!gc) return NaN;
  gc();
  return process.memoryUsage().heapUsed;
}

/**
 * Samples this process's memory while `work` runs; returns the time taken and the peaks. The live
 * heap needs a full collection, which stops the run for a while on a large heap: it is sampled every
 * 5 s (enough for a streaming run, whose heap is steady), so the timing is not the sampler's.
 */
async function measure<T>(work: () => Promise<T>): Promise<{ ms: number; peakRss: number; peakLiveHeap: number; idleLiveHeap: number; result: T }> {
  const idleLiveHeap = liveHeap();
  let peak = process.memoryUsage.rss();
  let peakLiveHeap = idleLiveHeap;
  const rss = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 200);
  const heap = setInterval(() => (peakLiveHeap = Math.max(peakLiveHeap, liveHeap())), 5_000);
  const started = performance.now();
  try {
    const result = await work();
    return { ms: performance.now() - started, peakRss: Math.max(peak, process.memoryUsage.rss()), peakLiveHeap, idleLiveHeap, result };
  } finally {
    clearInterval(rss);
    clearInterval(heap);
  }
}

/** `measure`, `times` times in a row: the median time, the highest peaks. */
async function measureMedian<T>(times: number, work: () => Promise<T>): Promise<Awaited<ReturnType<typeof measure<T>>>> {
  const all: Awaited<ReturnType<typeof measure<T>>>[] = [];
  for (let i = 0; i < times; i++) all.push(await measure(work));
  const median = [...all].sort((a, b) => a.ms - b.ms)[Math.floor(all.length / 2)]!;
  return {
    ...median,
    peakRss: Math.max(...all.map((m) => m.peakRss)),
    peakLiveHeap: Math.max(...all.map((m) => m.peakLiveHeap)),
    idleLiveHeap: Math.min(...all.map((m) => m.idleLiveHeap)),
  };
}

function memoryLine(m: { peakRss: number; peakLiveHeap: number; idleLiveHeap: number }, rssBefore: number): string {
  const heap = Number.isNaN(m.peakLiveHeap) ? '' : `; live heap after GC ${mib(m.peakLiveHeap)} (+${mib(m.peakLiveHeap - m.idleLiveHeap)} over idle)`;
  return `  peak memory           ${mib(m.peakRss)} RSS (+${mib(m.peakRss - rssBefore)} over the idle process)${heap}`;
}

async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `outport_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: SERVER });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: SERVER });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

async function waitForRun(app: INestApplicationContext, runId: string): Promise<Record<string, unknown>> {
  const db = app.get(Database);
  for (;;) {
    const run = await db.run(() => db.em.findOneOrFail(Run, { id: runId }));
    if (['succeeded', 'succeeded_with_warnings', 'failed', 'cancelled', 'skipped'].includes(run.status)) {
      if (run.status !== 'succeeded') throw new Error(`run ${run.status}: ${run.error}`);
      return run;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A sandbox in a process of its own, so its million stored members do not count as ours. */
async function startChild<T>(code: string): Promise<T & { stop: () => void; cpuMs: () => number }> {
  const child = spawn(process.execPath, ['--max-old-space-size=4096', '--input-type=module', '-e', code], {
    cwd: import.meta.dirname,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  return { ...(JSON.parse(line) as T), stop: () => child.kill(), cpuMs: () => processCpuMs(child.pid) };
}


function startSandbox() {
  return startChild<{ url: string; apiKey: string; listId: string }>(`import('@outport/connector-mailchimp/sandbox').then(async (m) => {
    const s = await m.startMailchimpSandbox({ latencyMs: ${LATENCY_MS} });
    console.log(JSON.stringify({ url: s.url, apiKey: s.apiKey, listId: s.listId }));
  });`);
}

/** The Klaviyo sandbox with Klaviyo's rate limits on, its jobs taking JOB_MS, and the network latency. */
function startKlaviyoSandbox() {
  return startChild<{ url: string; apiKey: string }>(`import('@outport/connector-klaviyo/sandbox').then(async (m) => {
    const s = await m.startKlaviyoSandbox({ latencyMs: ${LATENCY_MS}, jobQueuedMs: ${Math.round(JOB_MS / 3)}, jobProcessingMs: ${JOB_MS - Math.round(JOB_MS / 3)} });
    console.log(JSON.stringify({ url: s.url, apiKey: s.apiKey }));
  });`);
}

async function main(): Promise<void> {
  // Started first: its loopback address is the one private target the outbound policy lets through.
  const sandbox = await startSandbox();
  const klaviyo = await startKlaviyoSandbox();
  // The outbound policy is the process's: every application context started here (the SQLite one,
  // the scale-out one) sets it from its configuration, so each must let the sandboxes through.
  process.env.OUTPORT_ALLOWED_TARGETS = `${new URL(sandbox.url).host},${new URL(klaviyo.url).host}`;
  const database = await createDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'outport-bench-'));
  const config = {
    ...loadConfig({ ...process.env, DATABASE_URL: database.url, OUTPORT_DATA_DIR: dataDir, LOG_LEVEL: 'warn' }),
    redisUrl: null,
    processJobs: true,
  };
  const orm = await openOrm(config.database);
  await migrate(orm);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, orm), { logger: ['error', 'warn'] });
  const db = app.get(Database);
  const box = new SecretBox(config.secretKey);
  // Local folders are written under the export root (`exports` in the data folder by default).
  const lake = join(config.localExportRoot, 'lake');
  try {
    const { scope, table } = await db.run(async () => {
      const env = db.em.create(Environment, { id: crypto.randomUUID(), slug: 'bench', name: 'Bench', kind: 'individuals' });
      await db.em.flush();
      const scope = {
        environment: { id: env.id, slug: env.slug, name: env.name, kind: env.kind },
        principal: { kind: 'user' as const, userId: 'bench', email: 'bench@outport.local', name: 'Bench', sessionTokenHash: '' },
        actor: { userId: 'bench', role: 'admin' as const },
      };
      const table = await app.get(TablesService).create(scope, {
        name: 'Customer',
        keyColumn: 'customerId',
        columns: [
          { name: 'customerId', type: 'string' },
          { name: 'email', type: 'email' },
          { name: 'firstName', type: 'string' },
          { name: 'lastName', type: 'string' },
          { name: 'country', type: 'string' },
          { name: 'lifetimeValue', type: 'number' },
          { name: 'emailOptIn', type: 'boolean' },
          { name: 'signupDate', type: 'date' },
          { name: 'lastPurchaseAt', type: 'datetime' },
        ],
      });
      return { scope, table };
    });
    if (MEMBERS !== ROWS) throw new Error('--members and --rows must be equal: the segment is the whole table');
    const rows = ROWS;
    const fill = new pg.Client({ connectionString: database.url });
    await fill.connect();
    await fill.query(
      `insert into "${table.physicalName}" select 'C' || lpad(i::text, 8, '0'), 'user' || i || '@example.com', 'First' || i, 'Last, "' || i || '"',
         (array['FR','DE','US','GB'])[1 + i % 4], (i % 1000) * 1.5, i % 3 <> 0, date '2020-01-01' + (i % 2000), timestamptz '2026-01-01' + (i || ' minutes')::interval
       from generate_series(1, $1::int) i`,
      [rows],
    );
    await fill.end();
    console.log(`Outport run-throughput benchmark: ${rows.toLocaleString('en-US')} rows in PostgreSQL, sandbox latency ${LATENCY_MS} ms\n`);

    // 1. Data-out: Outport to a data-lake folder vs psql \copy of the same rows.
    if (!only || only === 'data-out') await dataOutBench();
    if (!only || only === 'mailchimp') await mailchimpBench();
    if (!only || only === 'klaviyo') await klaviyoBench();
    if (!only || only === 'lists') summary.add(await listBench({ postgresUrl: SERVER }));
    if (!only || only === 'scale-out') {
      summary.add(await scaleOutBench({ orm, dataDir, databaseUrl: database.url, redisUrl: REDIS, scope, members: Math.min(arg('scale-members', 400_000), ROWS), latencyMs: LATENCY_MS }));
    }
    if (!only || only === 'scheduler') {
      summary.add(await schedulerBench({ databaseUrl: database.url, redisUrl: REDIS, dataDir, exports: arg('exports', 10_000) }));
    }
    summary.print();

    async function dataOutBench(): Promise<void> {
      const columns = table.columns.map((c) => `"${c.name}"`).join(', ');
      const copyFile = join(dataDir, 'baseline.csv');
      const baseline = await measureMedian(REPEAT, () => {
        execFileSync('psql', [
          database.url,
          '-q',
          '-c',
          `\\copy (select ${columns} from "${table.physicalName}" order by "customerId") to '${copyFile}' csv header`,
        ]);
        return Promise.resolve();
      });
      const dataOut = await db.run(async () => {
        const connection = db.em.create(Connection, {
          id: crypto.randomUUID(),
          environment: scope.environment.id,
          connectorId: 'data-lake',
          name: 'Lake',
          settings: { destination: 'local', rootPath: lake },
          secretKeys: [],
          sharing: { mode: 'admins' },
        });
        const exp = db.em.create(Export, {
          id: crypto.randomUUID(),
          environment: scope.environment.id,
          name: 'Lake copy',
          type: 'data-out',
          connection: connection.id,
          items: [table.id],
          mapping: {},
          options: { maxPartitionBytes: 256 * 1024 * 1024 },
          schedule: { kind: 'system-refresh' },
        });
        await db.em.flush();
        return exp;
      });
      const before = process.memoryUsage().rss;
      const outport = await measureMedian(REPEAT, async () => {
        const run = await db.run(async () => app.get(RunsService).start(await db.em.findOneOrFail(Export, { id: dataOut.id }), 'manual'));
        return waitForRun(app, run.id);
      });
      const ratio1 = outport.ms / baseline.ms;
      console.log(`Data-out to a data-lake folder, ${ROWS.toLocaleString('en-US')} rows${REPEAT > 1 ? ` (median of ${REPEAT} runs each)` : ''}:`);
      console.log(`  psql \\copy baseline   ${seconds(baseline.ms)}`);
      console.log(`  Outport run           ${seconds(outport.ms)}  (${Math.round(ROWS / (outport.ms / 1000)).toLocaleString('en-US')} rows/s)`);
      console.log(`  ratio                 ${ratio1.toFixed(2)}× the baseline (goal ≤ 1.3×)`);
      console.log(`${memoryLine(outport, before)}\n`);
      summary.add({
        measure: `data-out, ${ROWS.toLocaleString('en-US')} rows PostgreSQL → data-lake folder`,
        outport: secondsText(outport.ms),
        baseline: `psql \\copy ${secondsText(baseline.ms)}`,
        result: ratioText(ratio1),
        goal: '≤ 1.3×',
        met: ratio1 <= 1.3,
      });
      await sqliteDataOutBench(table.columns);
    }

    /**
     * 1b. Data-out on the embedded default: the same rows in a SQLite database, exported by Outport to
     * a data-lake folder, against the sqlite3 command line's CSV export of them.
     */
    async function sqliteDataOutBench(columns: { name: string; type: string }[]): Promise<void> {
      const dir = mkdtempSync(join(tmpdir(), 'outport-bench-sqlite-'));
      const sqliteConfig = { ...loadConfig({ ...process.env, DATABASE_URL: `sqlite:${join(dir, 'outport.sqlite')}`, OUTPORT_DATA_DIR: dir, LOG_LEVEL: 'warn' }), redisUrl: null, processJobs: true };
      if (sqliteConfig.database.driver !== 'sqlite') throw new Error('expected SQLite');
      const sqliteOrm = await openOrm(sqliteConfig.database);
      await migrate(sqliteOrm);
      const sqliteApp = await NestFactory.createApplicationContext(AppModule.forRoot(sqliteConfig, sqliteOrm), { logger: ['error', 'warn'] });
      const sdb = sqliteApp.get(Database);
      try {
        const { exportId, physicalName } = await sdb.run(async () => {
          const env = sdb.em.create(Environment, { id: crypto.randomUUID(), slug: 'bench', name: 'Bench', kind: 'individuals' });
          await sdb.em.flush();
          const scope = {
            environment: { id: env.id, slug: env.slug, name: env.name, kind: env.kind },
            principal: { kind: 'user' as const, userId: 'bench', email: 'bench@outport.local', name: 'Bench', sessionTokenHash: '' },
            actor: { userId: 'bench', role: 'admin' as const },
          };
          const created = await sqliteApp.get(TablesService).create(scope, { name: 'Customer', keyColumn: 'customerId', columns: columns as never });
          const connection = sdb.em.create(Connection, {
            id: crypto.randomUUID(),
            environment: env.id,
            connectorId: 'data-lake',
            name: 'Lake',
            settings: { destination: 'local', rootPath: join(sqliteConfig.localExportRoot, 'lake') },
            secretKeys: [],
            sharing: { mode: 'admins' },
          });
          const exp = sdb.em.create(Export, {
            id: crypto.randomUUID(),
            environment: env.id,
            name: 'Lake copy',
            type: 'data-out',
            connection: connection.id,
            items: [created.id],
            mapping: {},
            options: { maxPartitionBytes: 256 * 1024 * 1024 },
            schedule: { kind: 'system-refresh' },
          });
          await sdb.em.flush();
          return { exportId: exp.id, physicalName: created.physicalName };
        });
        // The same rows as in PostgreSQL, stored as the API stores them in SQLite (dates and times as
        // ISO text, booleans as 0/1), written in one statement.
        const file = join(dir, 'outport.sqlite');
        execFileSync('sqlite3', [
          file,
          `with recursive s(i) as (select 1 union all select i + 1 from s where i < ${ROWS})
           insert into "${physicalName}" select 'C' || printf('%08d', i), 'user' || i || '@example.com', 'First' || i, 'Last, "' || i || '"',
             case i % 4 when 0 then 'FR' when 1 then 'DE' when 2 then 'US' else 'GB' end, (i % 1000) * 1.5, i % 3 <> 0,
             date('2020-01-01', '+' || (i % 2000) || ' days'), strftime('%Y-%m-%dT%H:%M:%fZ', '2026-01-01', '+' || i || ' minutes') from s`,
        ]);
        const names = columns.map((c) => `"${c.name}"`).join(', ');
        const baseline = await measureMedian(REPEAT, () => {
          const out = openSync(join(dir, 'baseline.csv'), 'w');
          try {
            execFileSync('sqlite3', ['-csv', '-header', file, `select ${names} from "${physicalName}" order by "customerId"`], { stdio: ['ignore', out, 'inherit'] });
          } finally {
            closeSync(out);
          }
          return Promise.resolve();
        });
        const before = process.memoryUsage().rss;
        const outport = await measureMedian(REPEAT, async () => {
          const run = await sdb.run(async () => sqliteApp.get(RunsService).start(await sdb.em.findOneOrFail(Export, { id: exportId }), 'manual'));
          return waitForRun(sqliteApp, run.id);
        });
        console.log(`Data-out on the embedded default (SQLite) to a data-lake folder, ${ROWS.toLocaleString('en-US')} rows${REPEAT > 1 ? ` (median of ${REPEAT} runs each)` : ''}:`);
        console.log(`  sqlite3 -csv baseline ${seconds(baseline.ms)}`);
        console.log(`  Outport run           ${seconds(outport.ms)}  (${Math.round(ROWS / (outport.ms / 1000)).toLocaleString('en-US')} rows/s)`);
        const ratio = outport.ms / baseline.ms;
        console.log(`  ratio                 ${ratio.toFixed(2)}× the baseline (goal ≤ 1.5×)`);
        console.log(`${memoryLine(outport, before)}\n`);
        summary.add({
          measure: `data-out, ${ROWS.toLocaleString('en-US')} rows SQLite (embedded) → data-lake folder`,
          outport: secondsText(outport.ms),
          baseline: `sqlite3 -csv ${secondsText(baseline.ms)}`,
          result: ratioText(ratio),
          goal: '≤ 1.5×',
          met: ratio <= 1.5,
        });
      } finally {
        await sqliteApp.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }

    /** A segment of every row, refreshed, and a segment export of it through a new connection to a sandbox. */
    async function segmentExport(name: string, connectorId: string, target: { url: string; apiKey: string }, options: Record<string, string>): Promise<IExport> {
      return db.run(async () => {
        const segment = await app.get(SegmentsService).create(scope, {
          name: `${name} benchmark members`,
          baseTable: 'Customer',
          rule: { kind: 'group', combinator: 'and', rules: [{ kind: 'condition', field: 'email', operator: 'isNotEmpty' }] },
        });
        await app.get(SegmentsService).refresh(segment);
        const refreshed = await db.em.findOneOrFail(Segment, { id: segment.id });
        if (refreshed.memberCount !== MEMBERS) throw new Error(`segment has ${refreshed.memberCount} members`);
        const connection = db.em.create(Connection, {
          id: crypto.randomUUID(),
          environment: scope.environment.id,
          connectorId,
          name,
          settings: { apiBaseUrl: target.url },
          secretsCiphertext: box.seal({ apiKey: target.apiKey }),
          secretKeys: ['apiKey'],
          sharing: { mode: 'admins' },
        });
        const created: IExport = db.em.create(Export, {
          id: crypto.randomUUID(),
          environment: scope.environment.id,
          name: `${name} bench`,
          type: 'segment',
          connection: connection.id,
          audienceKind: 'contact',
          items: [segment.id],
          mapping: { email: 'email', firstName: 'firstName', lastName: 'lastName' },
          options,
          schedule: { kind: 'system-refresh' },
        });
        await db.em.flush();
        return created;
      });
    }

    // 2. Segment export to the Mailchimp sandbox vs its protocol bound.
    async function mailchimpBench(): Promise<void> {
      const exp = await segmentExport('Mailchimp', 'mailchimp', sandbox, { audienceId: sandbox.listId });
      const manifest = (await import('@outport/connector-mailchimp/manifest.json', { with: { type: 'json' } })).default as {
        limits: { recordsPerRequest: number; concurrentRequests: number; requestsPerInterval?: { requests: number; intervalMs: number } };
      };
      const { recordsPerRequest, concurrentRequests, requestsPerInterval } = manifest.limits;
      // Each batch is two calls (batch subscribe, then tag the members).
      const calls = Math.ceil(MEMBERS / recordsPerRequest) * 2;
      const concurrencyBound = (calls * LATENCY_MS) / concurrentRequests;
      const rateBound = requestsPerInterval ? (calls / requestsPerInterval.requests) * requestsPerInterval.intervalMs : 0;
      const bound = Math.max(concurrencyBound, rateBound);
      const before2 = process.memoryUsage().rss;
      const sandboxCpu = sandbox.cpuMs();
      const mailchimp = await measure(async () => {
        const run = await db.run(async () => app.get(RunsService).start(await db.em.findOneOrFail(Export, { id: exp.id }), 'manual'));
        return waitForRun(app, run.id);
      });
      console.log(`Segment export to the Mailchimp sandbox, ${MEMBERS.toLocaleString('en-US')} members:`);
      console.log(
        `  protocol bound        ${seconds(bound)}  (${calls.toLocaleString('en-US')} calls of ≤${recordsPerRequest}, ${concurrentRequests} at once, ${LATENCY_MS} ms latency${requestsPerInterval ? `, ≤${requestsPerInterval.requests} per ${requestsPerInterval.intervalMs} ms` : ''})`,
      );
      console.log(`  Outport run           ${seconds(mailchimp.ms)}  (${Math.round(MEMBERS / (mailchimp.ms / 1000)).toLocaleString('en-US')} members/s)`);
      console.log(`  ratio                 ${(mailchimp.ms / bound).toFixed(2)}× the bound`);
      console.log(`  sandbox process CPU   ${seconds(sandbox.cpuMs() - sandboxCpu)} during the run (in a process of its own)`);
      const chunks = (await db.run(() => app.get(RunsService).dto(mailchimp.result as IRun))).tasks[1]!.chunks.length;
      console.log(
        `  chunks                ${chunks || 'none'}${chunks ? ` of ${config.runChunkSize.toLocaleString('en-US')} members, ${config.workerConcurrency} at once in this process` : ''}`,
      );
      console.log(`${memoryLine(mailchimp, before2)}\n`);
      summary.add({
        measure: `Mailchimp segment export, ${MEMBERS.toLocaleString('en-US')} members`,
        outport: secondsText(mailchimp.ms),
        baseline: `protocol bound ${secondsText(bound)}`,
        result: ratioText(mailchimp.ms / bound),
        goal: '≤ 1.1×',
        met: mailchimp.ms / bound <= 1.1,
      });
    }

    // 3. Segment export to the Klaviyo sandbox (import jobs) vs its protocol bound.
    async function klaviyoBench(): Promise<void> {
      const exp = await segmentExport('Klaviyo', 'klaviyo', klaviyo, { listPrefix: 'Outport: ' });
      type Window = { requests: number; intervalMs: number };
      const manifest = (await import('@outport/connector-klaviyo/manifest.json', { with: { type: 'json' } })).default as {
        limits: { concurrentRequests: number; operations: Record<string, { recordsPerRequest?: number; requestsPerInterval?: Window | Window[] }> };
      };
      const ops = manifest.limits.operations;
      const perJob = ops.upsert!.recordsPerRequest!;
      const inFlight = manifest.limits.concurrentRequests;
      const jobs = Math.ceil(MEMBERS / perJob);
      // No job completes sooner than JOB_MS, and at most `inFlight` are in Klaviyo's hands at once.
      const latencyBound = Math.ceil(jobs / inFlight) * (JOB_MS + LATENCY_MS);
      // Each job is one submission and at least one poll, each within its endpoint's windows.
      const windowsBound = (windows: Window | Window[] | undefined) =>
        Math.max(0, ...[windows ?? []].flat().map((w) => Math.floor((jobs - 1) / w.requests) * w.intervalMs));
      const rateBound = Math.max(windowsBound(ops.upsert!.requestsPerInterval), windowsBound(ops['poll-job']!.requestsPerInterval));
      const bound = Math.max(latencyBound, rateBound);
      const before3 = process.memoryUsage().rss;
      const run = await measure(async () => {
        const started = await db.run(async () => app.get(RunsService).start(await db.em.findOneOrFail(Export, { id: exp.id }), 'manual'));
        return waitForRun(app, started.id);
      });
      console.log(`Segment export to the Klaviyo sandbox, ${MEMBERS.toLocaleString('en-US')} profiles:`);
      console.log(
        `  protocol bound        ${seconds(bound)}  (${jobs.toLocaleString('en-US')} import jobs of ≤${perJob.toLocaleString('en-US')}, ${inFlight} in flight, ${(JOB_MS / 1000).toFixed(1)} s per job + ${LATENCY_MS} ms latency; the endpoints' windows alone ${seconds(rateBound)})`,
      );
      console.log(`  Outport run           ${seconds(run.ms)}  (${Math.round(MEMBERS / (run.ms / 1000)).toLocaleString('en-US')} profiles/s)`);
      console.log(`  ratio                 ${(run.ms / bound).toFixed(2)}× the bound`);
      const seedMs = (KLAVIYO_SEED_MS * MEMBERS) / 1_000_000;
      console.log(`  seed's documented     ${seconds(seedMs)} for ${MEMBERS.toLocaleString('en-US')} (1 million in 20 minutes): Outport took ${(run.ms / seedMs).toFixed(2)}× that`);
      console.log(`${memoryLine(run, before3)}\n`);
      summary.add({
        measure: `Klaviyo segment export, ${MEMBERS.toLocaleString('en-US')} profiles`,
        outport: secondsText(run.ms),
        baseline: `protocol bound ${secondsText(bound)}`,
        result: ratioText(run.ms / bound),
        goal: '≤ 1.1× (ours)',
        met: run.ms / bound <= 1.1,
      });
    }
  } finally {
    sandbox.stop();
    klaviyo.stop();
    await app.close();
    await database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
