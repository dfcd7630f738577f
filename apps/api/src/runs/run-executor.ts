import { hostname } from 'node:os';
import { Injectable, Logger } from '@nestjs/common';
import {
  fieldsFor,
  isConnectorError,
  prepareRecord,
  runExport,
  type BatchProgress,
  type ConnectorManifest,
  type ExportItem,
  type ExportItemInput,
  type ExportRecord,
  type SourceRecord,
} from '@outport/connector-sdk';
import { checkEligibility, checkSegmentLimits, summarizeRunStatus, type TaskStatus } from '@outport/core';
import { ConnectionsService } from '../connections/connections.service.js';
import { ConnectorRegistry } from '../connectors/connector-registry.js';
import { Database } from '../database/database.js';
import {
  Connection,
  DataTable,
  Environment,
  Export,
  Run,
  RunRejection,
  RunTask,
  Segment,
  type IRun,
  type IRunTask,
} from '../database/entities/index.js';
import type { Em } from '../database/orm.js';
import { sql } from 'kysely';
import type { AnyDb } from '../records/record-store.js';
import { RecordReader } from './record-reader.js';

/** Attempts before a run that keeps failing for passing reasons is failed for good. */
export const RETRY_BUDGET = 3;
const REJECTION_SAMPLE = 1_000;
const workerId = `${hostname()}:${process.pid}`;

export type RunOutcome = { retryInMs: number } | null;

/** A run stops with this when it is cancelled; it is not a failure. */
class Cancelled extends Error {}

/**
 * Executes one run: checks, then streams each segment or table through the connector, recording
 * progress, rejections and (for targets that can remove members) what the target now holds after
 * every acknowledged batch, in one transaction. That record is the checkpoint: a run resumed on
 * another worker sends only what was not acknowledged.
 */
@Injectable()
export class RunExecutor {
  private readonly logger = new Logger('Runs');
  private acknowledged = 0;

  constructor(
    private readonly db: Database,
    private readonly registry: ConnectorRegistry,
    private readonly connections: ConnectionsService,
    private readonly reader: RecordReader,
  ) {}

  async execute(runId: string): Promise<RunOutcome> {
    const em = this.db.em;
    const run = await em.findOne(Run, { id: runId });
    if (!run || ['succeeded', 'succeeded_with_warnings', 'failed', 'skipped', 'cancelled'].includes(run.status)) return null;
    const tasks = await em.find(RunTask, { run: run.id }, { orderBy: { position: 'asc' } });
    if (run.cancelRequested) return this.finish(run, tasks, 'cancelled', 'Cancelled before it started.');

    const exp = await em.findOne(Export, { id: run.exportId });
    const connection = exp?.connection ? await em.findOne(Connection, { id: exp.connection }) : null;
    if (!exp || !connection) return this.finish(run, tasks, 'skipped', 'The export has no connection (it was detached), so it does not run.');
    const installed = this.registry.get(connection.connectorId);
    if (!installed) return this.finish(run, tasks, 'failed', `The ${connection.connectorId} connector is not installed.`);
    const manifest = installed.manifest;
    const environment = await em.findOneOrFail(Environment, { id: run.environment });

    run.status = 'running';
    run.startedAt ??= new Date();
    run.worker = workerId;
    await em.flush();

    const abort = new AbortController();
    const watcher = setInterval(() => void this.watchCancel(run.id, abort), 500);
    try {
      await this.prepare(run, tasks, exp, manifest, environment.kind);
      const pending = tasks.filter((t) => (t.kind === 'segment' || t.kind === 'table') && (t.status === 'pending' || t.status === 'running'));
      const inputs: { task: IRunTask; input: ExportItemInput }[] = [];
      for (const task of pending) inputs.push({ task, input: await this.itemInput(run, task, exp, manifest) });

      const finalize = tasks.find((t) => t.kind === 'finalize')!;
      if (run.dryRun) {
        for (const { task, input } of inputs) await this.plan(task, input, manifest, exp.audienceKind ?? undefined);
      } else if (inputs.length > 0) {
        const connector = await this.registry.load(connection.connectorId);
        for (const { task } of inputs) this.start(task);
        await em.flush();
        const byItem = new Map(inputs.map(({ task, input }) => [input.item.id, task]));
        await runExport({
          connector,
          manifest,
          context: {
            settings: connection.settings as Record<string, string>,
            secrets: this.connections.secretsOf(connection),
            options: exp.options as Record<string, string>,
            audienceKind: exp.audienceKind ?? undefined,
            signal: abort.signal,
            logger: { info: (m) => this.logger.log(m), warn: (m) => this.logger.warn(m) },
            exportId: exp.id,
            exportName: exp.name,
            runId: run.id,
            startedAt: run.startedAt,
          },
          items: inputs.map((i) => i.input),
          onBatch: (progress) => this.acknowledge(run, byItem.get(progress.item.id)!, progress, manifest),
        });
        for (const { task } of inputs) await this.completeTask(task);
      }
      this.start(finalize);
      finalize.status = 'succeeded';
      finalize.finishedAt = new Date();
      const status = summarizeRunStatus(tasks.filter((t) => t.kind !== 'prepare' && t.kind !== 'finalize'));
      return this.finish(run, tasks, status === 'running' ? 'succeeded' : status, null);
    } catch (error) {
      if (abort.signal.aborted || error instanceof Cancelled) return this.finish(run, tasks, 'cancelled', 'Cancelled by a user.');
      return this.fail(run, tasks, error);
    } finally {
      clearInterval(watcher);
    }
  }

  /** Run-time checks: eligibility and limits fail or skip single tasks with a reason. */
  private async prepare(run: IRun, tasks: IRunTask[], exp: { audienceKind?: string | null; mapping: Record<string, string> }, manifest: ConnectorManifest, kind: 'individuals' | 'business'): Promise<void> {
    const prepare = tasks.find((t) => t.kind === 'prepare')!;
    if (prepare.status === 'succeeded') return;
    this.start(prepare);
    const em = this.db.em;
    const audience = manifest.audienceKinds.find((k) => k.id === exp.audienceKind) ?? manifest.audienceKinds[0];
    const limits = { minPerSegment: manifest.limits.membersPerSegment.min, maxPerSegment: manifest.limits.membersPerSegment.max };
    for (const task of tasks) {
      if (task.status !== 'pending' || !task.itemId) continue;
      if (task.kind === 'table') {
        if (!(await em.findOne(DataTable, { id: task.itemId }))) this.settle(task, 'skipped', `The table "${task.label}" no longer exists.`);
        continue;
      }
      const segment = await em.findOne(Segment, { id: task.itemId });
      if (!segment) {
        this.settle(task, 'skipped', `The segment "${task.label}" no longer exists.`);
        continue;
      }
      const table = await em.findOneOrFail(DataTable, { id: segment.baseTable });
      if (audience) {
        const eligibility = checkEligibility({
          environmentKind: kind,
          segment: { name: segment.name, type: segment.type },
          audienceKind: audience,
          fields: audience.fields,
          mapping: exp.mapping,
          columns: table.columns.map((c) => c.name),
        });
        if (!eligibility.eligible) {
          this.settle(task, 'failed', eligibility.reasons.map((r) => r.message).join(' '));
          continue;
        }
      }
      const verdict = checkSegmentLimits(segment.memberCount, limits);
      if (verdict.verdict === 'skip') {
        this.settle(task, 'skipped', `${verdict.reason} The segment was skipped, not truncated.`);
        task.counts = { ...task.counts, skipped: segment.memberCount };
      }
    }
    prepare.status = 'succeeded';
    prepare.finishedAt = new Date();
    await em.flush();
  }

  private async itemInput(run: IRun, task: IRunTask, exp: { id: string; mapping: Record<string, string> }, manifest: ConnectorManifest): Promise<ExportItemInput> {
    const em = this.db.em;
    if (task.kind === 'table') {
      const table = await em.findOneOrFail(DataTable, { id: task.itemId! });
      const item: ExportItem = { kind: 'table', id: table.id, name: table.name, keyColumn: table.keyColumn, columns: table.columns, rowCount: table.recordCount };
      // File targets write each item atomically at its end, so a resumed item starts over.
      return { item, records: this.reader.tableRows(table) };
    }
    const segment = await em.findOneOrFail(Segment, { id: task.itemId! });
    const table = await em.findOneOrFail(DataTable, { id: segment.baseTable });
    const item: ExportItem = { kind: 'segment', id: segment.id, name: segment.name, segmentType: segment.type, memberCount: segment.memberCount };
    const source = { exportId: exp.id, segmentId: segment.id, table, mapping: exp.mapping };
    if (!manifest.capabilities.removeMembers) return { item, records: this.reader.segmentMembers(source, { onlyUnsent: false }) };
    // Incremental: only members the target does not hold yet, and removals for those who left.
    // With no previous state this sends everyone; a full resync resends everyone from its checkpoint.
    const checkpoint = (run.checkpoint?.[task.id] as { lastKey?: string } | undefined)?.lastKey;
    return {
      item,
      records: run.fullResync ? this.reader.segmentMembers(source, { onlyUnsent: false, afterKey: checkpoint }) : this.reader.segmentMembers(source, { onlyUnsent: true }),
      removals: this.reader.departedMembers(source),
    };
  }

  /** One acknowledged batch: counts, rejections, target state and checkpoint, in one transaction. */
  private async acknowledge(run: IRun, task: IRunTask, progress: BatchProgress, manifest: ConnectorManifest): Promise<void> {
    const { batch, result } = progress;
    // The target-state table grows fast during a first run; PostgreSQL plans its lookups from
    // statistics, so refresh them now and then rather than wait for autovacuum.
    if (this.db.dialect === 'postgresql' && ++this.acknowledged % 200 === 0) await this.db.orm.em.fork().getConnection().execute('analyze export_member_state');
    const rejectedKeys = new Set(result.rejected.map((r) => r.key));
    const em = this.db.em;
    task.counts = {
      ...task.counts,
      sent: task.counts.sent + batch.records.length,
      accepted: task.counts.accepted + result.accepted,
      rejected: task.counts.rejected + result.rejected.length,
    };
    const lastKey = batch.records[batch.records.length - 1]?.key;
    if (batch.operation === 'upsert' && lastKey) run.checkpoint = { ...(run.checkpoint ?? {}), [task.id]: { lastKey } };
    await em.transactional(async (tx) => {
      if (manifest.capabilities.removeMembers && task.kind === 'segment') {
        await this.recordTargetState(tx, run.exportId, task.itemId!, batch.operation, batch.records.filter((r) => !rejectedKeys.has(r.key)));
      }
      await this.storeRejections(tx, run, task, result.rejected);
      await tx.flush();
    });
  }

  /**
   * What the target now holds, written with set-based statements: no entity per member, so the
   * identity map (and memory) stays flat however many members a run sends.
   */
  private async recordTargetState(em: Em, exportId: string, segmentId: string, operation: 'upsert' | 'remove', records: ExportRecord[]): Promise<void> {
    const db = em.getKysely<AnyDb>();
    for (let i = 0; i < records.length; i += 500) {
      const chunk = records.slice(i, i + 500);
      if (operation === 'remove') {
        await db
          .deleteFrom('export_member_state')
          .where('export_id', '=', exportId)
          .where('segment_id', '=', segmentId)
          .where('member_key', 'in', chunk.map((r) => r.key))
          .execute();
        continue;
      }
      await db
        .insertInto('export_member_state')
        .values(chunk.map((r) => ({ export_id: exportId, segment_id: segmentId, member_key: r.key, sent_values: JSON.stringify(r.values) })))
        .onConflict((oc) => oc.columns(['export_id', 'segment_id', 'member_key']).doUpdateSet({ sent_values: sql.ref('excluded.sent_values') }))
        .execute();
    }
  }

  /** A dry run: the same plan (adds, removes, rejections, skipped segments), nothing sent. */
  private async plan(task: IRunTask, input: ExportItemInput, manifest: ConnectorManifest, audienceKind: string | undefined): Promise<void> {
    this.start(task);
    const fields = input.item.kind === 'segment' ? fieldsFor(manifest, audienceKind) : [];
    const count = async (source: ExportItemInput['records'] | undefined) => {
      let read = 0;
      const rejected = [];
      for await (const record of (source ?? []) as AsyncIterable<SourceRecord>) {
        read++;
        if (fields.length) {
          const prepared = prepareRecord(fields, record.key, record.values);
          if (!prepared.ok) rejected.push(prepared.rejected);
        }
      }
      return { read, rejected };
    };
    const adds = await count(input.records);
    const removes = await count(input.removals);
    task.counts = { read: adds.read + removes.read, sent: 0, accepted: 0, rejected: adds.rejected.length, skipped: 0 };
    task.plan = { adds: adds.read - adds.rejected.length, removes: removes.read, rejected: adds.rejected.length };
    const run = await this.db.em.findOneOrFail(Run, { id: task.run });
    await this.storeRejections(this.db.em, run, task, adds.rejected);
    this.settle(task, adds.rejected.length ? 'succeeded_with_warnings' : 'succeeded', null);
    await this.db.em.flush();
  }

  private async storeRejections(em: Em, run: IRun, task: IRunTask, rejected: { key: string; reason: string; field?: string }[]): Promise<void> {
    if (rejected.length === 0) return;
    const stored = await em.count(RunRejection, { runId: run.id, taskId: task.id });
    for (const r of rejected.slice(0, Math.max(0, REJECTION_SAMPLE - stored))) {
      em.create(RunRejection, { runId: run.id, taskId: task.id, item: task.label, memberKey: r.key, field: r.field ?? null, reason: r.reason });
    }
  }

  private async completeTask(task: IRunTask): Promise<void> {
    const status: TaskStatus = task.counts.rejected > 0 ? 'succeeded_with_warnings' : 'succeeded';
    this.settle(task, status, null);
    await this.db.em.flush();
  }

  private start(task: IRunTask): void {
    if (task.status === 'pending') task.status = 'running';
    task.startedAt ??= new Date();
  }

  private settle(task: IRunTask, status: TaskStatus, error: string | null): void {
    task.status = status;
    task.error = error;
    task.startedAt ??= new Date();
    task.finishedAt = new Date();
  }

  private async fail(run: IRun, tasks: IRunTask[], error: unknown): Promise<RunOutcome> {
    const message = isConnectorError(error) ? error.message : 'The run failed unexpectedly; see the server log.';
    if (!isConnectorError(error)) this.logger.error(`Run ${run.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const passing = !isConnectorError(error) || error.isRetryable;
    const running = tasks.find((t) => t.status === 'running' && t.kind !== 'finalize');
    if (passing && run.attempt < RETRY_BUDGET) {
      run.status = 'failed_retrying';
      run.error = `${message} Retrying (attempt ${run.attempt + 1} of ${RETRY_BUDGET}).`;
      run.attempt++;
      await this.db.em.flush();
      return { retryInMs: 2_000 * 2 ** (run.attempt - 2) };
    }
    if (running) this.settle(running, 'failed', message);
    return this.finish(run, tasks, 'failed', message);
  }

  private async finish(run: IRun, tasks: IRunTask[], status: IRun['status'], error: string | null): Promise<null> {
    for (const task of tasks) {
      if (task.status === 'pending' || task.status === 'running') this.settle(task, status === 'cancelled' ? 'cancelled' : status === 'failed' ? 'cancelled' : 'skipped', task.error ?? null);
    }
    run.status = status;
    run.error = error;
    run.finishedAt = new Date();
    await this.db.em.flush();
    this.logger.log(`Run ${run.id} ${status}${error ? `: ${error}` : ''}`);
    return null;
  }

  private async watchCancel(runId: string, abort: AbortController): Promise<void> {
    if (abort.signal.aborted) return;
    const fresh = await this.db.orm.em.fork().findOne(Run, { id: runId }, { fields: ['cancelRequested'] });
    if (fresh?.cancelRequested) abort.abort(new Cancelled('cancelled'));
  }
}
