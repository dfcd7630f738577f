import 'reflect-metadata';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_USERS } from '@outport/demo-data';
import { ConfigError, loadConfig, type Config } from './config/config.js';
import { Database } from './database/database.js';
import { migrate, openOrm } from './database/orm.js';
import { DemoLoader } from './demo/demo-loader.js';
import { DemoExports } from './demo/demo-exports.js';
import { DemoSandboxes } from './demo/demo-sandboxes.js';
import { ConnectionsService } from './connections/connections.service.js';
import { ExportsService } from './exports/exports.service.js';
import { RunsService } from './runs/runs.service.js';
import { IngestionService } from './records/ingestion.service.js';
import { SegmentsService } from './segments/segments.service.js';
import { TablesService } from './tables/tables.service.js';
import { createApp, openApiDocument } from './server.js';
import { stableJson } from './common/stable-json.js';

const apiRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const OPENAPI_FILE = join(apiRoot, 'openapi.json');

const USAGE = `Usage: outport <command>
  migrate                 apply pending database migrations
  migration:create        generate a migration from entity changes (for the configured database)
  demo [--if-empty]       load the demo environments and users
  openapi [--check]       write apps/api/openapi.json (or fail when it is stale)`;

async function withApp<T>(config: Config, work: (get: <S>(type: new (...args: never[]) => S) => S, db: Database) => Promise<T>): Promise<T> {
  const orm = await openOrm(config.database);
  const app = await createApp({ ...config, logLevel: config.logLevel === 'debug' ? 'debug' : 'warn' }, orm);
  await app.init();
  try {
    const db = app.get(Database);
    return await db.run(() => work((type) => app.get(type), db));
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const config = loadConfig();
  switch (command) {
    case 'migrate': {
      const orm = await openOrm(config.database);
      try {
        const applied = await migrate(orm);
        console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}` : 'The database is up to date.');
      } finally {
        await orm.close();
      }
      return;
    }
    case 'migration:create': {
      const orm = await openOrm(config.database);
      try {
        const result = await orm.migrator.create(join(apiRoot, 'src', 'database', 'migrations', config.database.driver));
        console.log(result.fileName ? `Created ${result.fileName}; add it to the index.ts beside it.` : 'No changes: the entities match the migrations.');
      } finally {
        await orm.close();
      }
      return;
    }
    case 'demo': {
      await withApp(config, async (get, db) => {
        const loader = new DemoLoader(db, get(TablesService), get(IngestionService), get(SegmentsService));
        if (!args.includes('--if-empty') || (await loader.isEmpty())) {
          const scale = Number(process.env.OUTPORT_DEMO_SCALE ?? '1');
          const result = await loader.load({ scale });
          for (const env of result.environments) {
            console.log(`${env.name} (${env.slug}): ${env.records.toLocaleString('en-US')} records; segments: ${env.segments.map((s) => `${s.name} ${s.members.toLocaleString('en-US')}`).join(', ')}`);
          }
        }
        // With OUTPORT_DEMO_SANDBOXES=true, environments without connections get the sandbox connections and demo exports.
        const sandboxes = get(DemoSandboxes);
        if (sandboxes.enabled) {
          await sandboxes.start();
          await new DemoExports(db, sandboxes, get(ConnectionsService), get(ExportsService), get(RunsService)).load();
        }
      });
      console.log('\nDemo users (each has its role in both demo environments):');
      for (const user of DEMO_USERS) console.log(`  ${user.role.padEnd(12)} ${user.email.padEnd(28)} password: ${user.password}`);
      return;
    }
    case 'openapi': {
      const orm = await openOrm({ driver: 'sqlite', path: ':memory:' });
      const app = await createApp({ ...config, logLevel: 'error' }, orm);
      const json = stableJson(openApiDocument(app));
      await app.close();
      if (args.includes('--check')) {
        const current = readFileSync(OPENAPI_FILE, 'utf8');
        if (current !== json) throw new Error('apps/api/openapi.json is stale: run `npm run openapi` and commit the result.');
        console.log('openapi.json is up to date.');
      } else {
        mkdirSync(dirname(OPENAPI_FILE), { recursive: true });
        writeFileSync(OPENAPI_FILE, json);
        console.log(`Wrote ${OPENAPI_FILE}`);
      }
      return;
    }
    default:
      console.error(USAGE);
      process.exit(2);
  }
}

main().catch((error: unknown) => {
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
