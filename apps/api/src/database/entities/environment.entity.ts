import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { ENVIRONMENT_KINDS } from '@outport/core';

export const Environment = defineEntity({
  name: 'Environment',
  tableName: 'environment',
  properties: {
    id: p.string().length(36).primary(),
    slug: p.string().length(64).unique(),
    name: p.string().length(200),
    kind: p.enum(ENVIRONMENT_KINDS),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IEnvironment = InferEntity<typeof Environment>;
