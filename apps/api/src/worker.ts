import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { ConfigError, loadConfig } from './config/config.js';
import { openOrm } from './database/orm.js';

/**
 * A worker: executes runs from the queue without serving HTTP. Production runs API processes and
 * any number of these, on several machines, against one PostgreSQL and one Redis.
 */
async function main(): Promise<void> {
  const config = { ...loadConfig(), processJobs: true };
  if (!config.redisUrl) throw new ConfigError('REDIS_URL', 'is required for a separate worker (without it the API runs jobs in-process)');
  const orm = await openOrm(config.database);
  if ((await orm.migrator.getPending()).length > 0) {
    await orm.close();
    throw new ConfigError('DATABASE_URL', 'points at a database with pending migrations; run `npm run migrate` first');
  }
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, orm), { logger: ['fatal', 'error', 'warn', 'log'] });
  app.enableShutdownHooks();
  new Logger('Worker').log(`Worker ${process.pid} is taking runs (concurrency ${config.workerConcurrency})`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
