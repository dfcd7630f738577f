import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * Failed logins of one account or one client address, for throttling. Kept in the database so
 * every API process counts the same failures. The key is a hash: the table names no addresses.
 */
export const LoginThrottle = defineEntity({
  name: 'LoginThrottle',
  tableName: 'login_throttle',
  properties: {
    /** SHA-256 of `account:<email>` or `address:<ip>`. */
    key: p.string().length(64).primary(),
    failures: p.integer(),
    lastFailureAt: p.datetime(),
    lockedUntil: p.datetime().nullable(),
  },
});
export type ILoginThrottle = InferEntity<typeof LoginThrottle>;
