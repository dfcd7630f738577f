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
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
    updatedBy: p.string().length(200).nullable(),
  },
});
export type IExport = InferEntity<typeof Export>;
