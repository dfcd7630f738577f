import type { Socket } from 'node:net';
import { AuthError, PermanentError, RetryableError, connectGuardedSocket } from '@outport/connector-sdk';
import ssh2, { type ConnectConfig, type FileEntryWithStats, type ParsedKey, type ServerHostKeyAlgorithm, type SFTPWrapper, type Stats, type WriteStream } from 'ssh2';
import type { ConnectionConfig } from './config.js';
import { connectionFailure, isNoSuchFile, sftpFailure } from './errors.js';
import { hostKeyFingerprint } from './fingerprint.js';
import { hostKeyAlgorithms, hostKeyChanged, keyBlobType, rememberMatch } from './host-keys.js';

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

  /** Sessions come from `SftpSession.open`. */
  constructor(
    private readonly client: InstanceType<typeof Client>,
    private readonly sftp: SFTPWrapper,
    /** The fingerprint of the host key this session verified (`SHA256:…`), e.g. to record on first use. */
    readonly hostKeyFingerprint: string,
    readonly hostKeyType: string,
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

  /**
   * Connects, checks the server's host key and authenticates. With a trusted fingerprint (recorded
   * on first use, or pinned), the session opens only with the server key that has it: a server has
   * one key per type and a handshake shows one of them, so when the key shown is another one the
   * connector asks again, for the key types not seen yet, before calling the key changed. The user
   * name and credentials are sent only to a server that proved the trusted key.
   */
  static async open(config: ConnectionConfig, signal: AbortSignal): Promise<SftpSession> {
    signal.throwIfAborted();
    // Read first: a key that cannot be read fails before anything connects.
    const privateKey = config.privateKey ? checkPrivateKey(config.privateKey, config.passphrase) : undefined;
    const trusted = config.hostKeyFingerprint;
    const seenTypes = new Set<string>();
    let offered: string | undefined;
    for (;;) {
      const algorithms = hostKeyAlgorithms(config, trusted, seenTypes);
      const outcome = await connectOnce(config, privateKey, algorithms, signal);
      if (outcome.kind === 'open') {
        if (trusted) rememberMatch(config, trusted, outcome.session.hostKeyType);
        return outcome.session;
      }
      if (outcome.kind === 'refused') {
        offered ??= outcome.fingerprint;
        seenTypes.add(outcome.keyType);
      }
      // Stop when the server has no other key type to show (or showed a type that was not asked for).
      const left = hostKeyAlgorithms(config, trusted, seenTypes);
      if (trusted && offered && (outcome.kind === 'no-more-keys' || left.length === 0 || left.length === algorithms.length)) {
        throw hostKeyChanged(config, trusted, offered);
      }
      if (outcome.kind === 'no-more-keys') {
        throw new PermanentError(`The SFTP server at ${config.host}:${config.port} offers no host key type the connector supports (Ed25519, ECDSA or RSA).`);
      }
    }
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

  /** The names in a folder. */
  async list(path: string): Promise<string[]> {
    const entries = await this.call<FileEntryWithStats[]>('list', path, (cb) => this.sftp.readdir(path, cb));
    return entries.map((entry) => entry.filename);
  }

  mkdir(path: string): Promise<void> {
    return this.call<void>('create the folder', path, (cb) => this.sftp.mkdir(path, cb));
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

type Outcome =
  | { kind: 'open'; session: SftpSession }
  /** The server showed a host key other than the trusted one; the connection was dropped before authenticating. */
  | { kind: 'refused'; keyType: string; fingerprint: string }
  /** The server has no host key of the types asked for. */
  | { kind: 'no-more-keys' };

/** One connection: TCP under the outbound policy, the SSH handshake with the host key check, sign-in and SFTP. */
async function connectOnce(config: ConnectionConfig, privateKey: string | undefined, serverHostKey: ServerHostKeyAlgorithm[], signal: AbortSignal): Promise<Outcome> {
  let verified: { fingerprint: string; keyType: string } | undefined;
  let refused: { fingerprint: string; keyType: string } | undefined;
  const connectConfig: ConnectConfig = {
    host: config.host,
    port: config.port,
    username: config.username,
    readyTimeout: HANDSHAKE_TIMEOUT_MS,
    algorithms: { serverHostKey },
    // Called at every key exchange: the first decides, later ones (re-keying) must show the same key.
    hostVerifier: (key: Buffer) => {
      const seen = { fingerprint: hostKeyFingerprint(key), keyType: keyBlobType(key) };
      if (verified) return seen.fingerprint === verified.fingerprint;
      if (config.hostKeyFingerprint === undefined || seen.fingerprint === config.hostKeyFingerprint) {
        verified = seen;
        return true;
      }
      refused = seen;
      return false;
    },
    ...(config.password ? { password: config.password } : {}),
    ...(privateKey ? { privateKey, passphrase: config.passphrase } : {}),
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

  return new Promise<Outcome>((resolve, reject) => {
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
    const settle = () => {
      clearTimeout(deadline);
      signal.removeEventListener('abort', onAbort);
    };
    const fail = (error: unknown) => {
      settle();
      client.end();
      if (refused) resolve({ kind: 'refused', ...refused });
      else if (!verified && error instanceof Error && /no matching host key format/i.test(error.message)) resolve({ kind: 'no-more-keys' });
      else reject(connectionFailure(error, config));
    };
    // `on`, not `once`: ssh2 can emit a second error while the connection is torn down.
    client.on('error', fail);
    client.once('ready', () => {
      client.sftp((error, sftp) => {
        if (error) return fail(error);
        settle();
        client.removeListener('error', fail);
        // Later connection errors surface through the pending request that meets them.
        client.on('error', () => undefined);
        resolve({ kind: 'open', session: new SftpSession(client, sftp, verified!.fingerprint, verified!.keyType) });
      });
    });
    client.connect({ ...connectConfig, sock });
    // SFTP is request and answer: without this, Nagle's algorithm meets delayed ACKs and every
    // small request waits tens of milliseconds.
    client.setNoDelay(true);
  });
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
