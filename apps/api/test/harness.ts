import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import { DEMO_USERS } from '@outport/demo-data';
import { loadConfig, type Config } from '../src/config/config.js';
import { Database } from '../src/database/database.js';
import { migrate, openOrm, type Orm } from '../src/database/orm.js';
import { DemoLoader } from '../src/demo/demo-loader.js';
import { IngestionService } from '../src/records/ingestion.service.js';
import { SegmentsService } from '../src/segments/segments.service.js';
import { TablesService } from '../src/tables/tables.service.js';
import { createApp } from '../src/server.js';

export interface DatabaseTarget {
  name: 'sqlite' | 'postgresql';
  /** Creates an empty database and returns its URL (sqlite: a file) and a way to drop it. */
  create(dir: string): Promise<{ url: string; drop: () => Promise<void> }>;
}

const sqlite: DatabaseTarget = {
  name: 'sqlite',
  create: (dir) =>
    Promise.resolve({ url: `sqlite:${join(dir, 'outport.sqlite')}`, drop: () => Promise.resolve() }),
};

/** Fresh databases on the PostgreSQL server at `serverUrl` (the shared one, or a private one a test started). */
export function postgresql(serverUrl: string): DatabaseTarget {
  return {
    name: 'postgresql',
    async create() {
      const name = `outport_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`create database ${name}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return {
        url: url.toString(),
        async drop() {
          const client = new pg.Client({ connectionString: serverUrl });
          await client.connect();
          await client.query(`drop database if exists ${name} with (force)`);
          await client.end();
        },
      };
    },
  };
}

/**
 * SQLite always; PostgreSQL when DATABASE_URL is set. Under CI the PostgreSQL suite is mandatory,
 * so a missing DATABASE_URL fails instead of silently shrinking the run.
 */
export function databaseTargets(): DatabaseTarget[] {
  const url = process.env.DATABASE_URL;
  if (!url && process.env.CI === 'true')
    throw new Error('CI=true but DATABASE_URL is not set: the PostgreSQL suite must run in CI.');
  return url && !url.startsWith('sqlite:') ? [sqlite, postgresql(url)] : [sqlite];
}

export interface TestApi {
  url: string;
  config: Config;
  orm: Orm;
  app: NestExpressApplication;
  db: Database;
  close(): Promise<void>;
  /** Loads the demo environments and users at a small scale. */
  loadDemo(scale?: number): Promise<void>;
}

export async function startApi(target: DatabaseTarget, env: Record<string, string> = {}): Promise<TestApi> {
  const dir = mkdtempSync(join(tmpdir(), 'outport-test-'));
  const database = await target.create(dir);
  // Sandboxes listen on loopback, which the outbound-address policy refuses unless allowed.
  const config = loadConfig({
    OUTPORT_DATA_DIR: dir,
    DATABASE_URL: database.url,
    LOG_LEVEL: 'error',
    PORT: '0',
    OUTPORT_ALLOW_PRIVATE_TARGETS: 'true',
    ...env,
  });
  const orm = await openOrm(config.database);
  await migrate(orm);
  const app = await createApp(config, orm);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const db = app.get(Database);
  return {
    url: `http://127.0.0.1:${address.port}`,
    config,
    orm,
    app,
    db,
    async loadDemo(scale = 0.02) {
      await db.run(async () => {
        await new DemoLoader(
          db,
          app.get(TablesService),
          app.get(IngestionService),
          app.get(SegmentsService),
        ).load({ scale });
      });
    },
    async close() {
      await app.close();
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A tiny HTTP client that keeps the session cookie and, like the console in a browser, sends its
 * own origin (`origin: null` sends none, a string sends that one instead).
 */
export class Session {
  private cookie = '';

  constructor(
    readonly baseUrl: string,
    private readonly apiKey?: string,
    readonly origin: string | null = baseUrl,
  ) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
    extraHeaders: Record<string, string> = {},
  ): Promise<{ status: number; type: string; body: any; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.origin && !this.apiKey) headers.origin = this.origin;
    Object.assign(headers, extraHeaders);
    if (this.apiKey) headers.authorization = `Bearer ${this.apiKey}`;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = contentType;
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, { method, headers, body: payload });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0]!;
    const text = await res.text();
    const type = res.headers.get('content-type') ?? '';
    return {
      status: res.status,
      type,
      body: text && /json/.test(type) ? JSON.parse(text) : text || null,
      headers: res.headers,
    };
  }

  /** Shares this session's cookie with another origin, as a browser would on a foreign site's form post. */
  from(origin: string | null): Session {
    const other = new Session(this.baseUrl, this.apiKey, origin);
    other.cookie = this.cookie;
    return other;
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, body?: unknown, contentType?: string) =>
    this.request('POST', path, body, contentType);
  patch = (path: string, body?: unknown) => this.request('PATCH', path, body);
  delete = (path: string) => this.request('DELETE', path);

  async login(email: string, password: string) {
    return this.post('/auth/login', { email, password });
  }
}

/** A session logged in as the demo user with this role. */
export async function loginAs(baseUrl: string, role: 'admin' | 'contributor' | 'viewer'): Promise<Session> {
  const user = DEMO_USERS.find((u) => u.role === role)!;
  const session = new Session(baseUrl);
  const res = await session.login(user.email, user.password);
  if (res.status !== 200) throw new Error(`login as ${role} failed: ${res.status}`);
  return session;
}

/** Polls a run until it has ended (any status but queued, waiting, running or failed_retrying) and returns it. */
export async function waitForRun(s: Session, env: string, runId: string, timeoutMs = 60_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const run = (await s.get(`${env}/runs/${runId}`)).body;
    if (!['queued', 'waiting', 'running', 'failed_retrying'].includes(run.status)) return run;
    if (Date.now() > until) throw new Error(`run ${runId} still ${run.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls `probe` every 50 ms until it gives something truthy, and returns it; fails naming `what` after `timeoutMs`. */
export async function until<T>(
  what: string,
  probe: () => T | Promise<T>,
  timeoutMs = 30_000,
): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A Mailchimp export of every opted-in customer, on a connection of its own; returns its id and the
 * segment's size. `label` tells several of them apart in one environment.
 */
export async function mailchimpExport(
  s: Session,
  mailchimp: { url: string; apiKey: string; listId: string },
  setup: { label?: string; allowDuplicateTargets?: boolean } = {},
): Promise<{ exportId: string; members: number }> {
  const connection = await s.post(`/environments/consumer-brand/connections`, {
    name: setup.label ? `Mailchimp (${setup.label})` : 'Mailchimp',
    connectorId: 'mailchimp',
    settings: { apiBaseUrl: mailchimp.url },
    secrets: { apiKey: mailchimp.apiKey },
  });
  const segment = (await s.get(`/environments/consumer-brand/segments?limit=100`)).body.items.find(
    (x: { name: string }) => x.name === 'All opted-in customers',
  );
  const exp = await s.post(`/environments/consumer-brand/exports`, {
    name: setup.label ? `Everyone, ${setup.label}` : 'Everyone',
    type: 'segment',
    connectionId: connection.body.id,
    segmentIds: [segment.id],
    mapping: { email: 'email', firstName: 'firstName' },
    options: { audienceId: mailchimp.listId },
    ...(setup.allowDuplicateTargets ? { allowDuplicateTargets: true } : {}),
  });
  return { exportId: exp.body.id, members: segment.memberCount };
}
