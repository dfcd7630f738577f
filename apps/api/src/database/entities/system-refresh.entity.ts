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
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type ISystemRefreshSettings = InferEntity<typeof SystemRefreshSettings>;

export const SystemRefreshRun = defineEntity({
  name: 'SystemRefreshRun',
  tableName: 'system_refresh_run',
  properties: {
    id: p.string().length(36).primary(),
    environment: () => p.manyToOne(Environment).mapToPk().deleteRule('cascade').index(),
    trigger: p.enum(RUN_TRIGGERS),
    status: p.enum(RUN_STATUSES),
    error: p.text().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    startedAt: p.datetime().nullable(),
    finishedAt: p.datetime().nullable(),
  },
});
export type ISystemRefreshRun = InferEntity<typeof SystemRefreshRun>;
