import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stableJson } from '../src/common/stable-json.js';
import { loadConfig } from '../src/config/config.js';
import { migrate, openOrm } from '../src/database/orm.js';
import { createApp, openApiDocument } from '../src/server.js';
import { databaseTargets } from './harness.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

describe.each(databaseTargets())('migrations on $name', (target) => {
  it('create exactly the schema the entities describe, and are idempotent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outport-migrations-'));
    const database = await target.create(dir);
    const orm = await openOrm(loadConfig({ OUTPORT_DATA_DIR: dir, DATABASE_URL: database.url }).database);
    try {
      expect((await migrate(orm)).length).toBeGreaterThan(0);
      expect(await migrate(orm)).toEqual([]);
      // Nothing left to change: the checked-in migrations match the entities on this database.
      expect((await orm.schema.getUpdateSchemaSQL({ wrap: false })).trim()).toBe('');
    } finally {
      await orm.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(databaseTargets())('upgrading a database with data on $name', (target) => {
  it('keeps every row through all later migrations, and fills the columns they add', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outport-upgrade-'));
    const database = await target.create(dir);
    const orm = await openOrm(loadConfig({ OUTPORT_DATA_DIR: dir, DATABASE_URL: database.url }).database);
    try {
      // The first schema, with data in it, as an installation of the first release would have it.
      const [first] = await orm.migrator.getPending();
      await orm.migrator.up({ to: first!.name });
      const em = orm.em.fork();
      const sqlite = target.name === 'sqlite';
      const t = (iso: string) => (sqlite ? new Date(iso).getTime() : iso);
      const f = sqlite ? 0 : false;
      const run = (sql: string, params: unknown[] = []) => em.getConnection().execute(sql, params);
      await run(`insert into environment (id, slug, name, kind, created_at) values ('env', 'env', 'Env', 'individuals', ?)`, [t('2026-01-01')]);
      await run(`insert into data_table (id, environment_id, name, physical_name, key_column, columns, record_count, created_at, updated_at) values ('tbl', 'env', 'Customer', 't_customer', 'id', '[]', 0, ?, ?)`, [t('2026-01-01'), t('2026-01-01')]);
      await run(
        `insert into segment (id, environment_id, name, type, base_table_id, rule, member_count, refresh_status, created_at, updated_at) values ('seg', 'env', 'All', 'profile', 'tbl', '{"kind":"group","combinator":"and","rules":[]}', 3, 'succeeded', ?, ?)`,
        [t('2026-01-01'), t('2026-01-01')],
      );
      for (const key of ['a', 'b', 'c']) await run(`insert into segment_member (segment_id, member_key) values ('seg', ?)`, [key]);
      await run(
        `insert into export (id, environment_id, name, type, connection_id, items, mapping, options, schedule, created_at, updated_at) values ('exp', 'env', 'Newsletter', 'segment', null, '["seg"]', '{}', '{}', '{"kind":"custom","enabled":true,"schedule":{"recurrence":{"frequency":"daily","times":["06:00"]},"startDate":"2026-01-01","startTime":"06:00","timeZone":"UTC"}}', ?, ?)`,
        [t('2026-01-01'), t('2026-01-01')],
      );
      await run(`insert into run (id, environment_id, export_id, trigger, status, attempt, dry_run, created_at, finished_at) values ('r1', 'env', 'exp', 'manual', 'succeeded', 1, ?, ?, ?)`, [f, t('2026-02-01'), t('2026-02-01T00:05:00Z')]);
      await run(`insert into run (id, environment_id, export_id, trigger, status, attempt, dry_run, created_at, finished_at) values ('r2', 'env', 'exp', 'manual', 'failed', 1, ?, ?, ?)`, [f, t('2026-03-01'), t('2026-03-01T00:05:00Z')]);

      expect((await migrate(orm)).length).toBeGreaterThan(0);
      const count = async (table: string) => Number((await run(`select count(*) as n from ${table}`))[0]!.n);
      expect(await count('segment_member')).toBe(3);
      expect(await count('run')).toBe(2);
      const [exp] = await run(`select schedule_text, last_run_status, last_refreshed_at from export where id = 'exp'`);
      expect(exp).toMatchObject({ schedule_text: 'Daily at 06:00 (UTC)', last_run_status: 'failed' });
      expect(new Date(exp!.last_refreshed_at as string | number).toISOString()).toBe('2026-02-01T00:05:00.000Z');
    } finally {
      await orm.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('OpenAPI document', () => {
  it('is checked in and matches the code (run `npm run openapi` when this fails)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'outport-openapi-'));
    const orm = await openOrm({ driver: 'sqlite', path: ':memory:' });
    const app = await createApp(loadConfig({ OUTPORT_DATA_DIR: dir, LOG_LEVEL: 'error' }), orm);
    const generated = stableJson(openApiDocument(app));
    await app.close();
    rmSync(dir, { recursive: true, force: true });
    const checkedIn = readFileSync(join(import.meta.dirname, '..', 'openapi.json'), 'utf8');
    expect(generated === checkedIn).toBe(true);
  });
});

describe('the OpenAPI contract', () => {
  it("passes Redocly's recommended rules with no error and no warning (redocly.yaml)", () => {
    const cli = join(dirname(createRequire(import.meta.url).resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
    const apiRoot = join(import.meta.dirname, '..');
    let output: string;
    try {
      output = execFileSync(process.execPath, [cli, 'lint', 'openapi.json', '--format=json'], {
        cwd: apiRoot,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      });
    } catch (error) {
      // redocly exits 1 when it finds errors; its report is still on stdout.
      output = (error as { stdout?: string }).stdout ?? String(error);
    }
    const report = JSON.parse(output) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string; location: { pointer: string }[] }[] };
    const problems = report.problems.map((p) => `${p.ruleId}: ${p.message} (${p.location[0]?.pointer ?? ''})`);
    expect(problems).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it('documents the problems every operation can answer, and who may call it', () => {
    const doc = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'openapi.json'), 'utf8')) as {
      security: unknown[];
      components: { securitySchemes: Record<string, { bearerFormat?: string }> };
      paths: Record<string, Record<string, { operationId: string; summary?: string; security?: unknown[]; responses: Record<string, unknown> }>>;
    };
    expect(doc.components.securitySchemes.bearer!.bearerFormat).toBeUndefined();
    expect(doc.security).toEqual([{ bearer: [] }, { cookie: [] }]);
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
    const publicOps = operations.filter((op) => op.security?.length === 0).map((op) => op.operationId);
    expect(publicOps.sort()).toEqual(['getHealth', 'login']);
    for (const op of operations) {
      expect(op.summary, op.operationId).toBeTruthy();
      expect(op.responses['400'], op.operationId).toBeDefined();
      if (!publicOps.includes(op.operationId)) expect(op.responses['401'], op.operationId).toBeDefined();
    }
    // Every change can be refused as cross-site when it comes with the console's session, login and logout too.
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(item))
        if (method !== 'get') expect(op.responses['403'], `${method} ${path}`).toBeDefined();
    const byId = new Map(operations.map((op) => [op.operationId, op]));
    for (const id of ['runExport', 'runAllExports', 'cancelRun', 'startSystemRefresh', 'cancelSystemRefresh']) {
      expect(Object.keys(byId.get(id)!.responses).filter((s) => s.startsWith('2')), id).toEqual(['202']);
    }
  });
});
