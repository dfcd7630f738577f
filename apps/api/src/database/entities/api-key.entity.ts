import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ROLES } from '@outport/core';
import { Environment } from './environment.entity.js';

/** An integrator's key. The secret is shown once at creation; only its SHA-256 is stored. */
export const ApiKey = defineEntity({
  name: 'ApiKey',
  tableName: 'api_key',
  properties: {
    id: p.string().length(36).primary(),
    environment: () => p.manyToOne(Environment).mapToPk().deleteRule('cascade').index(),
    name: p.string().length(200),
    role: p.enum(ROLES),
    /** The first characters of the key, so people can tell keys apart without the secret. */
    prefix: p.string().length(16),
    keyHash: p.string().length(64).unique().hidden(),
    createdBy: p.string().length(36).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    lastUsedAt: p.datetime().nullable(),
    /** Optional: the key stops working at this time. */
    expiresAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type IApiKey = InferEntity<typeof ApiKey>;
