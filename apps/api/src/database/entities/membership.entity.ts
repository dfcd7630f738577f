import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ROLES } from '@outport/core';
import { Environment } from './environment.entity.js';
import { User } from './user.entity.js';

/** A user's role in one environment. */
export const Membership = defineEntity({
  name: 'Membership',
  tableName: 'membership',
  uniques: [{ properties: ['user', 'environment'] }],
  properties: {
    id: p.string().length(36).primary(),
    user: () => p.manyToOne(User).mapToPk().deleteRule('cascade'),
    environment: () => p.manyToOne(Environment).mapToPk().deleteRule('cascade'),
    role: p.enum(ROLES),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IMembership = InferEntity<typeof Membership>;
