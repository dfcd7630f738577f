import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { ConnectionSharing } from '@outport/core';
import { Environment } from './environment.entity.js';

/** A configured, authenticated link to one target account. Secrets are stored encrypted (AES-256-GCM). */
export const Connection = defineEntity({
  name: 'Connection',
  tableName: 'connection',
  uniques: [{ properties: ['environment', 'name'] }],
  properties: {
    id: p.string().length(36).primary(),
    environment: () => p.manyToOne(Environment).mapToPk().deleteRule('cascade'),
    connectorId: p.string().length(100),
    name: p.string().length(200),
    settings: p.json<Record<string, unknown>>(),
    secretsCiphertext: p.text().nullable().hidden(),
    /** Which secret keys are set, so responses can say so without the values. */
    secretKeys: p.json<string[]>(),
    sharing: p.json<ConnectionSharing>(),
    createdBy: p.string().length(36).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type IConnection = InferEntity<typeof Connection>;
