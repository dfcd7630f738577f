import { hostname } from 'node:os';
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  fieldsFor,
  isConnectorError,
  prepareChange,
  runExport,
  type BatchProgress,
  type ConnectorManifest,
  type CsvItemProgress,
  type CsvOptions,
  type ExportItem,
  type ExportItemInput,
  type PreparedChange,
  type RejectedRecord,
  type SourceRecord,
} from '@outport/connector-sdk';
import { checkEligibility, checkSegmentLimits, isTerminalRunStatus } from '@outport/core';
import { CONFIG } from '../config/config.module.js';
import type { Config } from '../config/config.js';
import { CredentialEvents } from '../connections/credential-events.js';
import { ConnectorRegistry } from '../connectors/connector-registry.js';
import { DatabaseUnavailable, isDatabaseUnavailable, type Outage } from '../database/availability.js';
import { Database } from '../database/database.js';
import {
  Connection,
  DataTable,
  Environment,
  Export,
  Run,
  RunTask,
  Segment,
  type IRun,
  type IRunTask,
} from '../database/entities/index.js';
import { ChunkRunner } from './chunk-runner.js';
import { ExportContexts } from './export-context.js';
import { RecordReader } from './record-reader.js';
import type { TableCsv } from './table-csv.js';
import { RunInterruptions } from './run-interruptions.js';
import { RunLeases, type Lease } from './run-lease.js';
import { GroupCommit } from './group-commit.js';
import { acknowledgedBatch, ACKNOWLEDGEMENTS_QUEUED, addCounts, batchCounts, EMPTY_COUNTS, identityKeys, RunLedger, settleStep, startStep, type AcknowledgedBatch } from './run-ledger.js';
import { RETRY_BUDGET, type RunOutcome } from './run-outcome.js';

const workerId = `${hostname()}:${process.pid}`;
/** How often a waiting run looks again, and how long it waits at most. */
const WAIT_POLL_MS = 2_000;
const MAX_WAIT_MS = 60 * 60_000;
/** Byte-path progress is written at most this often (and at every checkpoint). */
const CSV_PROGRESS_MS = 500;

/** A byte-path table's checkpoint: rows written, the key of the last one, and the exporter's state. */
interface TableCheckpoint {
  lastKey: string;
  rows: number;
  state: unknown;
}

/** A run stops with this when it is cancelled; it is not a failure. */
class Cancelled extends Error {}

/**
 * Executes one run: checks, then streams each segment or table through the connector, recording
 * progress, rejections and (for targets that can remove members) what the target now holds after
 * every acknowledged batch, in one transaction. That record is the checkpoint: a run resumed on
 * another worker sends only what was not acknowledged. Segments too large for one worker are handed
 * to the ChunkRunner; the run ends when its last part does.
 */
@Injectable()
export class RunExecutor {
  private readonly logger = new Logger('Runs');

  constructor(
    private readonly db: Database,
    private readonly registry: ConnectorRegistry,
    private readonly contexts: ExportContexts,
    private readonly reader: RecordReader,
    private readonly ledger: RunLedger,
    private readonly chunks: ChunkRunner,
    private readonly credentialEvents: CredentialEvents,
    private readonly leases: RunLeases,
    private readonly interruptions: RunInterruptions,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** Executes the run under `lease` (RunsService claims it first). */
  async execute(runId: string, lease: Lease): Promise<RunOutcome> {
    const em = this.db.em;
    const run = await em.findOne(Run, { id: runId });
    if (!run || isTerminalRunStatus(run.status)) return null;
    const tasks = await em.find(RunTask, { run: run.id }, { orderBy: { position: 'asc' } });
    if (run.cancelRequested) return this.ledger.finish(em, run, tasks, 'cancelled', 'Cancelled before it started.');

    const exp = await em.findOne(Export, { id: run.exportId });
    const connection = exp?.connection ? await em.findOne(Connection, { id: exp.connection }) : null;
    if (!exp || !connection) return this.ledger.finish(em, run, tasks, 'skipped', 'The export has no connection (it was detached), so it does not run.');
    const installed = this.registry.get(connection.connectorId);
    if (!installed) return this.ledger.finish(em, run, tasks, 'failed', `The ${connection.connectorId} connector is not installed.`);
    const manifest = installed.manifest;
    const environment = await em.findOneOrFail(Environment, { id: run.environment });
    // Announce the run before looking at its segments, as a refresh announces itself before looking
    // for runs: whichever comes second sees the first, so no run sends a half-refreshed member list.
    const starting = run.status === 'queued' || run.status === 'waiting';
    run.status = 'running';
    run.worker = workerId;
    await em.flush();
    if (starting) {
      const waiting = await this.waitForRefreshes(run, tasks);
      if (waiting) return waiting;
    }
    if (run.waitingFor) {
      // The details keep what the run waited for once it runs (the upstream refreshes it sat behind).
      const prepare = tasks.find((t) => t.kind === 'prepare');
      const waitedS = (Date.now() - run.createdAt.getTime()) / 1000;
      if (prepare) prepare.note = `Waited ${waitedS < 10 ? waitedS.toFixed(1) : Math.round(waitedS)} s for ${run.waitingFor.charAt(0).toLowerCase()}${run.waitingFor.slice(1)}`;
    }
    run.waitingFor = null;
    run.startedAt ??= new Date();
    await em.flush();

    const abort = new AbortController();
    const stopWatching = this.leases.hold(lease, abort, () => new Cancelled('cancelled'));
    const identity = manifest.capabilities.removeMembers ? identityKeys(manifest, exp.audienceKind) : null;
    const commits = new GroupCommit<Acknowledgement>((entries) => this.record(run, entries, identity, abort.signal), ACKNOWLEDGEMENTS_QUEUED);
    try {
      await this.prepare(run, tasks, exp, manifest, environment.kind);
      let pending = tasks.filter((t) => (t.kind === 'segment' || t.kind === 'table') && (t.status === 'pending' || t.status === 'running'));
      if (manifest.capabilities.parallelChunks && !run.dryRun) {
        const chunked = await this.chunks.split(run, pending, this.config.runChunkSize);
        pending = pending.filter((t) => !chunked.has(t.id));
      }
      const inputs: { task: IRunTask; input: ExportItemInput }[] = [];
      const csvSources = new Map<string, TableCsv>();
      for (const task of pending) inputs.push({ task, input: await this.itemInput(run, task, exp, manifest, csvSources) });
      const csvWritten = new Map<string, number>();

      if (run.dryRun) {
        for (const { task, input } of inputs) await this.plan(task, input, manifest, exp.audienceKind ?? undefined);
      } else if (inputs.length > 0) {
        const connector = await this.registry.load(connection.connectorId);
        for (const { task } of inputs) startStep(task);
        await em.flush();
        const byItem = new Map(inputs.map(({ task, input }) => [input.item.id, task]));
        const { items: outcomes } = await runExport({
          connector,
          manifest,
          context: this.contexts.for(run, exp, connection, abort.signal),
          items: inputs.map((i) => i.input),
          onBatch: (progress) => commits.add(acknowledgement(run, byItem.get(progress.item.id)!, progress)),
          onRefused: async (item, refused) => {
            await commits.drain();
            await this.refuse(run, byItem.get(item.id)!, refused, abort.signal);
          },
          onCsvProgress: (progress) => this.acknowledgeCsv(run, byItem.get(progress.item.id)!, progress, csvSources.get(progress.item.id)!, csvWritten, abort.signal),
        });
        await commits.drain();
        for (const outcome of outcomes) if (outcome.note) byItem.get(outcome.item.id)!.note = outcome.note;
        for (const { task } of inputs) settleStep(task, task.counts.rejected > 0 ? 'succeeded_with_warnings' : 'succeeded', null);
        await em.flush();
      }
    } catch (error) {
      // What the target acknowledged before the failure is recorded first: a resumed run starts after it.
      await commits.settle();
      if (abort.signal.aborted || error instanceof Cancelled) {
        const fresh = await em.fork().findOne(Run, { id: run.id }, { fields: ['cancelRequested'] });
        // Not a user's cancel: the run is gone (its export was removed) or already ended elsewhere.
        if (!fresh?.cancelRequested) return null;
        return this.ledger.finish(em, run, tasks, 'cancelled', 'Cancelled by a user.');
      }
      return this.fail(run, tasks, error, connection.id);
    } finally {
      stopWatching();
    }
    await this.ledger.finishIfDone(run.id);
    return null;
  }

  /**
   * A run reads the members a refresh stored. When one of its segments is being refreshed, it waits
   * (status `waiting`, asked again every few seconds) and then runs on the fresh members rather than
   * on a mix of old and new pages. A refresh that never ends (its process died) does not hold the
   * run for ever: after MAX_WAIT_MS the run is skipped with the reason.
   */
  private async waitForRefreshes(run: IRun, tasks: IRunTask[]): Promise<RunOutcome | undefined> {
    const ids = tasks.filter((t) => t.kind === 'segment' && t.itemId).map((t) => t.itemId!);
    // A refresh asked for while another run was sending (refreshRequestedAt) goes first, then this run.
    const refreshing = ids.length
      ? await this.db.em.find(Segment, { id: { $in: ids }, $or: [{ refreshStatus: 'refreshing' }, { refreshRequestedAt: { $ne: null } }] }, { fields: ['name'], orderBy: { name: 'asc' } })
      : [];
    if (refreshing.length === 0) return undefined;
    const names = refreshing.map((s) => `"${s.name}"`).join(', ');
    if (Date.now() - run.createdAt.getTime() > MAX_WAIT_MS) {
      return this.ledger.finish(this.db.em, run, tasks, 'skipped', `The segment ${names} was still refreshing after ${MAX_WAIT_MS / 60_000} minutes, so the run did not start.`);
    }
    run.status = 'waiting';
    run.waitingFor = refreshing.length === 1 ? `The segment ${names} to finish refreshing.` : `The segments ${names} to finish refreshing.`;
    await this.db.em.flush();
    return { retryInMs: WAIT_POLL_MS };
  }

  /** Run-time checks: eligibility and limits fail or skip single tasks with a reason. */
  private async prepare(run: IRun, tasks: IRunTask[], exp: { audienceKind?: string | null; mapping: Record<string, string> }, manifest: ConnectorManifest, kind: 'individuals' | 'business'): Promise<void> {
    const prepare = tasks.find((t) => t.kind === 'prepare')!;
    if (prepare.status === 'succeeded') return;
    startStep(prepare);
    const em = this.db.em;
    const audience = manifest.audienceKinds.find((k) => k.id === exp.audienceKind) ?? manifest.audienceKinds[0];
    const limits = { minPerSegment: manifest.limits.membersPerSegment.min, maxPerSegment: manifest.limits.membersPerSegment.max };
    for (const task of tasks) {
      if (task.status !== 'pending' || !task.itemId) continue;
      if (task.kind === 'table') {
        if (!(await em.findOne(DataTable, { id: task.itemId }))) settleStep(task, 'skipped', `The table "${task.label}" no longer exists.`);
        continue;
      }
      const segment = await em.findOne(Segment, { id: task.itemId });
      if (!segment) {
        settleStep(task, 'skipped', `The segment "${task.label}" no longer exists.`);
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
          settleStep(task, 'failed', eligibility.reasons.map((r) => r.message).join(' '));
          continue;
        }
      }
      const verdict = checkSegmentLimits(segment.memberCount, limits);
      if (verdict.verdict === 'skip') {
        settleStep(task, 'skipped', `${verdict.reason} The segment was skipped, not truncated.`);
        task.counts = { ...task.counts, skipped: segment.memberCount };
      }
    }
    prepare.status = 'succeeded';
    prepare.finishedAt = new Date();
    await em.flush();
  }

  private async itemInput(
    run: IRun,
    task: IRunTask,
    exp: { id: string; mapping: Record<string, string> },
    manifest: ConnectorManifest,
    csvSources: Map<string, TableCsv>,
  ): Promise<ExportItemInput> {
    const em = this.db.em;
    if (task.kind === 'table') {
      const table = await em.findOneOrFail(DataTable, { id: task.itemId! });
      const item: ExportItem = { kind: 'table', id: table.id, name: table.name, keyColumn: table.keyColumn, columns: table.columns, rowCount: table.recordCount };
      // The row path: file targets write each item atomically at its end, so a resumed item starts over.
      const records = this.reader.tableRows(table, this.carriedOn(run.id));
      // The byte path (exporters that take CSV bytes): the database writes the CSV, and a resumed item
      // continues after its last complete file. Dry runs count records, so they keep the row path.
      if (run.dryRun) return { item, records };
      const stored = run.checkpoint?.[task.id] as Partial<TableCheckpoint> | undefined;
      const resume = stored && typeof stored.rows === 'number' && typeof stored.lastKey === 'string' ? (stored as TableCheckpoint) : undefined;
      const csv = async (dialect: CsvOptions) => {
        const source = await this.reader.tableCsv(table, dialect, resume);
        if (source) csvSources.set(table.id, source);
        else this.logger.log(`Run ${run.id}: "${table.name}" takes the row path (the database cannot write it in this CSV dialect).`);
        return source;
      };
      return { item, records, csv };
    }
    const segment = await em.findOneOrFail(Segment, { id: task.itemId! });
    const table = await em.findOneOrFail(DataTable, { id: segment.baseTable });
    const item: ExportItem = { kind: 'segment', id: segment.id, name: segment.name, segmentType: segment.type, memberCount: segment.memberCount };
    const source = { exportId: exp.id, segmentId: segment.id, table, mapping: exp.mapping, onOutage: this.carriedOn(run.id) };
    if (!manifest.capabilities.removeMembers) return { item, records: this.reader.segmentMembers(source, { tracked: false }) };
    // Incremental: members the target does not hold yet (adds), members whose values changed since
    // they were sent (updates), and removals for those who left; members it holds unchanged are
    // read but not sent. With no previous state this sends everyone. An incremental run resumes by
    // itself (what was acknowledged is now unchanged); a full resync resends everyone from its checkpoint.
    const checkpoint = (run.checkpoint?.[task.id] as { lastKey?: string } | undefined)?.lastKey;
    return {
      item,
      records: this.reader.segmentMembers(source, { tracked: true, afterKey: run.fullResync ? checkpoint : undefined }),
      removals: this.reader.departedMembers(source),
      resendUnchanged: run.fullResync,
    };
  }

  /**
   * Acknowledged batches, queued by the GroupCommit: target state, rejections, and each task's counts
   * and the run's checkpoint as of the last of them, in one transaction. The target has the batches
   * now, so the record of them must not be lost to a database outage: the transaction is tried again
   * until the database is back (the run pauses meanwhile). Counts and checkpoint are written as
   * values, not through the unit of work, so a retry writes them again even when a cut-off commit
   * left the unit of work believing they were stored.
   */
  private async record(run: IRun, entries: Acknowledgement[], identity: string[] | null, signal: AbortSignal): Promise<void> {
    const counts = new Map(entries.map((e) => [e.task.id, e.counts]));
    const checkpoint = entries[entries.length - 1]!.checkpoint;
    await this.db.whileUnavailable(
      () =>
        this.db.em.transactional(async (tx) => {
          for (const entry of entries) {
            if (identity && entry.task.kind === 'segment') {
              await this.ledger.recordTargetState(tx, run.exportId, entry.task.itemId!, entry.operation, entry.accepted, identity);
            }
            await this.ledger.storeRejections(tx, run.id, entry.task, entry.rejected);
          }
          for (const [taskId, taskCounts] of counts) await tx.nativeUpdate(RunTask, { id: taskId }, { counts: taskCounts });
          await tx.nativeUpdate(Run, { id: run.id }, { checkpoint });
        }),
      { signal, onRecovered: this.carriedOn(run.id) },
    );
  }

  /**
   * Byte-path progress: counts as absolute figures (a resumed item counts its earlier files too),
   * written at most every CSV_PROGRESS_MS, and at each complete file the checkpoint: the rows written,
   * the key of the last one (found in the source's snapshot) and the exporter's state.
   */
  private async acknowledgeCsv(run: IRun, task: IRunTask, progress: CsvItemProgress, source: TableCsv, written: Map<string, number>, signal: AbortSignal): Promise<void> {
    const { rows, checkpoint } = progress;
    task.counts = { ...task.counts, read: rows, sent: rows, accepted: rows, added: rows };
    if (!checkpoint && Date.now() - (written.get(task.id) ?? 0) < CSV_PROGRESS_MS) return;
    written.set(task.id, Date.now());
    if (checkpoint) {
      const stored: TableCheckpoint = { lastKey: await source.keyOfRow(checkpoint.rows), rows: checkpoint.rows, state: checkpoint.state };
      run.checkpoint = { ...(run.checkpoint ?? {}), [task.id]: stored };
    }
    await this.db.whileUnavailable(
      () =>
        this.db.em.transactional(async (tx) => {
          await tx.nativeUpdate(RunTask, { id: task.id }, { counts: task.counts });
          if (checkpoint) await tx.nativeUpdate(Run, { id: run.id }, { checkpoint: run.checkpoint ?? null });
        }),
      { signal, onRecovered: this.carriedOn(run.id) },
    );
  }

  /** Records refused before sending (bad values): counted and kept like the target's rejections. */
  private async refuse(run: IRun, task: IRunTask, refused: RejectedRecord[], signal: AbortSignal): Promise<void> {
    task.counts = addCounts(task.counts, { read: refused.length, rejected: refused.length });
    await this.db.whileUnavailable(
      () =>
        this.db.em.transactional(async (tx) => {
          await this.ledger.storeRejections(tx, run.id, task, refused);
          await tx.nativeUpdate(RunTask, { id: task.id }, { counts: task.counts });
        }),
      { signal, onRecovered: this.carriedOn(run.id) },
    );
  }

  /** What the run notes when the database came back while it waited (an acknowledgement, a page of members). */
  private carriedOn(runId: string) {
    return (outage: Outage) => this.interruptions.databaseOutage(runId, outage, 'carried-on');
  }

  /**
   * A dry run: the same plan (adds, updates, removes, rejections, skipped segments), nothing sent.
   * Each member goes through the SDK's own decision (`prepareChange`), so the plan counts exactly
   * what a run would send.
   */
  private async plan(task: IRunTask, input: ExportItemInput, manifest: ConnectorManifest, audienceKind: string | undefined): Promise<void> {
    startStep(task);
    const fields = input.item.kind === 'segment' ? fieldsFor(manifest, audienceKind) : [];
    let read = 0;
    let adds = 0;
    let updates = 0;
    let removes = 0;
    const rejected: RejectedRecord[] = [];
    for await (const record of input.records as AsyncIterable<SourceRecord>) {
      read++;
      // Table rows are sent as they are: every one is an add.
      const change: PreparedChange = fields.length ? prepareChange(fields, record, input.resendUnchanged) : { outcome: 'send', record };
      if (change.outcome === 'rejected') rejected.push(change.rejected);
      else if (change.outcome === 'send' && change.record.change === 'update') updates++;
      else if (change.outcome === 'send') adds++;
    }
    for await (const _ of (input.removals ?? []) as AsyncIterable<SourceRecord>) removes++;
    task.counts = { ...EMPTY_COUNTS, read: read + removes, rejected: rejected.length };
    task.plan = { adds, updates, removes, rejected: rejected.length };
    await this.ledger.storeRejections(this.db.em, task.run, task, rejected);
    settleStep(task, rejected.length ? 'succeeded_with_warnings' : 'succeeded', null);
    await this.db.em.flush();
  }

  private async fail(run: IRun, tasks: IRunTask[], error: unknown, connectionId: string): Promise<RunOutcome> {
    // The database went away (and is still away): not the run's failure, and nothing can be
    // written now. The job waits for it and resumes the run (RunsService).
    if (!isConnectorError(error) && isDatabaseUnavailable(error) && !(await this.db.answers())) {
      throw error instanceof DatabaseUnavailable ? error : new DatabaseUnavailable(Date.now(), error);
    }
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
    if (running) settleStep(running, 'failed', message);
    if (isConnectorError(error) && error.kind === 'auth') await this.credentialEvents.refused({ connectionId, message, seenIn: 'run', runId: run.id });
    return this.ledger.finish(this.db.em, run, tasks, 'failed', message);
  }
}

/** One batch the target acknowledged, with its task's counts and the run's checkpoint once it is counted. */
interface Acknowledgement extends AcknowledgedBatch {
  task: IRunTask;
  checkpoint: IRun['checkpoint'];
}

/** Counts the batch into its task and the run's checkpoint now (in order), for the GroupCommit to write later. */
function acknowledgement(run: IRun, task: IRunTask, progress: BatchProgress): Acknowledgement {
  task.counts = addCounts(task.counts, batchCounts(progress));
  const lastKey = progress.batch.records.at(-1)?.key;
  if (progress.batch.operation === 'upsert' && lastKey) run.checkpoint = { ...(run.checkpoint ?? {}), [task.id]: { lastKey } };
  return { ...acknowledgedBatch(progress), task, counts: task.counts, checkpoint: run.checkpoint ?? null };
}
