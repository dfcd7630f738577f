import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ExportSchedule } from '@outport/core';
import { Connection } from './connection.entity.js';
import { Environment } from './environment.entity.js';

export const EXPORT_TYPES = ['segment', 'data-out'] as const;

/** A saved configuration that sends segments or tables through one connection. */
export const Export = defineEntity({
  name: 'Export',
  tableName: 'export',
  uniques: [{ properties: ['environment', 'name'] }],
  // The exports list sorts in the database; these keep its common orders index-backed.
  indexes: [{ properties: ['environment', 'lastRunStatus'] }, { properties: ['environment', 'lastRefreshedAt'] }, { properties: ['environment', 'updatedAt'] }],
  properties: {
    id: p.string().length(36).primary(),
    environment: () => p.manyToOne(Environment).mapToPk().deleteRule('cascade'),
    name: p.string().length(200),
    type: p.enum(EXPORT_TYPES),
    /** Null when detached: the configuration stays, the export is inactive and never runs. */
    connection: () => p.manyToOne(Connection).mapToPk().nullable().deleteRule('set null'),
    audienceKind: p.string().length(100).nullable(),
    /** Segment ids (segment export) or table ids (data-out export). */
    items: p.json<string[]>(),
    /** Connector field key → column of the segment's table. */
    mapping: p.json<Record<string, string>>(),
    options: p.json<Record<string, unknown>>(),
    schedule: p.json<ExportSchedule>(),
    /**
     * The next occurrence of a custom schedule that is on (null otherwise): what the scheduler's
     * tick looks for, and what the exports list shows. Set whenever the schedule changes and each
     * time an occurrence fires.
     */
    nextRunAt: p.datetime().nullable().index(),
    /** The schedule in words (`describeExportSchedule`), kept for sorting the list. */
    scheduleText: p.string().length(200).default(''),
    /** Whether it runs with the system refresh (its list's next run is the environment's next refresh). */
    runsWithRefresh: p.boolean().default(false),
    /**
     * The latest real (not dry) run's status and the end of its latest success, mirrored from the runs
     * by ExportStatusMirror in the same flush, so the list sorts and pages on them in the database.
     * Plain text rather than an enum: SQLite cannot change a CHECK list without rebuilding the table.
     */
    lastRunStatus: p.string().length(30).nullable(),
    lastRefreshedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    updatedBy: p.string().length(200).nullable(),
  },
});
export type IExport = InferEntity<typeof Export>;
