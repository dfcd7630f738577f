import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { SEGMENT_TYPES, type RuleNode } from '@outport/core';
import { DataTable } from './data-table.entity.js';
import { Environment } from './environment.entity.js';

/** What a refresh is doing; `waiting` (see REFRESH_STATUSES) is not stored but shown from `refreshRequestedAt`. */
export const STORED_REFRESH_STATUSES = ['never', 'refreshing', 'succeeded', 'failed'] as const;

export const Segment = defineEntity({
  name: 'Segment',
  tableName: 'segment',
  uniques: [{ properties: ['environment', 'name'] }],
  properties: {
    id: p.string().length(36).primary(),
    environment: () => p.manyToOne(Environment).mapToPk().deleteRule('cascade'),
    name: p.string().length(200),
    description: p.string().length(1000).nullable(),
    type: p.enum(SEGMENT_TYPES),
    baseTable: () => p.manyToOne(DataTable).mapToPk(),
    rule: p.json<RuleNode>(),
    memberCount: p.integer().default(0),
    refreshStatus: p.enum(STORED_REFRESH_STATUSES).default('never'),
    /**
     * Set while a refresh that was asked for waits for a run that is sending the segment's members;
     * new runs wait behind it. Cleared when the refresh starts.
     */
    refreshRequestedAt: p.datetime().nullable(),
    refreshError: p.text().nullable(),
    lastRefreshedAt: p.datetime().nullable(),
    refreshDurationMs: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type ISegment = InferEntity<typeof Segment>;

/** One member of a segment's last refresh, by the base table's key. Exports read these, in key order. */
export const SegmentMember = defineEntity({
  name: 'SegmentMember',
  tableName: 'segment_member',
  properties: {
    segment: () => p.manyToOne(Segment).mapToPk().primary().deleteRule('cascade'),
    memberKey: p.string().length(255).primary(),
  },
});
export type ISegmentMember = InferEntity<typeof SegmentMember>;
