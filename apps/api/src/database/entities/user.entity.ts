import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const User = defineEntity({
  name: 'User',
  tableName: 'app_user',
  properties: {
    id: p.string().length(36).primary(),
    email: p.string().length(320).unique(),
    name: p.string().length(200),
    // scrypt parameters, salt and derived key; never serialised.
    passwordHash: p.string().length(300).hidden(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IUser = InferEntity<typeof User>;
