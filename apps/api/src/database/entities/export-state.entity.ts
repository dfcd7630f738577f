import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { CellValue } from '@outport/core';

/**
 * What the target holds for one export and segment after the last acknowledged batches: the
 * members sent, with the values they were sent with. Incremental runs diff the segment's members
 * against it (adds, and removes with the identifiers the target knows them by).
 */
export const ExportMemberState = defineEntity({
  name: 'ExportMemberState',
  tableName: 'export_member_state',
  properties: {
    exportId: p.string().length(36).primary(),
    segmentId: p.string().length(36).primary(),
    memberKey: p.string().length(255).primary(),
    sentValues: p.json<Record<string, CellValue>>(),
  },
});
export type IExportMemberState = InferEntity<typeof ExportMemberState>;

/** A record a run could not deliver, with the reason: a bounded sample per task (counts are on the task). */
export const RunRejection = defineEntity({
  name: 'RunRejection',
  tableName: 'run_rejection',
  indexes: [{ properties: ['runId'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    runId: p.string().length(36),
    taskId: p.string().length(36),
    item: p.string().length(200),
    memberKey: p.string().length(255),
    field: p.string().length(100).nullable(),
    reason: p.text(),
  },
});
export type IRunRejection = InferEntity<typeof RunRejection>;
