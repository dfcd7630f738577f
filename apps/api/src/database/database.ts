import { Inject, Injectable, type NestMiddleware, type OnApplicationShutdown } from '@nestjs/common';
import { RequestContext } from '@mikro-orm/core';
import { hostname } from 'node:os';
import { backoff, DatabaseUnavailable, isDatabaseUnavailable, pause, type Outage, type WaitOptions } from './availability.js';
import { dialectOf, type Dialect, type Em, type Orm } from './orm.js';

/**
 * How long work that can wait (a run) waits for an unavailable database before giving up its job;
 * the run is then resumed from its checkpoint once the database is back (see RunRecovery).
 */
export const DATABASE_PATIENCE_MS = 120_000;

export const ORM = Symbol('ORM');

/**
 * The way services reach the database: the EntityManager of the current request or job
 * (each has its own identity map), and the dialect for the few places that differ.
 */
@Injectable()
export class Database implements OnApplicationShutdown {
  readonly dialect: Dialect;
  /** The outage this process is in: it found the database unavailable and has not seen it answer since. */
  private outage: { since: number; key: string } | null = null;

  constructor(@Inject(ORM) readonly orm: Orm) {
    this.dialect = dialectOf(orm);
  }

  get em(): Em {
    const em = RequestContext.getEntityManager();
    if (!em) throw new Error('No database context: wrap the work in Database.run()');
    return em as Em;
  }

  /** Runs work in a fresh context (CLI commands, jobs, tests). */
  run<T>(work: () => Promise<T>): Promise<T> {
    return RequestContext.create(this.orm.em, work);
  }

  /**
   * Refreshes PostgreSQL's statistics of a table whose contents just changed wholesale (a segment's
   * members, a run's target state), so page queries are planned as index range scans rather than
   * from counts taken before the change. Autovacuum would get there, minutes later. SQLite plans
   * these queries from the index alone.
   */
  async analyze(table: 'segment_member' | 'export_member_state'): Promise<void> {
    if (this.dialect === 'postgresql') await this.orm.em.fork().getConnection().execute(`analyze ${table}`);
  }

  /**
   * Runs `work`, and again while it fails only because the database is unavailable, until it
   * succeeds or the patience (DATABASE_PATIENCE_MS by default, counted from when this process first
   * found the database down) runs out, then throws DatabaseUnavailable. `work` must be safe to
   * repeat: a statement whose commit was cut off may have been applied.
   */
  async whileUnavailable<T>(work: () => Promise<T>, options: Partial<WaitOptions> = {}): Promise<T> {
    const patienceMs = options.patienceMs ?? DATABASE_PATIENCE_MS;
    let outage: { since: number; key: string } | null = null;
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await work();
        if (outage) {
          this.outage = null;
          await options.onRecovered?.({ ...outage, ms: Date.now() - outage.since });
        }
        return result;
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        // Every waiter in this process shares one outage: its start, and one id for notes about it.
        outage ??= this.outage ??= { since: error instanceof DatabaseUnavailable ? error.since : Date.now(), key: `${hostname()}:${process.pid}:${Date.now()}` };
        if (Date.now() - outage.since >= patienceMs) throw error instanceof DatabaseUnavailable ? error : new DatabaseUnavailable(outage.since, error);
        await pause(backoff(attempt), options.signal);
      }
    }
  }

  /** Whether the database answers a trivial query now. */
  async answers(): Promise<boolean> {
    try {
      await this.orm.em.fork().getConnection().execute('select 1');
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Waits until the database answers again (see whileUnavailable), counting from `since` unless this
   * process saw it go earlier; returns the outage. `probe` is the statement to try (a trivial query
   * by default; a lease holder renews its lease, so it holds it again the moment the database is back).
   */
  async waitUntilAvailable(since: number, probe?: () => Promise<unknown>, patienceMs = DATABASE_PATIENCE_MS): Promise<Outage> {
    const outage = (this.outage ??= { since, key: `${hostname()}:${process.pid}:${since}` });
    await this.whileUnavailable(
      async () => {
        if (probe) await probe();
        else if (!(await this.answers())) throw new DatabaseUnavailable(outage.since, null);
      },
      { patienceMs },
    );
    this.outage = null;
    return { ...outage, ms: Date.now() - outage.since };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.orm.close();
  }
}

/** Gives every HTTP request its own EntityManager. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  constructor(@Inject(ORM) private readonly orm: Orm) {}

  use(_req: unknown, _res: unknown, next: () => void): void {
    RequestContext.create(this.orm.em, next);
  }
}
