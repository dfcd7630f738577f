import { Logger } from '@nestjs/common';
import { DEMO_USERS } from '@outport/demo-data';
import { isTerminalRunStatus, type ConnectionSharing, type ExportSchedule } from '@outport/core';
import type { EnvironmentScope } from '../auth/principal.js';
import { type ConnectionsService } from '../connections/connections.service.js';
import { type Database } from '../database/database.js';
import { Connection, Environment, Export, Run, Segment, User, type IRun } from '../database/entities/index.js';
import type { CreateExportRequest } from '../exports/exports.dto.js';
import { type ExportsService } from '../exports/exports.service.js';
import { type RunsService } from '../runs/runs.service.js';
import type { DemoSandboxes } from './demo-sandboxes.js';

/** Who may use each sandbox's connection: the contributor sees both Edit and View in the Exports list. */
const SHARING: Record<string, 'contributors' | 'contributor' | 'admins'> = {
  mailchimp: 'contributors',
  'data-lake': 'contributors',
  sftp: 'contributor',
  'linkedin-ads': 'admins',
  klaviyo: 'contributors',
};

interface DemoExport {
  connectorId: string;
  body: Omit<CreateExportRequest, 'connectionId' | 'segmentIds'> & { segments?: string[] };
  /** Runs to start (one after the other) so the history is not empty. */
  runs: number;
}

const daily = (time: string, enabled = true): ExportSchedule => ({
  kind: 'custom',
  enabled,
  schedule: { recurrence: { frequency: 'daily', times: [time] }, startDate: '2026-01-01', startTime: time, timeZone: 'Europe/Berlin' },
});
const weekly = (time: string): ExportSchedule => ({
  kind: 'custom',
  enabled: true,
  schedule: { recurrence: { frequency: 'weekly', days: ['mon'], time }, startDate: '2026-01-01', startTime: time, timeZone: 'Europe/Berlin' },
});

const PEOPLE = { email: 'email', firstName: 'firstName', lastName: 'lastName' };

const PLAN: Record<string, DemoExport[]> = {
  'consumer-brand': [
    {
      connectorId: 'mailchimp',
      body: { name: 'Newsletter: French subscribers', type: 'segment', segments: ['French newsletter subscribers'], mapping: { ...PEOPLE, phone: 'phone' } },
      runs: 2,
    },
    { connectorId: 'data-lake', body: { name: 'Customers to the data lake', type: 'data-out', tableIds: ['Customer', 'Store'], schedule: daily('03:00') }, runs: 1 },
    { connectorId: 'linkedin-ads', body: { name: 'VIP customers on LinkedIn', type: 'segment', audienceKind: 'contact', segments: ['VIP customers'], mapping: { ...PEOPLE, country: 'country' }, schedule: weekly('06:00') }, runs: 1 },
    { connectorId: 'sftp', body: { name: 'Lapsed buyers file drop', type: 'segment', segments: ['Lapsed buyers'], mapping: { key: 'customerId', ...PEOPLE }, schedule: daily('07:00', false) }, runs: 1 },
  ],
  'industrial-supplier': [
    { connectorId: 'mailchimp', body: { name: 'Decision makers newsletter', type: 'segment', segments: ['Decision makers'], mapping: PEOPLE }, runs: 1 },
    {
      connectorId: 'linkedin-ads',
      body: {
        name: 'Key accounts on LinkedIn',
        type: 'segment',
        audienceKind: 'company',
        segments: ['Key manufacturing accounts'],
        mapping: { companyName: 'name', companyWebsite: 'website', emailDomain: 'domain', linkedinPageUrl: 'linkedinUrl' },
        schedule: weekly('06:30'),
      },
      runs: 1,
    },
    { connectorId: 'data-lake', body: { name: 'Accounts and contacts to the data lake', type: 'data-out', tableIds: ['Account', 'Contact'], schedule: daily('03:00') }, runs: 1 },
    { connectorId: 'sftp', body: { name: 'Buyers file drop', type: 'segment', segments: ['Recently active buyers'], mapping: { key: 'contactId', ...PEOPLE }, schedule: daily('07:00', false) }, runs: 0 },
  ],
};

/**
 * Connections from each demo environment to the running sandboxes, and a few exports on them with
 * some run history, created through the same services the API uses (settings validated, each
 * connection tested live). A newcomer finds working exports and can build their own at once.
 */
export class DemoExports {
  private readonly logger = new Logger('Demo');

  constructor(
    private readonly db: Database,
    private readonly sandboxes: DemoSandboxes,
    private readonly connections: ConnectionsService,
    private readonly exports: ExportsService,
    private readonly runs: RunsService,
  ) {}

  /** Environments that have no connection yet get the sandbox connections and the demo exports. */
  async load(): Promise<void> {
    if (!this.sandboxes.list().length) return;
    const admin = await this.db.em.findOne(User, { email: DEMO_USERS.find((u) => u.role === 'admin')!.email });
    const contributor = await this.db.em.findOne(User, { email: DEMO_USERS.find((u) => u.role === 'contributor')!.email });
    if (!admin) return;
    const started: { run: IRun; repeats: number }[] = [];
    for (const environment of await this.db.em.find(Environment, {}, { orderBy: { slug: 'asc' } })) {
      if (await this.db.em.count(Connection, { environment: environment.id })) continue;
      const scope: EnvironmentScope = {
        environment: { id: environment.id, slug: environment.slug, name: environment.name, kind: environment.kind },
        principal: { kind: 'user', userId: admin.id, email: admin.email, name: admin.name, sessionTokenHash: '' },
        actor: { userId: admin.id, role: 'admin' },
      };
      const connectionIds = new Map<string, string>();
      for (const { connectorId, sandbox } of this.sandboxes.list()) {
        const mode = SHARING[connectorId] ?? 'admins';
        const sharing: ConnectionSharing = mode === 'contributor' ? (contributor ? { mode: 'users', userIds: [contributor.id] } : { mode: 'admins' }) : { mode };
        const connection = await this.connections.create(scope, { name: sandbox.name, connectorId, settings: sandbox.connection.settings, secrets: sandbox.connection.secrets, sharing });
        connectionIds.set(connectorId, connection.id);
      }
      const segments = await this.db.em.find(Segment, { environment: environment.id });
      for (const plan of PLAN[environment.slug] ?? []) {
        const connectionId = connectionIds.get(plan.connectorId);
        if (!connectionId) continue;
        const { segments: names, ...body } = plan.body;
        const segmentIds = (names ?? []).map((name) => segments.find((s) => s.name === name)?.id).filter((id): id is string => Boolean(id));
        try {
          const exp = await this.exports.create(scope, {
            ...body,
            connectionId,
            options: { ...this.sandboxes.get(plan.connectorId)?.exportOptions, ...body.options },
            ...(body.type === 'segment' ? { segmentIds } : {}),
          });
          if (plan.runs > 0) started.push({ run: await this.runs.start(exp, 'manual'), repeats: plan.runs - 1 });
        } catch (error) {
          this.logger.warn(`${environment.name}: demo export "${body.name}" not created: ${(error as Error).message}`);
        }
      }
      this.logger.log(`${environment.name}: connections to ${this.sandboxes.list().length} sandboxes and their demo exports`);
    }
    await this.settle(started);
  }

  /** Waits for the first runs, then starts the repeats (one run per export at a time), so the history has a trend. */
  private async settle(started: { run: IRun; repeats: number }[]): Promise<void> {
    for (const { run: first, repeats } of started) {
      let run = await this.finished(first.id);
      for (let i = 0; i < repeats && run; i++) {
        const exp = await this.db.em.findOne(Export, { id: run.exportId });
        if (!exp) break;
        run = await this.finished((await this.runs.start(exp, 'manual')).id);
      }
    }
  }

  private async finished(runId: string): Promise<IRun | null> {
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      const run = await this.db.em.fork().findOne(Run, { id: runId });
      if (!run) return null;
      if (isTerminalRunStatus(run.status)) return run;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    this.logger.warn(`Demo run ${runId} did not finish within 3 minutes; it goes on when the server starts`);
    return null;
  }
}
