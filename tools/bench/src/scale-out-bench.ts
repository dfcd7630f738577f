// Scale-out benchmark: one chunked segment export executed by one worker process, then by two
// (Bull on Redis, one PostgreSQL), and the ratio of the two times, in two cases:
//
// - bound by the machine: a sink answering in the bench's latency (20 ms), so the run goes as fast
//   as the workers and PostgreSQL can read members, fingerprint and record them;
// - bound by the target: a sink answering in a second, as a slow ad platform does, so the run goes
//   as fast as requests are in flight, and a second worker doubles them.
//
// The target is a bench connector that posts each batch to a loopback sink, with no request-rate
// limit: every real connector's requests are capped per connection across all workers (Mailchimp's
// 50 calls a second, LinkedIn's calls a minute), so with them a second worker cannot go faster than
// the first and the ratio would measure the vendor's limit, not whether the run spreads over
// processes. The connection allows 32 requests at once across workers; each chunk sends 8 at a
// time, and a worker runs `workerConcurrency` chunks at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '@outport/api/app.module';
import { loadConfig } from '@outport/api/config/config';
import { Database } from '@outport/api/database/database';
import { Connection, Export, Run, Segment, type IExport } from '@outport/api/database/entities/index';
import type { Orm } from '@outport/api/database/orm';
import { machineBusyMs, processCpuMs, programCpuMs } from './cpu.js';
import { ratioText, secondsText, type SummaryRow } from './summary.js';
import { RunsService } from '@outport/api/runs/runs.service';
import { SegmentsService } from '@outport/api/segments/segments.service';
import type { EnvironmentScope } from '@outport/api/auth/principal';

const SDK_RANGE = '>=0.1.0';
const CONNECTOR_ID = 'bench-sink';
const GOAL = 1.7;
/** Requests a chunk has in flight at once; the connection allows CONNECTION_CONCURRENCY across workers. */
const PER_CHUNK = 8;
const CONNECTION_CONCURRENCY = 32;
/** The slow target's answer time. */
const SLOW_TARGET_MS = 1_000;

/** The bench connector, as a partner package outside the repository (found through OUTPORT_CONNECTOR_PATHS). */
function writeSinkConnector(parent: string): void {
  const dir = join(parent, 'bench-sink');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name: '@outport-bench/connector-sink',
      version: '1.0.0',
      type: 'module',
      main: 'dist/index.js',
      outport: { connector: true },
      peerDependencies: { '@outport/connector-sdk': SDK_RANGE },
    }),
  );
  const limits = {
    membersPerSegment: {},
    membersPerExport: {},
    recordsPerRequest: 500,
    concurrentRequests: CONNECTION_CONCURRENCY,
  };
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      id: CONNECTOR_ID,
      name: 'Bench sink',
      category: 'other',
      description: 'Posts each batch to a loopback sink; no request-rate limit.',
      version: '1.0.0',
      sdk: SDK_RANGE,
      exportTypes: ['segment'],
      audienceKinds: [
        {
          id: 'contact',
          label: 'Members',
          accepts: { individuals: ['profile'], business: ['contact'] },
          fields: [
            {
              key: 'email',
              label: 'Email',
              type: 'email',
              required: true,
              identifier: true,
              normalize: 'email',
            },
            { key: 'firstName', label: 'First name', type: 'string', normalize: 'trim' },
            { key: 'lastName', label: 'Last name', type: 'string', normalize: 'trim' },
          ],
        },
      ],
      connection: { settings: [{ key: 'apiBaseUrl', label: 'Sink URL', type: 'url', required: true }] },
      limits,
      capabilities: { removeMembers: true, parallelChunks: true },
    }),
  );
  writeFileSync(
    join(dir, 'dist', 'index.js'),
    `import { connectionLimiter, createHttpClient, defineConnector, mapConcurrent } from '@outport/connector-sdk';
const LIMITS = ${JSON.stringify(limits)};
export default defineConnector({
  manifest: {},
  async testConnection() {},
  createExporter(ctx) {
    const http = createHttpClient({ baseUrl: String(ctx.settings.apiBaseUrl), target: 'Bench sink', limiter: connectionLimiter(ctx, 'bench-sink', LIMITS), signal: ctx.signal });
    return {
      async *exportItem(item, batches) {
        yield* mapConcurrent(batches, ${PER_CHUNK}, async (batch) => {
          await http.request('POST', '/batches', { json: { segment: item.id, operation: batch.operation, members: batch.records.map((r) => r.values) } });
          return { sequence: batch.sequence, accepted: batch.records.length, rejected: [] };
        });
      },
    };
  },
});
`,
  );
}

/** The sink, in a process of its own: reads each request whole, answers after `latencyMs`. */
async function startSink(latencyMs: number): Promise<{ url: string; stop: () => void }> {
  const code = `import('node:http').then(({ createServer }) => {
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => setTimeout(() => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); }, ${latencyMs}));
    });
    server.keepAliveTimeout = 60_000;
    server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ url: 'http://127.0.0.1:' + server.address().port })));
  });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((resolve) =>
    createInterface({ input: child.stdout }).once('line', resolve),
  );
  return { url: (JSON.parse(line) as { url: string }).url, stop: () => child.kill() };
}

/** A worker process (apps/api/dist/worker.js), resolved once it says it is taking runs. */
async function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  const worker = fileURLToPath(import.meta.resolve('@outport/api/worker'));
  const child = spawn(process.execPath, [worker], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`a worker exited with code ${code} before taking runs`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.includes('is taking runs')) resolve();
    });
  });
  return child;
}

export interface ScaleOutOptions {
  dataDir: string;
  orm: Orm;
  databaseUrl: string;
  redisUrl: string;
  scope: EnvironmentScope;
  members: number;
  latencyMs: number;
}

/** Times the same export with one worker and with two, for each case; prints both and the ratios. */
export async function scaleOutBench(options: ScaleOutOptions): Promise<SummaryRow[]> {
  const pluginDir = mkdtempSync(join(tmpdir(), 'outport-bench-connectors-'));
  writeSinkConnector(pluginDir);
  const cases = [
    { label: 'bound by the machine', latencyMs: options.latencyMs, goal: true },
    { label: 'bound by a target answering in 1 s', latencyMs: SLOW_TARGET_MS, goal: false },
  ];
  const sinks = await Promise.all(cases.map((c) => startSink(c.latencyMs)));
  const chunkSize = Math.max(1_000, Math.ceil(options.members / 40));
  const queue = `bench-scale-${process.pid}-${Date.now()}`;
  const shared = {
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    OUTPORT_DATA_DIR: options.dataDir,
    OUTPORT_QUEUE_PREFIX: queue,
    OUTPORT_CONNECTOR_PATHS: pluginDir,
    OUTPORT_ALLOWED_TARGETS: [process.env.OUTPORT_ALLOWED_TARGETS, ...sinks.map((sink) => new URL(sink.url).host)]
      .filter(Boolean)
      .join(','),
    OUTPORT_RUN_CHUNK_SIZE: String(chunkSize),
    OUTPORT_SCHEDULER_TICK_MS: '0',
    LOG_LEVEL: 'warn',
  };
  // This process only enqueues (as an API process does); the workers execute.
  const config = loadConfig({ ...process.env, ...shared, OUTPORT_PROCESS_JOBS: 'false' });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, options.orm), {
    logger: ['error', 'warn'],
  });
  const db = app.get(Database);
  try {
    const segment = await db.run(async () => {
      const created = await app.get(SegmentsService).create(options.scope, {
        name: 'Scale-out members',
        baseTable: 'Customer',
        rule: {
          kind: 'group',
          combinator: 'and',
          rules: [{ kind: 'condition', field: 'email', operator: 'isNotEmpty' }],
        },
      });
      await app.get(SegmentsService).refresh(created);
      return db.em.findOneOrFail(Segment, { id: created.id });
    });
    if (segment.memberCount < options.members)
      throw new Error(`the scale-out segment has ${segment.memberCount} members`);
    const connectionTo = (url: string, latencyMs: number) =>
      db.run(async () => {
        const connection = db.em.create(Connection, {
          id: crypto.randomUUID(),
          environment: options.scope.environment.id,
          connectorId: CONNECTOR_ID,
          name: `Bench sink, ${latencyMs} ms`,
          settings: { apiBaseUrl: url },
          secretKeys: [],
          sharing: { mode: 'admins' },
        });
        await db.em.flush();
        return connection.id;
      });
    const timed = async (workers: number, connectionId: string, label: string): Promise<{ ms: number; note: string }> => {
      const exp = await db.run(async () => {
        const created: IExport = db.em.create(Export, {
          id: crypto.randomUUID(),
          environment: options.scope.environment.id,
          name: `Scale-out with ${workers}, ${label}`,
          type: 'segment',
          connection: connectionId,
          audienceKind: 'contact',
          items: [segment.id],
          mapping: { email: 'email', firstName: 'firstName', lastName: 'lastName' },
          options: {},
          schedule: { kind: 'system-refresh' },
        });
        await db.em.flush();
        return created;
      });
      const processes = await Promise.all(Array.from({ length: workers }, () => startWorker(shared)));
      try {
        const started = performance.now();
        const cpuBefore = processes.map((p) => processCpuMs(p.pid));
        const busyBefore = machineBusyMs();
        const databaseBefore = programCpuMs('postgres');
        const run = await db.run(async () =>
          app.get(RunsService).start(await db.em.findOneOrFail(Export, { id: exp.id }), 'manual'),
        );
        await finished(app, run.id);
        const ms = performance.now() - started;
        const workerCpu = processes.map((p, i) => processCpuMs(p.pid) - cpuBefore[i]!);
        const cores = (machineBusyMs() - busyBefore) / ms;
        const database = programCpuMs('postgres') - databaseBefore;
        return {
          ms,
          note: `workers' CPU ${workerCpu.map((c) => secondsText(c)).join(' + ')}, PostgreSQL's ${secondsText(database)}; the machine's ${availableParallelism()} cores busy ${cores.toFixed(2)} on average`,
        };
      } finally {
        for (const child of processes) child.kill();
      }
    };
    const rows: SummaryRow[] = [];
    console.log(
      `Scale-out: one chunked segment export of ${segment.memberCount.toLocaleString('en-US')} members (chunks of ${chunkSize.toLocaleString('en-US')}, ${config.workerConcurrency} at once per worker, ${PER_CHUNK} requests at once per chunk, ${CONNECTION_CONCURRENCY} per connection), to a sink with no rate limit:`,
    );
    for (const [i, c] of cases.entries()) {
      const connectionId = await connectionTo(sinks[i]!.url, c.latencyMs);
      const single = await timed(1, connectionId, c.label);
      const double = await timed(2, connectionId, c.label);
      const ratio = single.ms / double.ms;
      console.log(`  ${c.label} (the sink answers in ${c.latencyMs} ms):`);
      console.log(`    1 worker            ${(single.ms / 1000).toFixed(1)} s  (${single.note})`);
      console.log(`    2 workers           ${(double.ms / 1000).toFixed(1)} s  (${double.note})`);
      console.log(`    ratio               ${ratio.toFixed(2)}× faster with two${c.goal ? ` (goal ≥ ${GOAL}×)` : ''}`);
      rows.push({
        measure: `2 workers vs 1, one chunked export of ${segment.memberCount.toLocaleString('en-US')}, ${c.label}`,
        outport: `2 workers ${secondsText(double.ms)}`,
        baseline: `1 worker ${secondsText(single.ms)}`,
        result: `${ratioText(ratio)} faster`,
        goal: c.goal ? `≥ ${GOAL}×` : '',
        met: c.goal ? ratio >= GOAL : undefined,
      });
    }
    console.log('');
    return rows;
  } finally {
    await app.close();
    for (const sink of sinks) sink.stop();
    rmSync(pluginDir, { recursive: true, force: true });
  }
}

async function finished(app: INestApplicationContext, runId: string): Promise<void> {
  const db = app.get(Database);
  for (;;) {
    const run = await db.run(() => db.em.findOneOrFail(Run, { id: runId }));
    if (['succeeded', 'succeeded_with_warnings', 'failed', 'cancelled', 'skipped'].includes(run.status)) {
      if (run.status !== 'succeeded') throw new Error(`scale-out run ${run.status}: ${run.error}`);
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
