import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { RUN_STATUSES, RUN_TRIGGERS, type SystemRefreshSchedule } from '@outport/core';
import { Environment } from './environment.entity.js';

/** The environment's pipeline schedule (ingestion, then segment refresh, then exports). */
export const SystemRefreshSettings = defineEntity({
  name: 'SystemRefreshSettings',
  tableName: 'system_refresh_settings',
  properties: {
    environment: () => p.oneToOne(Environment).mapToPk().primary().owner().deleteRule('cascade'),
    schedule: p.json<SystemRefreshSchedule>(),
    /** The next scheduled refresh (null when the schedule is off): what the scheduler's tick looks for. */
    nextRunAt: p.datetime().nullable().index(),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type ISystemRefreshSettings = InferEntity<typeof SystemRefreshSettings>;

/** One system refresh: a graph of processes (segment refreshes, then the exports that read them). */
export const SystemRefreshRun = defineEntity({
  name: 'SystemRefreshRun',
  tableName: 'system_refresh_run',
  properties: {
    id: p.string().length(36).primary(),
    environment: () => p.manyToOne(Environment).mapToPk().deleteRule('cascade').index(),
    trigger: p.enum(RUN_TRIGGERS),
    status: p.enum(RUN_STATUSES),
    error: p.text().nullable(),
    /** Scheduled refreshes: the occurrence, and how late it started. */
    scheduledFor: p.datetime().nullable(),
    startedLateMs: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
  },
});
export type ISystemRefreshRun = InferEntity<typeof SystemRefreshRun>;

export const REFRESH_PROCESS_KINDS = ['segment', 'export'] as const;
export type RefreshProcessKind = (typeof REFRESH_PROCESS_KINDS)[number];

/**
 * One process of a system refresh: refreshing a segment, or running an export once the segments it
 * reads are fresh. `dependsOn` lists the processes that must succeed first; a failed one makes its
 * dependents skip, with the reason.
 */
export const RefreshProcess = defineEntity({
  name: 'RefreshProcess',
  tableName: 'refresh_process',
  properties: {
    id: p.string().length(36).primary(),
    refresh: () => p.manyToOne(SystemRefreshRun).mapToPk().deleteRule('cascade').index(),
    /** Order in the graph: segments first, then exports. */
    position: p.integer(),
    kind: p.enum(REFRESH_PROCESS_KINDS),
    /** The segment or export id. */
    targetId: p.string().length(36),
    label: p.string().length(200),
    status: p.enum(RUN_STATUSES),
    dependsOn: p.json<string[]>(),
    /** Export processes: the run they started. */
    runId: p.string().length(36).nullable().index(),
    /** Why it failed, was skipped, or what it is waiting for. */
    detail: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
  },
});
export type IRefreshProcess = InferEntity<typeof RefreshProcess>;
