import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { CellValue } from '@outport/core';

/**
 * What the target holds for one export and segment after the last acknowledged batches: one row per
 * member sent, with the identifiers the target knows it by (`sentValues`: its identity fields, as
 * sent, which removing it takes) and the fingerprint of all the values it was sent with
 * (`sentHash`, 22 characters whatever the mapping). Incremental runs diff the segment against it:
 * adds for members without a row, updates for members whose values now have another fingerprint,
 * removes for rows whose member left. Rows written before fingerprints existed have no `sentHash`
 * and hold every value sent; their fingerprint is computed from those values when compared.
 */
export const ExportMemberState = defineEntity({
  name: 'ExportMemberState',
  tableName: 'export_member_state',
  properties: {
    exportId: p.string().length(36).primary(),
    segmentId: p.string().length(36).primary(),
    memberKey: p.string().length(255).primary(),
    sentValues: p.json<Record<string, CellValue>>(),
    sentHash: p.string().length(22).nullable(),
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
