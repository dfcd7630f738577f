import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Who did what, when; before and after never contain secrets. */
export const AuditEvent = defineEntity({
  name: 'AuditEvent',
  tableName: 'audit_event',
  indexes: [{ properties: ['environmentId', 'createdAt'] }],
  properties: {
    id: p.string().length(36).primary(),
    environmentId: p.string().length(36).nullable(),
    actorType: p.enum(['user', 'api-key', 'system'] as const),
    actorId: p.string().length(36).nullable(),
    actorLabel: p.string().length(320),
    action: p.string().length(100),
    targetType: p.string().length(50),
    targetId: p.string().length(36).nullable(),
    before: p.json<Record<string, unknown>>().nullable(),
    after: p.json<Record<string, unknown>>().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IAuditEvent = InferEntity<typeof AuditEvent>;
