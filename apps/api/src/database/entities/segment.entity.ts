import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { REFRESH_STATUSES, SEGMENT_TYPES, type RuleNode } from '@outport/core';
import { DataTable } from './data-table.entity.js';
import { Environment } from './environment.entity.js';

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
    refreshStatus: p.enum(REFRESH_STATUSES).default('never'),
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
