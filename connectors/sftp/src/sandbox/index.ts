import { randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { onPreferredPort, type StartDemoSandbox } from '@outport/connector-sdk/sandbox';
import type { AddressInfo } from 'node:net';
import ssh2, { type AuthContext, type Connection, type ParsedKey } from 'ssh2';
import { hostKeyFingerprint } from '../fingerprint.js';
import { serveDisk } from './disk-subsystem.js';
import { Volume } from './volume.js';

const { Server, utils } = ssh2;

/**
 * An Ed25519 key pair in OpenSSH form that ssh2 itself can read. ssh2's own generator strips every
 * leading zero byte of the public key, so about one pair in 256 comes out malformed and the server
 * refuses its host key (mscdex/ssh2#1513): such a pair is generated again.
 */
export function ed25519KeyPair(options: { passphrase?: string; cipher?: string; rounds?: number } = {}): { private: string; public: string } {
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519', options.passphrase === undefined ? {} : { passphrase: options.passphrase, cipher: options.cipher ?? 'aes256-ctr', rounds: options.rounds ?? 16 });
    if (!(utils.parseKey(pair.public) instanceof Error) && !(utils.parseKey(pair.private, options.passphrase) instanceof Error)) return pair;
  }
}

export interface SftpUser {
  username: string;
  password?: string;
  /** An OpenSSH (`ssh-ed25519 AAAA…`) or PEM public key the user may sign in with. */
  publicKey?: string | Buffer;
}

export interface SftpServerOptions {
  users: SftpUser[];
  /** The local folder served as `/`. */
  root: string;
  /** Writes that would grow the stored data beyond this fail with "No space left on device". */
  quotaBytes?: number;
  /** Folders (SFTP paths, e.g. `/incoming/locked`) where writes, renames and removals are refused. */
  readOnlyPaths?: string[];
  /** The port to listen on (127.0.0.1; a free one by default). Starting again on a port shows a server whose host key changed. */
  port?: number;
  /** The host's private key (OpenSSH format); a fresh ed25519 key by default. */
  hostKey?: string;
}

export interface SftpServer {
  host: string;
  port: number;
  root: string;
  /** The server's host key fingerprint as OpenSSH prints it, e.g. `SHA256:3bX…`. */
  hostKeyFingerprint: string;
  /** Change the quota while running (undefined removes it). */
  setQuota(bytes: number | undefined): void;
  setReadOnlyPaths(paths: string[]): void;
  /** Bytes stored under the root, as the quota counts them. */
  usedBytes(): number;
  /** Sessions currently open. */
  connections(): number;
  /** TCP connections accepted since the start: 0 proves a client was stopped before connecting. */
  acceptedConnections(): number;
  /** Disconnects every client at once, as a server restart or network drop would. */
  dropConnections(): void;
  close(): Promise<void>;
}

/**
 * A real SSH server on 127.0.0.1 whose SFTP subsystem reads and writes a local folder. It generates
 * a fresh ed25519 host key at start, accepts the given users by password or public key, and can
 * simulate a full disk and read-only folders. Connectors reach it over TCP like any other server.
 */
export async function startSftpServer(options: SftpServerOptions): Promise<SftpServer> {
  const volume = new Volume(options.root, options);
  const hostKey = options.hostKey ? { private: options.hostKey, public: publicOf(options.hostKey) } : ed25519KeyPair();
  const clients = new Set<Connection>();
  let accepted = 0;
  // Parsed up front, so a key the sandbox cannot read fails the test setup, not a sign-in.
  const users = options.users.map((user) => ({ ...user, parsedKey: user.publicKey === undefined ? undefined : parsePublicKey(user.publicKey) }));

  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    accepted++;
    clients.add(client);
    // Documented for Connection in ssh2's README but missing from @types/ssh2. Without it every
    // SFTP answer waits on Nagle's algorithm and delayed ACKs.
    (client as Connection & { setNoDelay(noDelay: boolean): void }).setNoDelay(true);
    client.on('close', () => clients.delete(client));
    // A client that goes away mid-handshake must not crash the test process.
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => (isAllowed(users, ctx) ? ctx.accept() : ctx.reject(['password', 'publickey'])));
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('sftp', (acceptSftp) => serveDisk(acceptSftp(), volume));
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    host: '127.0.0.1',
    port,
    root: options.root,
    hostKeyFingerprint: hostKeyFingerprint(publicKeyBlob(hostKey.public)),
    setQuota: (bytes) => {
      volume.quotaBytes = bytes;
    },
    setReadOnlyPaths: (paths) => {
      volume.readOnlyPaths = paths.map((p) => volume.virtualPath(p));
    },
    usedBytes: () => volume.usedBytes(),
    connections: () => clients.size,
    acceptedConnections: () => accepted,
    dropConnections: () => {
      for (const client of clients) client.end();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.end();
        server.close(() => resolve());
      }),
  };
}

function isAllowed(users: (SftpUser & { parsedKey: ParsedKey | undefined })[], ctx: AuthContext): boolean {
  const user = users.find((u) => u.username === ctx.username);
  if (!user) return false;
  if (ctx.method === 'password') return user.password !== undefined && sameBytes(ctx.password, user.password);
  if (ctx.method === 'publickey' && user.parsedKey !== undefined) {
    const allowed = user.parsedKey;
    if (!ctx.key.data.equals(allowed.getPublicSSH())) return false;
    // Without a signature the client only asks whether this key would do; with one, it must verify.
    return !ctx.signature || (ctx.blob !== undefined && allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true);
  }
  return false;
}

function sameBytes(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parsePublicKey(key: string | Buffer): ParsedKey {
  const parsed = utils.parseKey(key);
  const first = Array.isArray(parsed) ? (parsed[0] as ParsedKey | undefined) : parsed;
  if (!first || first instanceof Error) throw new Error(`The sandbox could not read a user's public key: ${first?.message ?? 'empty'}`);
  return first;
}

function publicKeyBlob(publicKey: string): Buffer {
  return parsePublicKey(publicKey).getPublicSSH();
}

/** The OpenSSH public key line of a private key. */
function publicOf(privateKey: string): string {
  const key = parsePublicKey(privateKey);
  return `${key.type} ${key.getPublicSSH().toString('base64')}`;
}

/**
 * The sandbox for a host's demo: a real SSH server on loopback serving a folder in the host's data
 * folder, with an \`outbox\` folder to write to, one user with a random password and a host key
 * kept between restarts (so the connection pins its fingerprint).
 */
export const startDemoSandbox: StartDemoSandbox = async ({ port, saved, dataDir }) => {
  const password = saved?.password ?? randomBytes(18).toString('base64url');
  const hostKey = saved?.hostKey ?? ed25519KeyPair().private;
  const root = join(dataDir, 'files');
  mkdirSync(join(root, 'outbox'), { recursive: true });
  const server = await onPreferredPort(port, (p) => startSftpServer({ root, users: [{ username: 'outport', password }], hostKey, port: p }));
  return {
    name: 'SFTP (sandbox)',
    address: { host: server.host, port: server.port },
    connection: { settings: { host: server.host, port: server.port, username: 'outport', hostKeyFingerprint: server.hostKeyFingerprint }, secrets: { password } },
    exportOptions: { folder: '/outbox' },
    persist: { password, hostKey },
    close: () => server.close(),
  };
};
