import { IdentityChangedError } from '@outport/connector-sdk';
import type { ServerHostKeyAlgorithm } from 'ssh2';

/** The connection setting that holds the trusted host key (recorded on first use, or pinned). */
export const HOST_KEY_SETTING = 'hostKeyFingerprint';

/**
 * The host key algorithms the connector asks for, in ssh2's default order. In SSH the client's
 * first choice that the server also has wins, so this order decides which of a server's keys a
 * handshake shows (OpenSSH servers usually have an Ed25519, an ECDSA and an RSA key).
 */
const HOST_KEY_ALGORITHMS: readonly ServerHostKeyAlgorithm[] = [
  'ssh-ed25519',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
  'rsa-sha2-512',
  'rsa-sha2-256',
  'ssh-rsa',
];

/** The key type (as a key blob names it) an algorithm signs with: the rsa-sha2 ones use RSA keys. */
function keyTypeOf(algorithm: string): string {
  return algorithm.startsWith('rsa-sha2-') ? 'ssh-rsa' : algorithm;
}

/** The type a host key blob names in its first field (`ssh-ed25519`, `ssh-rsa`, `ecdsa-sha2-nistp256`...). */
export function keyBlobType(blob: Buffer): string {
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  return blob.toString('latin1', 4, 4 + Math.min(length, blob.length - 4));
}

/**
 * Which key type matched a trusted fingerprint last time, per server: a connection pinned to a key
 * the default order does not reach first goes straight to it after the first session.
 */
const matchedTypes = new Map<string, string>();

const memoKey = (host: string, port: number, fingerprint: string) => `${host}:${port} ${fingerprint}`;

/**
 * The host key algorithms to offer, in order, when looking for a server key: the type that matched
 * this fingerprint before first, then the default order, without the key types already seen (a
 * server has one key per type, so a type that did not match once never will on this server).
 */
export function hostKeyAlgorithms(where: { host: string; port: number }, trusted: string | undefined, seenTypes: ReadonlySet<string>): ServerHostKeyAlgorithm[] {
  const remembered = trusted ? matchedTypes.get(memoKey(where.host, where.port, trusted)) : undefined;
  const ordered = [...HOST_KEY_ALGORITHMS].sort((a, b) => Number(keyTypeOf(b) === remembered) - Number(keyTypeOf(a) === remembered));
  return ordered.filter((algorithm) => !seenTypes.has(keyTypeOf(algorithm)));
}

export function rememberMatch(where: { host: string; port: number }, trusted: string, keyType: string): void {
  matchedTypes.set(memoKey(where.host, where.port, trusted), keyType);
}

/**
 * None of the server's host keys is the trusted one. Nothing was sent (not even the user name):
 * the check happens during the handshake, before authentication.
 */
export function hostKeyChanged(where: { host: string; port: number }, trusted: string, offered: string): IdentityChangedError {
  return new IdentityChangedError(
    `The SFTP server at ${where.host}:${where.port} presented host key ${offered}, but this connection trusts ${trusted}, so nothing was sent. ` +
      `If the server's key was changed on purpose, an admin accepts the new key by setting the connection's host key fingerprint to ${offered}; ` +
      'otherwise something may be intercepting the connection.',
    { setting: HOST_KEY_SETTING, trusted, offered },
  );
}
