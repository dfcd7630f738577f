import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { RUN_STATUSES, RUN_TRIGGERS, TASK_STATUSES } from '@outport/core';
import { Environment } from './environment.entity.js';
import { Export } from './export.entity.js';

export interface RunCounts {
  read: number;
  sent: number;
  accepted: number;
  rejected: number;
  skipped: number;
  /** Accepted upserts of members the target did not hold (every accepted upsert, for targets whose state is not tracked). */
  added: number;
  /** Accepted upserts of members the target held, sent again because their values changed (or a full resync). */
  updated: number;
  /** Accepted removals of members who left the segment. */
  removed: number;
}

/** What a dry run found a real run would do. */
export interface RunPlan {
  adds: number;
  updates: number;
  removes: number;
  rejected: number;
}

/** One execution of one export. */
export const Run = defineEntity({
  name: 'Run',
  tableName: 'run',
  // The recovery sweep looks for unfinished runs; finished ones are nearly all of the table.
  indexes: [{ properties: ['exportId', 'createdAt'] }, { properties: ['status'] }],
  properties: {
    id: p.string().length(36).primary(),
    environment: () => p.manyToOne(Environment).mapToPk().deleteRule('cascade'),
    exportId: () => p.manyToOne(Export).mapToPk().deleteRule('cascade').fieldNames('export_id'),
    trigger: p.enum(RUN_TRIGGERS),
    status: p.enum(RUN_STATUSES),
    attempt: p.integer().default(1),
    dryRun: p.boolean().default(false),
    /** Send every member again instead of only the difference. */
    fullResync: p.boolean().default(false),
    /** Set by POST …/cancel; the worker stops within one batch when it sees it. */
    cancelRequested: p.boolean().default(false),
    /** The worker that holds the run (for diagnostics). */
    worker: p.string().length(100).nullable(),
    /**
     * The lease of the job executing the run (its own part; chunks have theirs): a token per
     * execution, renewed while it works. Only the holder writes the run; one whose lease lapsed is
     * presumed gone, and the recovery sweep queues the run again.
     */
    leaseId: p.string().length(36).nullable(),
    leaseExpiresAt: p.datetime().nullable(),
    error: p.text().nullable(),
    /** While the run is waiting: what it waits for (a segment still refreshing). */
    waitingFor: p.text().nullable(),
    checkpoint: p.json<Record<string, unknown>>().nullable(),
    /** Scheduled runs: the occurrence this run is for. */
    scheduledFor: p.datetime().nullable(),
    /** Scheduled runs: how long after its occurrence the run was started (all processes were down, say). */
    startedLateMs: p.integer().nullable(),
    /** Scheduled runs: later occurrences that came due while no process was up, folded into this run. */
    missedOccurrences: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
  },
});
export type IRun = InferEntity<typeof Run>;

/** A step of a run: prepare, one per segment or table, finalize. */
export const RunTask = defineEntity({
  name: 'RunTask',
  tableName: 'run_task',
  properties: {
    id: p.string().length(36).primary(),
    run: () => p.manyToOne(Run).mapToPk().deleteRule('cascade').index(),
    position: p.integer(),
    kind: p.enum(['prepare', 'segment', 'table', 'finalize'] as const),
    itemId: p.string().length(36).nullable(),
    label: p.string().length(200),
    status: p.enum(TASK_STATUSES),
    counts: p.json<RunCounts>(),
    /** Dry runs: what a real run would send. */
    plan: p.json<RunPlan>().nullable(),
    error: p.text().nullable(),
    /** The connector's line on how the target now holds the item (e.g. an audience's status and matched size). */
    note: p.text().nullable(),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
  },
});
export type IRunTask = InferEntity<typeof RunTask>;

/**
 * A key range of one segment task, run as a job of its own so several workers share a large run
 * (connectors with `capabilities.parallelChunks`). `lastKey` is the chunk's checkpoint.
 */
export const RunChunk = defineEntity({
  name: 'RunChunk',
  tableName: 'run_chunk',
  properties: {
    id: p.string().length(36).primary(),
    run: () => p.manyToOne(Run).mapToPk().deleteRule('cascade').index(),
    task: () => p.manyToOne(RunTask).mapToPk().deleteRule('cascade'),
    position: p.integer(),
    /** Members with keys after this one (exclusive); null from the first member. */
    afterKey: p.text().nullable(),
    /** Members with keys up to this one (inclusive); null to the last member. */
    uptoKey: p.text().nullable(),
    status: p.enum(TASK_STATUSES),
    attempt: p.integer().default(1),
    counts: p.json<RunCounts>(),
    lastKey: p.text().nullable(),
    worker: p.string().length(100).nullable(),
    /** The lease of the job executing the chunk, as on Run. */
    leaseId: p.string().length(36).nullable(),
    leaseExpiresAt: p.datetime().nullable(),
    error: p.text().nullable(),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
  },
});
export type IRunChunk = InferEntity<typeof RunChunk>;

/**
 * Something outside the run that held it up (the database or Redis was unavailable, a worker
 * vanished) and what the run did about it, in the user's words. `key` makes a note idempotent
 * when several processes notice the same event.
 */
export const RunInterruption = defineEntity({
  name: 'RunInterruption',
  tableName: 'run_interruption',
  uniques: [{ properties: ['run', 'key'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    run: () => p.manyToOne(Run).mapToPk().deleteRule('cascade'),
    cause: p.enum(['database', 'queue', 'worker'] as const),
    key: p.string().length(100),
    message: p.text(),
    at: p.datetime().onCreate(() => new Date()),
  },
});
export type IRunInterruption = InferEntity<typeof RunInterruption>;
