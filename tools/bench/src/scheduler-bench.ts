// Scheduler benchmark: how long one tick takes to enqueue EXPORTS exports that are due in the same
// minute (find them, make their deterministic job ids, add them to Bull in one round trip), against
// Bull's bare addBulk of as many jobs in the same run. Needs PostgreSQL and Redis.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import Bull from 'bull';
import pg from 'pg';
import { AppModule } from '@outport/api/app.module';
import { loadConfig } from '@outport/api/config/config';
import { Database } from '@outport/api/database/database';
import { Environment } from '@outport/api/database/entities/index';
import { migrate, openOrm } from '@outport/api/database/orm';
import { ScheduleTicker } from '@outport/api/schedules/schedule-ticker';
import { ratioText, type SummaryRow } from './summary.js';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function schedulerBench(options: { databaseUrl: string; redisUrl: string; dataDir: string; exports: number; rounds?: number }): Promise<SummaryRow> {
  const rounds = options.rounds ?? 5;
  const prefix = `outport-bench-${process.pid}`;
  const config = { ...loadConfig({ ...process.env, DATABASE_URL: options.databaseUrl, REDIS_URL: options.redisUrl, OUTPORT_DATA_DIR: options.dataDir, LOG_LEVEL: 'warn', OUTPORT_QUEUE_PREFIX: prefix }), processJobs: false };
  const orm = await openOrm(config.database);
  await migrate(orm);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, orm), { logger: ['error', 'warn'] });
  const baseline = new Bull('bench-baseline', options.redisUrl, { prefix });
  const clean = async () => {
    const redis = baseline.client;
    for (const pattern of [`${prefix}:*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length) await redis.del(...keys);
      } while (cursor !== '0');
    }
  };
  try {
    const db = app.get(Database);
    const envId = crypto.randomUUID();
    await db.run(async () => {
      db.em.create(Environment, { id: envId, slug: `sched-bench-${process.pid}`, name: 'Scheduler bench', kind: 'individuals' });
      await db.em.flush();
    });
    const due = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const fill = new pg.Client({ connectionString: options.databaseUrl });
    await fill.connect();
    await fill.query(
      `insert into export (id, environment_id, name, type, connection_id, items, mapping, options, schedule, next_run_at, created_at, updated_at)
       select gen_random_uuid()::text, $1, 'Export ' || i, 'segment', null, '[]', '{}', '{}',
              '{"kind":"custom","enabled":true,"schedule":{"recurrence":{"frequency":"hourly"},"startDate":"2026-01-01","startTime":"00:00","timeZone":"UTC"}}',
              $2, now(), now()
       from generate_series(1, $3::int) i`,
      [envId, due, options.exports],
    );
    await fill.end();

    const ticker = app.get(ScheduleTicker);
    const tick: number[] = [];
    const bare: number[] = [];
    for (let round = 0; round < rounds; round++) {
      await clean();
      let started = performance.now();
      const enqueued = await ticker.tick(new Date(due.getTime() + 30_000));
      tick.push(performance.now() - started);
      if (enqueued !== options.exports) throw new Error(`the tick enqueued ${enqueued} occurrences, not ${options.exports}`);
      await clean();
      const jobs = Array.from({ length: options.exports }, (_, i) => ({
        data: { kind: 'schedule', exportId: `export-${i}`, occurrence: due.toISOString() },
        opts: { jobId: `schedule:export-${i}:${due.toISOString()}`, attempts: 1, removeOnComplete: true, removeOnFail: 1000 },
      }));
      started = performance.now();
      await baseline.addBulk(jobs);
      bare.push(performance.now() - started);
    }
    await clean();
    const ratio = median(tick) / median(bare);
    console.log(`Scheduler: ${options.exports.toLocaleString('en-US')} exports due in the same minute (median of ${rounds}):`);
    console.log(`  Bull addBulk baseline ${(median(bare) / 1000).toFixed(2)} s`);
    console.log(`  one scheduler tick    ${(median(tick) / 1000).toFixed(2)} s  (find the due exports, enqueue under deterministic ids)`);
    console.log(`  ratio                 ${ratio.toFixed(2)}× the baseline\n`);
    return {
      measure: `scheduler tick, ${options.exports.toLocaleString('en-US')} exports due at once`,
      outport: `${(median(tick) / 1000).toFixed(2)} s`,
      baseline: `Bull addBulk ${(median(bare) / 1000).toFixed(2)} s`,
      result: ratioText(ratio),
      goal: '≤ 2× (ours)',
      met: ratio <= 2,
    };
  } finally {
    await baseline.close();
    await app.close();
  }
}
