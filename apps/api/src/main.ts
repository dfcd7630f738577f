import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigError, loadConfig } from './config/config.js';
import { openOrm } from './database/orm.js';
import { RunRecovery } from './runs/run-recovery.js';
import { SystemRefreshService } from './system/system-refresh.service.js';
import { ScheduleTicker } from './schedules/schedule-ticker.js';
import { createApp } from './server.js';
import { DemoSandboxes } from './demo/demo-sandboxes.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const orm = await openOrm(config.database);
  const pending = await orm.migrator.getPending();
  if (pending.length > 0) {
    await orm.close();
    throw new ConfigError('DATABASE_URL', `points at a database with ${pending.length} pending migration(s); run \`npm run migrate\` first`);
  }
  const app = await createApp(config, orm);
  app.enableShutdownHooks();
  // The demo's connections point at the connectors' sandboxes: they must be up before anything runs.
  await app.get(DemoSandboxes).start();
  await app.listen(config.port, config.host);
  // Every API process ticks; occurrences are enqueued under deterministic ids and fired once.
  app.get(ScheduleTicker).start();
  // Every API process sweeps for runs nothing executes any more (a lost queue, a vanished worker).
  app.get(RunRecovery).start();
  app.get(SystemRefreshService).watchQueue();
  const where = config.database.driver === 'sqlite' ? `SQLite at ${config.database.path}` : 'PostgreSQL';
  new Logger('Outport').log(`Listening on http://localhost:${config.port} (${where})`);
}

main().catch((error: unknown) => {
  // Configuration errors name the variable; print them plainly, without a stack.
  const message = error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${message}\n`);
  process.exit(1);
});
