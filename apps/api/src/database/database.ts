import { Inject, Injectable, type NestMiddleware, type OnApplicationShutdown } from '@nestjs/common';
import { RequestContext } from '@mikro-orm/core';
import { dialectOf, type Dialect, type Em, type Orm } from './orm.js';

export const ORM = Symbol('ORM');

/**
 * The way services reach the database: the EntityManager of the current request or job
 * (each has its own identity map), and the dialect for the few places that differ.
 */
@Injectable()
export class Database implements OnApplicationShutdown {
  readonly dialect: Dialect;

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
