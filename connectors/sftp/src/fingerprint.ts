import { createHash } from 'node:crypto';

/**
 * A host key's fingerprint the way OpenSSH prints it (`ssh-keygen -lf`, the "authenticity of host"
 * prompt): `SHA256:` and the unpadded base64 of the SHA-256 of the key's wire-format blob.
 */
export function hostKeyFingerprint(keyBlob: Buffer): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * The fingerprint a user typed, in the same form, so it compares exactly: with or without the
 * `SHA256:` prefix, with or without base64 padding, surrounding spaces ignored.
 */
export function normalizeFingerprint(value: string): string {
  const bare = value.trim().replace(/^SHA256:/i, '').replace(/=+$/, '');
  return `SHA256:${bare}`;
}
