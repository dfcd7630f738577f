// List benchmark: p95 latency of the API's list endpoints (exports, connections, segments, runs),
// sorted by several columns and searched, through HTTP with an API key, on an environment with 100,
// 1,000 and 10,000 exports (and as many segments and runs), on SQLite and on PostgreSQL.
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@outport/api/config/config';
import { createApp } from '@outport/api/server';
import { migrate, openOrm, type Orm } from '@outport/api/database/orm';
import { newToken, sha256 } from '@outport/api/common/ids';
import pg from 'pg';
import type { SummaryRow } from './summary.js';

const REQUESTS = 40;
const GOAL_MS = 50;

interface Target {
  name: 'sqlite' | 'postgresql';
  url: (dir: string) => Promise<{ url: string; drop: () => Promise<void> }>;
}

/** Rows for one environment, inserted with plain SQL (fast, and independent of the services under test). */
async function fill(orm: Orm, sqlite: boolean, size: number): Promise<string> {
  const em = orm.em.fork();
  const run = (sql: string, params: unknown[] = []) => em.getConnection().execute(sql, params);
  const t = (d: Date) => (sqlite ? d.getTime() : d.toISOString());
  const now = new Date();
  const env = `bench-${size}`;
  await run(`insert into environment (id, slug, name, kind, created_at) values (?, ?, ?, 'individuals', ?)`, [env, env, `Bench ${size}`, t(now)]);
  await run(
    `insert into data_table (id, environment_id, name, physical_name, key_column, columns, record_count, created_at, updated_at) values (?, ?, 'Customer', ?, 'id', '[{"name":"id","type":"string"},{"name":"email","type":"email"}]', 0, ?, ?)`,
    [`${env}-t`, env, `t_${size}`, t(now), t(now)],
  );
  const connections = 20;
  const sharing = ['{"mode":"admins"}', '{"mode":"contributors"}'];
  for (let i = 0; i < connections; i++) {
    await run(`insert into connection (id, environment_id, connector_id, name, settings, secret_keys, sharing, created_at, updated_at) values (?, ?, ?, ?, '{}', '[]', ?, ?, ?)`, [
      `${env}-c${i}`,
      env,
      i % 2 ? 'mailchimp' : 'data-lake',
      `Connection ${i}`,
      sharing[i % 2],
      t(now),
      t(now),
    ]);
  }
  const statuses = ['succeeded', 'failed', 'succeeded_with_warnings', 'running', null];
  const batch = async (count: number, make: (i: number) => unknown[], sql: string, width: number) => {
    for (let start = 0; start < count; start += 200) {
      const n = Math.min(200, count - start);
      const params = Array.from({ length: n }, (_, k) => make(start + k)).flat();
      await run(sql + Array.from({ length: n }, () => `(${Array.from({ length: width }, () => '?').join(', ')})`).join(', '), params);
    }
  };
  await batch(
    size,
    (i) => [`${env}-s${i}`, env, `Segment ${String(i).padStart(5, '0')}`, 'profile', `${env}-t`, '{"kind":"group","combinator":"and","rules":[]}', i % 5000, 'succeeded', t(new Date(now.getTime() - i * 1000)), t(now), t(now)],
    `insert into segment (id, environment_id, name, type, base_table_id, rule, member_count, refresh_status, last_refreshed_at, created_at, updated_at) values `,
    11,
  );
  await batch(
    size,
    (i) => [
      `${env}-e${i}`,
      env,
      `Export ${String((i * 7919) % size).padStart(5, '0')}`,
      'segment',
      i % 10 === 0 ? null : `${env}-c${i % connections}`,
      JSON.stringify([`${env}-s${i}`]),
      '{}',
      '{}',
      '{"kind":"system-refresh"}',
      'With system refresh',
      sqlite ? 1 : true,
      statuses[i % statuses.length],
      i % 3 === 0 ? null : t(new Date(now.getTime() - i * 60_000)),
      t(now),
      t(new Date(now.getTime() - i * 1000)),
      `user${i % 17}@example.com`,
    ],
    `insert into export (id, environment_id, name, type, connection_id, items, mapping, options, schedule, schedule_text, runs_with_refresh, last_run_status, last_refreshed_at, created_at, updated_at, updated_by) values `,
    16,
  );
  await batch(
    size,
    (i) => [`${env}-r${i}`, env, `${env}-e${i}`, 'manual', 'succeeded', 1, sqlite ? 0 : false, sqlite ? 0 : false, sqlite ? 0 : false, t(new Date(now.getTime() - i * 1000)), t(now)],
    `insert into run (id, environment_id, export_id, trigger, status, attempt, dry_run, full_resync, cancel_requested, created_at, finished_at) values `,
    11,
  );
  const key = `opk_${newToken()}`;
  await run(`insert into api_key (id, environment_id, name, role, prefix, key_hash, created_at) values (?, ?, 'bench', 'contributor', ?, ?, ?)`, [`${env}-k`, env, key.slice(0, 12), sha256(key), t(now)]);
  if (!sqlite) for (const table of ['export', 'run', 'segment', 'connection']) await run(`analyze ${table}`);
  return key;
}

const p95 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;

export async function listBench(options: { postgresUrl: string; sizes?: number[] }): Promise<SummaryRow[]> {
  const sizes = options.sizes ?? [100, 1_000, 10_000];
  const targets: Target[] = [
    { name: 'sqlite', url: (dir) => Promise.resolve({ url: `sqlite:${join(dir, 'bench.sqlite')}`, drop: () => Promise.resolve() }) },
    {
      name: 'postgresql',
      async url() {
        const name = `outport_listbench_${process.pid}`;
        const admin = new pg.Client({ connectionString: options.postgresUrl });
        await admin.connect();
        await admin.query(`drop database if exists ${name} with (force)`);
        await admin.query(`create database ${name}`);
        await admin.end();
        const url = new URL(options.postgresUrl);
        url.pathname = `/${name}`;
        return {
          url: url.toString(),
          drop: async () => {
            const c = new pg.Client({ connectionString: options.postgresUrl });
            await c.connect();
            await c.query(`drop database if exists ${name} with (force)`);
            await c.end();
          },
        };
      },
    },
  ];
  console.log(`Lists: p95 of ${REQUESTS} requests per list (sorted by several columns, and searched), as a contributor with an API key; goal < ${GOAL_MS} ms`);
  const rows: string[] = [];
  const summary: SummaryRow[] = [];
  for (const target of targets) {
    const dir = mkdtempSync(join(tmpdir(), 'outport-listbench-'));
    const database = await target.url(dir);
    const config = { ...loadConfig({ ...process.env, DATABASE_URL: database.url, OUTPORT_DATA_DIR: dir, LOG_LEVEL: 'error', REDIS_URL: '' }), redisUrl: null, processJobs: false };
    const orm = await openOrm(config.database);
    await migrate(orm);
    const app = await createApp(config, orm);
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}/api/v1`;
    try {
      for (const size of sizes) {
        const key = await fill(orm, target.name === 'sqlite', size);
        const env = `${base}/environments/bench-${size}`;
        const lists: Record<string, string[]> = {
          exports: ['sort=name', 'sort=status&order=desc', 'sort=lastRefreshedAt', 'sort=connectionName', 'sort=permission', 'sort=nextRunAt', 'sort=updatedBy&order=desc', 'q=0042', 'q=connection%207&sort=updatedAt'],
          connections: ['sort=name', 'q=connection%201'],
          segments: ['sort=name', 'sort=memberCount&order=desc', 'sort=lastRefreshedAt', 'q=00042'],
          runs: ['', 'sort=finishedAt&order=desc', 'sort=status'],
        };
        const cells: string[] = [];
        let worst = { list: '', ms: 0 };
        for (const [list, queries] of Object.entries(lists)) {
          const times: number[] = [];
          for (let i = 0; i < REQUESTS; i++) {
            const query = queries[i % queries.length];
            const started = performance.now();
            const res = await fetch(`${env}/${list}?limit=50&offset=${i % 3 === 0 ? 0 : Math.floor(size / 2)}&${query}`, { headers: { authorization: `Bearer ${key}` } });
            await res.arrayBuffer();
            times.push(performance.now() - started);
            if (res.status !== 200) throw new Error(`${list}?${query}: ${res.status}`);
          }
          const value = p95(times);
          if (value > worst.ms) worst = { list, ms: value };
          cells.push(`${list} ${value.toFixed(1)} ms${value < GOAL_MS ? '' : ' (over goal)'}`);
        }
        rows.push(`  ${target.name.padEnd(10)} ${size.toLocaleString('en-US').padStart(6)} exports: ${cells.join(', ')}`);
        summary.push({
          measure: `lists p95, ${size.toLocaleString('en-US')} exports, ${target.name === 'sqlite' ? 'SQLite' : 'PostgreSQL'}`,
          outport: `slowest: ${worst.list} ${worst.ms.toFixed(1)} ms`,
          baseline: '(fixed goal)',
          result: `${worst.ms.toFixed(1)} ms`,
          goal: `< ${GOAL_MS} ms`,
          met: worst.ms < GOAL_MS,
        });
      }
    } finally {
      await app.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`${rows.join('\n')}\n`);
  return summary;
}
