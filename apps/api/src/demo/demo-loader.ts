import { Logger } from '@nestjs/common';
import { demoEnvironments, DEMO_USERS, type DemoEnvironment } from '@outport/demo-data';
import type { EnvironmentScope } from '../auth/principal.js';
import { hashPassword } from '../auth/password.js';
import { newId } from '../common/ids.js';
import { type Database } from '../database/database.js';
import { Environment, Membership, SystemRefreshSettings, User } from '../database/entities/index.js';
import { type IngestionService } from '../records/ingestion.service.js';
import { type SegmentsService } from '../segments/segments.service.js';
import { type TablesService } from '../tables/tables.service.js';
import { DEFAULT_SYSTEM_REFRESH, type SystemRefreshSchedule } from '@outport/core';
import { nextRefreshRun } from '../schedules/schedule-times.js';

export interface DemoLoadResult {
  created: boolean;
  environments: { slug: string; name: string; records: number; segments: { name: string; members: number }[] }[];
}

/**
 * Loads the demo environments through the same services the API uses (table definitions,
 * streamed ingestion, rule validation, in-database refresh), so the demo exercises the real paths.
 */
const DEMO_NIGHTLY_REFRESH: SystemRefreshSchedule = { enabled: true, frequency: 'daily', days: [], times: ['02:00'], timeZone: 'Europe/Berlin' };

export class DemoLoader {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly db: Database,
    private readonly tables: TablesService,
    private readonly ingestion: IngestionService,
    private readonly segments: SegmentsService,
  ) {}

  async isEmpty(): Promise<boolean> {
    return (await this.db.em.count(Environment, {})) === 0;
  }

  async load(options: { scale?: number } = {}): Promise<DemoLoadResult> {
    const em = this.db.em;
    const users = [];
    for (const demoUser of DEMO_USERS) {
      let user = await em.findOne(User, { email: demoUser.email });
      if (!user) {
        user = em.create(User, { id: newId(), email: demoUser.email, name: demoUser.name, passwordHash: await hashPassword(demoUser.password) });
      }
      users.push({ user, role: demoUser.role });
    }
    await em.flush();
    const admin = users.find((u) => u.role === 'admin')!.user;

    const result: DemoLoadResult = { created: true, environments: [] };
    for (const demo of demoEnvironments({ scale: options.scale ?? 1 })) {
      result.environments.push(await this.loadEnvironment(demo, users, admin));
    }
    return result;
  }

  private async loadEnvironment(
    demo: DemoEnvironment,
    users: { user: { id: string; email: string; name: string }; role: 'admin' | 'contributor' | 'viewer' }[],
    admin: { id: string; email: string; name: string },
  ): Promise<DemoLoadResult['environments'][number]> {
    const em = this.db.em;
    const environment = em.create(Environment, { id: newId(), slug: demo.slug, name: demo.name, kind: demo.kind });
    for (const { user, role } of users) em.create(Membership, { id: newId(), user: user.id, environment: environment.id, role });
    // The B2C demo refreshes every night, so its exports run by themselves; the B2B one is off (the default).
    const schedule = demo.kind === 'individuals' ? DEMO_NIGHTLY_REFRESH : DEFAULT_SYSTEM_REFRESH;
    em.create(SystemRefreshSettings, { environment: environment.id, schedule, nextRunAt: nextRefreshRun(schedule, new Date()) });
    await em.flush();

    const scope: EnvironmentScope = {
      environment: { id: environment.id, slug: environment.slug, name: environment.name, kind: environment.kind },
      principal: { kind: 'user', userId: admin.id, email: admin.email, name: admin.name, sessionTokenHash: '' },
      actor: { userId: admin.id, role: 'admin' },
    };
    let records = 0;
    for (const demoTable of demo.tables) {
      const started = performance.now();
      const table = await this.tables.create(scope, { name: demoTable.name, keyColumn: demoTable.keyColumn, columns: demoTable.columns });
      const columns = demoTable.columns.map((c) => c.name);
      const rows = demoTable.rows();
      const source = (function* () {
        let line = 0;
        for (const values of rows) yield { line: ++line, values };
      })();
      const ingested = await this.ingestion.ingestRecords(table, source, () => columns);
      if (ingested.rejected > 0) this.logger.warn(`${demo.slug}/${demoTable.name}: ${ingested.rejected} demo rows rejected: ${ingested.errors[0]?.message}`);
      records += ingested.recordCount;
      this.logger.log(`${demo.name}: ${demoTable.name} loaded, ${ingested.recordCount.toLocaleString('en-US')} records in ${Math.round(performance.now() - started)} ms`);
    }
    const segments = [];
    for (const demoSegment of demo.segments) {
      const segment = await this.segments.create(scope, demoSegment);
      await this.segments.refresh(segment);
      segments.push({ name: segment.name, members: segment.memberCount });
    }
    return { slug: demo.slug, name: demo.name, records, segments };
  }
}
