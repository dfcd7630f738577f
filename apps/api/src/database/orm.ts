import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { SqliteDriver } from '@mikro-orm/sqlite';
import type { Config } from '../config/config.js';
import { ExportStatusMirror } from '../runs/export-status-mirror.js';
import { ENTITIES } from './entities/index.js';
import { postgresqlMigrations } from './migrations/postgresql/index.js';
import { sqliteMigrations } from './migrations/sqlite/index.js';

export type Dialect = 'sqlite' | 'postgresql';
export type Orm = MikroORM;
export type Em = SqlEntityManager;

/** The ORM configuration for the configured database; the same entities, one migration set per dialect. */
// Migrations run silently: `migrate` reports what it applied in one line (the CLI prints it), and
// test suites that migrate dozens of databases stay readable.
export function ormOptions(database: Config['database'], debug = false): Partial<Options> {
  const common = {
    entities: ENTITIES,
    extensions: [Migrator],
    debug,
    // Every request and job forks its own EntityManager; the global one must never be used by mistake.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    subscribers: [new ExportStatusMirror()],
  } satisfies Partial<Options>;
  if (database.driver === 'sqlite') {
    if (database.path !== ':memory:') mkdirSync(dirname(database.path), { recursive: true });
    return {
      ...common,
      driver: SqliteDriver,
      dbName: database.path,
      migrations: { migrationsList: sqliteMigrations, path: 'src/database/migrations/sqlite', transactional: true, snapshot: false, silent: true },
    };
  }
  return {
    ...common,
    driver: PostgreSqlDriver,
    clientUrl: database.url,
    migrations: { migrationsList: postgresqlMigrations, path: 'src/database/migrations/postgresql', transactional: true, snapshot: false, silent: true },
  };
}

export async function openOrm(database: Config['database'], debug = false): Promise<Orm> {
  const orm = await MikroORM.init(ormOptions(database, debug));
  if (database.driver === 'sqlite') {
    // WAL lets readers (the console, exports) proceed while a refresh or an ingestion writes.
    const em = orm.em.fork() as Em;
    await em.execute('pragma journal_mode = wal');
    await em.execute('pragma foreign_keys = on');
    await em.execute('pragma busy_timeout = 5000');
  }
  return orm;
}

export function dialectOf(orm: Orm): Dialect {
  return orm.config.get('driver') === PostgreSqlDriver ? 'postgresql' : 'sqlite';
}

export async function migrate(orm: Orm): Promise<string[]> {
  const applied = await orm.migrator.up();
  return applied.map((m) => m.name);
}
