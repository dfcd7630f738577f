import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/** A URL-safe random token with 256 bits of entropy. */
export const newToken = (): string => randomBytes(32).toString('base64url');

/** SHA-256 is enough for high-entropy tokens (sessions, API keys); passwords use scrypt. */
export const sha256 = (value: string): string => createHash('sha256').update(value).digest('hex');
