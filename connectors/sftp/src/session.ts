import type { Socket } from 'node:net';
import { AuthError, PermanentError, RetryableError, connectGuardedSocket } from '@outport/connector-sdk';
import ssh2, { type ConnectConfig, type ParsedKey, type SFTPWrapper, type Stats, type WriteStream } from 'ssh2';
import type { ConnectionConfig } from './config.js';
import { connectionFailure, isNoSuchFile, sftpFailure } from './errors.js';
import { hostKeyFingerprint } from './fingerprint.js';

const { Client, utils } = ssh2;

const HANDSHAKE_TIMEOUT_MS = 20_000;
/** Connecting, signing in and starting SFTP together: a server that stalls must not hang the run. */
const OPEN_TIMEOUT_MS = 30_000;

/**
 * One authenticated SFTP session, with the few requests the connector makes as promises. Every
 * failure comes back as a ConnectorError that names the path involved.
 */
export class SftpSession {
  /**
   * Rejects once the connection goes away. ssh2 answers requests that were in flight when the
   * channel closed, but silently drops requests made afterwards, so callers race long waits
   * against this and no request is started on a dead session.
   */
  readonly lost: Promise<never>;
  private isLost = false;

  private constructor(
    private readonly client: InstanceType<typeof Client>,
    private readonly sftp: SFTPWrapper,
  ) {
    this.lost = new Promise<never>((_, reject) => {
      const onClose = () => {
        this.isLost = true;
        reject(new RetryableError('The connection to the SFTP server was lost.'));
      };
      client.once('close', onClose);
      sftp.once('close', onClose);
    });
    // Nobody may be waiting when a session ends; that is not an error.
    this.lost.catch(() => undefined);
  }

  /** Connects, checks the host key when a fingerprint is configured, and authenticates. */
  static async open(config: ConnectionConfig, signal: AbortSignal): Promise<SftpSession> {
    signal.throwIfAborted();
    let seenFingerprint: string | undefined;
    // Built first: a key that cannot be read fails before anything connects.
    const connectConfig: ConnectConfig = {
      host: config.host,
      port: config.port,
      username: config.username,
      readyTimeout: HANDSHAKE_TIMEOUT_MS,
      hostVerifier: (key: Buffer) => {
        seenFingerprint = hostKeyFingerprint(key);
        return config.hostKeyFingerprint === undefined || seenFingerprint === config.hostKeyFingerprint;
      },
      ...(config.password ? { password: config.password } : {}),
      ...(config.privateKey ? { privateKey: checkPrivateKey(config.privateKey, config.passphrase), passphrase: config.passphrase } : {}),
    };
    // The SDK opens the TCP connection under the outbound-address policy (a refused host fails here,
    // before any socket exists); ssh2 only ever gets the connected socket.
    let sock: Socket;
    try {
      sock = await connectGuardedSocket({ host: config.host, port: config.port, signal, timeoutMs: HANDSHAKE_TIMEOUT_MS });
    } catch (error) {
      if (signal.aborted) throw signal.reason as Error;
      throw connectionFailure(error, config);
    }
    const client = new Client();

    const sftp = await new Promise<SFTPWrapper>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(deadline);
        client.end();
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      const deadline = setTimeout(
        () => fail(new RetryableError(`The SFTP server at ${config.host}:${config.port} did not open a session within ${OPEN_TIMEOUT_MS / 1000} seconds.`)),
        OPEN_TIMEOUT_MS,
      );
      const fail = (error: unknown) => {
        clearTimeout(deadline);
        signal.removeEventListener('abort', onAbort);
        client.end();
        if (config.hostKeyFingerprint && seenFingerprint && seenFingerprint !== config.hostKeyFingerprint) {
          reject(
            new PermanentError(
              `The SFTP server at ${config.host}:${config.port} presented host key ${seenFingerprint}, not the configured ${config.hostKeyFingerprint}. ` +
                'If the server\'s key really changed, update the fingerprint; otherwise something is intercepting the connection.',
            ),
          );
        } else reject(connectionFailure(error, config));
      };
      // `on`, not `once`: ssh2 can emit a second error while the connection is torn down.
      client.on('error', fail);
      client.once('ready', () => {
        client.sftp((error, sftp) => {
          if (error) return fail(error);
          clearTimeout(deadline);
          signal.removeEventListener('abort', onAbort);
          client.removeListener('error', fail);
          // Later connection errors surface through the pending request that meets them.
          client.on('error', () => undefined);
          resolve(sftp);
        });
      });
      client.connect({ ...connectConfig, sock });
      // SFTP is request and answer: without this, Nagle's algorithm meets delayed ACKs and every
      // small request waits tens of milliseconds.
      client.setNoDelay(true);
    });
    return new SftpSession(client, sftp);
  }

  /** Where a relative path lands (the login folder for `.`). */
  realpath(path: string): Promise<string> {
    return this.call<string>('resolve', path, (cb) => this.sftp.realpath(path, cb));
  }

  stat(path: string): Promise<Stats> {
    return this.call<Stats>('read', path, (cb) => this.sftp.stat(path, cb));
  }

  async exists(path: string): Promise<boolean> {
    try {
      await this.stat(path);
      return true;
    } catch (error) {
      if (isNoSuchFile(error)) return false;
      throw error;
    }
  }

  /** Opens `path` for writing, truncating it if it exists. */
  openForWrite(path: string): Promise<Buffer> {
    return this.call<Buffer>('create', path, (cb) => this.sftp.open(path, 'w', cb));
  }

  /** A stream of sequential writes to an open handle; the caller closes the handle. */
  writeStream(handle: Buffer): WriteStream {
    return this.sftp.createWriteStream('', { handle, autoClose: false });
  }

  closeHandle(handle: Buffer, path: string): Promise<void> {
    return this.call<void>('finish writing', path, (cb) => this.sftp.close(handle, cb));
  }

  remove(path: string): Promise<void> {
    return this.call<void>('remove', path, (cb) => this.sftp.unlink(path, cb));
  }

  rename(from: string, to: string): Promise<void> {
    return this.call<void>('rename', `${from} to ${to}`, (cb) => this.sftp.rename(from, to, cb));
  }

  /**
   * Renames over an existing file in one step, where the server offers OpenSSH's posix-rename
   * extension (plain SFTP v3 RENAME refuses to replace). Returns false when it does not.
   */
  replaceAtomically(from: string, to: string): Promise<boolean> {
    if (this.isLost) return Promise.reject(new RetryableError(`The connection to the SFTP server was lost before it could rename ${from}.`));
    return new Promise((resolve, reject) => {
      try {
        this.sftp.ext_openssh_rename(from, to, (error) => (error ? reject(sftpFailure(error, 'rename', `${from} to ${to}`)) : resolve(true)));
      } catch {
        // ssh2 throws synchronously when the server did not announce the extension.
        resolve(false);
      }
    });
  }

  close(): void {
    this.client.end();
  }

  private call<T>(action: string, path: string, request: (cb: (error: Error | null | undefined, value?: T) => void) => void): Promise<T> {
    if (this.isLost) return Promise.reject(new RetryableError(`The connection to the SFTP server was lost before it could ${action} ${path}.`));
    return new Promise<T>((resolve, reject) => {
      request((error, value) => (error ? reject(sftpFailure(error, action, path)) : resolve(value as T)));
    });
  }
}

/** Parses the key up front so a bad key or passphrase reads as a credentials problem. */
function checkPrivateKey(privateKey: string, passphrase: string | undefined): string {
  const parsed = utils.parseKey(privateKey, passphrase);
  const key = Array.isArray(parsed) ? (parsed[0] as ParsedKey | Error | undefined) : parsed;
  if (!key || key instanceof Error) {
    const encrypted = /encrypted|passphrase|bad decrypt/i.test(key?.message ?? '');
    throw new AuthError(
      encrypted
        ? 'The SFTP private key is encrypted and the passphrase is missing or wrong.'
        : 'The SFTP private key could not be read; use a PEM or OpenSSH private key (RSA, ECDSA or Ed25519).',
    );
  }
  return privateKey;
}
