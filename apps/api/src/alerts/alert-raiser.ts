import { Inject, Injectable, Logger } from '@nestjs/common';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { runAlertEvent, type AlertEvent } from '@outport/core';
import { newId } from '../common/ids.js';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { CredentialEvents, type CredentialRefusal } from '../connections/credential-events.js';
import { Database } from '../database/database.js';
import {
  Alert,
  AlertChannel,
  AlertDelivery,
  Connection,
  Environment,
  Export,
  Run,
  RunTask,
  type IRefreshProcess,
  type IRun,
  type ISystemRefreshRun,
} from '../database/entities/index.js';
import { JOB_QUEUE, type JobQueue } from '../runs/queue/job-queue.js';
import { RunEvents } from '../runs/run-events.js';
import { addCounts, EMPTY_COUNTS } from '../runs/run-ledger.js';
import { SystemRefreshService } from '../system/system-refresh.service.js';
import { consoleBase, consoleLinks, scrubContactDetails as scrub, type AlertFacts } from './alert-facts.js';
import { deliveryJobId } from './alert-deliverer.js';

/** A connection whose credentials were refused raises at most one alert in this long, however often its runs fail. */
export const CREDENTIALS_ALERT_INTERVAL_MS = 60 * 60_000;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Turns what happened (a run ended, a system refresh ended, a target refused credentials) into
 * alerts: it writes down the facts once (a unique key per happening, so two processes or a repeated
 * event never raise it twice) and queues one delivery per enabled channel that wants the event.
 * It listens where runs, refreshes and connection tests report; it changes none of them.
 */
@Injectable()
export class AlertRaiser {
  private readonly logger = new Logger('Alerts');
  private readonly base: string;

  constructor(
    private readonly db: Database,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CONFIG) config: Config,
    runs: RunEvents,
    refreshes: SystemRefreshService,
    credentials: CredentialEvents,
  ) {
    this.base = consoleBase(config.publicUrl, config.port);
    runs.onFinished((run) => this.runFinished(run));
    refreshes.onFinished((refresh, processes) => this.db.run(() => this.refreshFinished(refresh, processes)));
    credentials.onRefused((refusal) => this.credentialsRefused(refusal));
  }

  async runFinished(run: IRun): Promise<void> {
    const event = runAlertEvent(run);
    if (!event || !(await this.wanted(run.environment, event))) return;
    const em = this.db.em;
    const environment = await em.findOneOrFail(Environment, { id: run.environment });
    const exp = await em.findOne(Export, { id: run.exportId });
    const connection = exp?.connection ? await em.findOne(Connection, { id: exp.connection }) : null;
    const tasks = await em.find(RunTask, { run: run.id }, { orderBy: { position: 'asc' } });
    const items = tasks.filter((t) => t.kind === 'segment' || t.kind === 'table');
    const counts = items.reduce((sum, t) => addCounts(sum, t.counts), { ...EMPTY_COUNTS });
    const exportName = exp?.name ?? '(removed export)';
    const failed = event === 'run.failed';
    const warnings = [counts.rejected ? `${plural(counts.rejected, 'record')} rejected` : '', counts.skipped ? `${plural(counts.skipped, 'member')} skipped` : '', ...items.filter((t) => t.status === 'skipped').map((t) => `"${t.label}" skipped`)].filter(Boolean);
    const facts: AlertFacts = {
      event,
      occurredAt: (run.finishedAt ?? new Date()).toISOString(),
      title: failed ? `Export "${exportName}" failed in ${environment.name}` : `Export "${exportName}" succeeded with warnings in ${environment.name}`,
      summary: failed
        ? `The run of "${exportName}" failed for good after ${plural(run.attempt, 'attempt')}; it will not be retried.`
        : `The run of "${exportName}" finished, with warnings: ${warnings.join(', ') || 'see the run'}.`,
      environment: { slug: environment.slug, name: environment.name },
      export: exp ? { id: exp.id, name: exp.name } : null,
      connection: connection ? { id: connection.id, name: connection.name, connector: connection.connectorId } : null,
      run: {
        id: run.id,
        status: run.status,
        trigger: run.trigger,
        attempt: run.attempt,
        startedAt: run.startedAt?.toISOString() ?? null,
        finishedAt: run.finishedAt?.toISOString() ?? null,
        counts: { sent: counts.sent, accepted: counts.accepted, rejected: counts.rejected, skipped: counts.skipped },
        items: tasks
          .filter((t) => t.status === 'failed' || ((t.kind === 'segment' || t.kind === 'table') && (t.status !== 'succeeded' || t.counts.rejected > 0)))
          .map((t) => ({ name: t.label, status: t.status, error: scrub(t.error), rejected: t.counts.rejected ?? 0 })),
      },
      refresh: null,
      failure: { status: run.status, error: scrub(run.error) },
      links: { console: consoleLinks.run(this.base, environment.slug, exportName, run.id), api: consoleLinks.runApi(this.base, environment.slug, run.id) },
    };
    await this.raise(run.environment, event, run.id, `${event}:${run.id}`, facts);
  }

  async refreshFinished(refresh: ISystemRefreshRun, processes: IRefreshProcess[]): Promise<void> {
    const event: AlertEvent = 'system_refresh.failed';
    if (refresh.status !== 'failed' || !(await this.wanted(refresh.environment, event))) return;
    const environment = await this.db.em.findOneOrFail(Environment, { id: refresh.environment });
    const failed = processes.filter((p) => p.status !== 'succeeded' && p.status !== 'succeeded_with_warnings');
    const facts: AlertFacts = {
      event,
      occurredAt: (refresh.finishedAt ?? new Date()).toISOString(),
      title: `The system refresh of ${environment.name} failed`,
      summary: `The system refresh of ${environment.name} failed: ${plural(processes.filter((p) => p.status === 'failed').length, 'process', 'processes')} of ${processes.length} failed.`,
      environment: { slug: environment.slug, name: environment.name },
      export: null,
      connection: null,
      run: null,
      refresh: {
        id: refresh.id,
        status: refresh.status,
        trigger: refresh.trigger,
        startedAt: refresh.startedAt?.toISOString() ?? null,
        finishedAt: refresh.finishedAt?.toISOString() ?? null,
        processes: failed.map((p) => ({ kind: p.kind, name: p.label, status: p.status, detail: scrub(p.detail) })),
      },
      failure: { status: refresh.status, error: scrub(refresh.error) },
      links: { console: consoleLinks.refresh(this.base, environment.slug, refresh.id), api: consoleLinks.refreshApi(this.base, environment.slug, refresh.id) },
    };
    await this.raise(refresh.environment, event, refresh.id, `${event}:${refresh.id}`, facts);
  }

  /** At most one alert per connection per CREDENTIALS_ALERT_INTERVAL_MS, so a failing schedule does not flood anyone. */
  async credentialsRefused(refusal: CredentialRefusal): Promise<void> {
    const event: AlertEvent = 'connection.credentials_refused';
    const em = this.db.em;
    const connection = await em.findOne(Connection, { id: refusal.connectionId });
    if (!connection || !(await this.wanted(connection.environment, event))) return;
    const now = new Date();
    if (await em.count(Alert, { event, subjectId: connection.id, createdAt: { $gt: new Date(now.getTime() - CREDENTIALS_ALERT_INTERVAL_MS) } })) return;
    const environment = await em.findOneOrFail(Environment, { id: connection.environment });
    const run = refusal.runId ? await em.findOne(Run, { id: refusal.runId }) : null;
    const exp = run ? await em.findOne(Export, { id: run.exportId }) : null;
    const where = exp ? `in a run of "${exp.name}"` : 'when the connection was tested';
    const facts: AlertFacts = {
      event,
      occurredAt: now.toISOString(),
      title: `The credentials of "${connection.name}" were refused in ${environment.name}`,
      summary: `The target refused the credentials of the connection "${connection.name}" ${where}. Exports through it fail until an admin updates its secrets.`,
      environment: { slug: environment.slug, name: environment.name },
      export: exp ? { id: exp.id, name: exp.name } : null,
      connection: { id: connection.id, name: connection.name, connector: connection.connectorId },
      run: null,
      refresh: null,
      failure: { status: 'credentials_refused', error: scrub(refusal.message) },
      links: {
        console: run && exp ? consoleLinks.run(this.base, environment.slug, exp.name, run.id) : consoleLinks.connection(this.base, environment.slug, connection.id),
        api: run ? consoleLinks.runApi(this.base, environment.slug, run.id) : null,
      },
    };
    // The hour in the key settles two processes that saw the refusal at the same moment.
    await this.raise(connection.environment, event, connection.id, `${event}:${connection.id}:${Math.floor(now.getTime() / CREDENTIALS_ALERT_INTERVAL_MS)}`, facts);
  }

  private async wanted(environmentId: string, event: AlertEvent): Promise<boolean> {
    return (await this.channelsFor(environmentId, event)).length > 0;
  }

  private async channelsFor(environmentId: string, event: AlertEvent) {
    return (await this.db.em.find(AlertChannel, { environment: environmentId, enabled: true })).filter((c) => c.events.includes(event));
  }

  private async raise(environmentId: string, event: AlertEvent, subjectId: string, dedupeKey: string, facts: AlertFacts): Promise<void> {
    const em = this.db.em;
    const channels = await this.channelsFor(environmentId, event);
    if (channels.length === 0) return;
    const alertId = newId();
    const now = new Date();
    try {
      await em.insert(Alert, { id: alertId, environment: environmentId, event, subjectId, dedupeKey, facts, createdAt: now });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) return;
      throw error;
    }
    const deliveries = channels.map((channel) => ({ id: newId(), alert: alertId, channel: channel.id, status: 'pending' as const, attempts: 0, lastError: null, nextAttemptAt: null, createdAt: now, finishedAt: null }));
    await em.insertMany(AlertDelivery, deliveries);
    await this.queue.addBulk(deliveries.map((d) => ({ job: { kind: 'alert-delivery' as const, deliveryId: d.id }, options: { jobId: deliveryJobId(d.id, 1) } })));
    this.logger.log(`Alert ${event} (${subjectId}) queued for ${plural(channels.length, 'channel')}`);
  }
}
