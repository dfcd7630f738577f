import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/**
 * Debian's OpenSSH server (`apt-get install openssh-server`), started by the tests on a free
 * loopback port with its own configuration, host keys and chroot. It needs root: sshd checks that a
 * chroot belongs to root, and signs users in as themselves.
 */
const SSHD = '/usr/sbin/sshd';

export const openSshAvailable = existsSync(SSHD) && process.getuid?.() === 0;

/** System users the suite signs in as; created once per machine, without a home or a shell. */
export const PASSWORD_USER = 'outport-sftp-pw';
export const KEY_USER = 'outport-sftp-key';

/**
 * The password user's password: random, made on the first run and kept root-only on the machine, so
 * that suites running at the same time (several worktrees) agree on it without one in the repo.
 */
const PASSWORD_FILE = '/var/lib/outport-test-sshd/password';

/** The SFTP path of the chroot's writable folder. The chroot's top folder belongs to root. */
export const WRITABLE = '/upload';

export interface OpenSsh {
  host: string;
  port: number;
  password: string;
  /** The key user's private key (OpenSSH format). */
  privateKey: string;
  /** The local path of the chroot's writable folder (`/upload` over SFTP). */
  uploadDir: string;
  /** Host key fingerprints as `ssh-keygen -l` prints them. */
  fingerprints(): { ed25519: string; rsa: string };
  /** Whether sshd is running. */
  running(): boolean;
  /** Stops the server and drops every session, as a crash or reboot would. */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
  /** New host keys (taking effect at the next start). */
  newHostKeys(): void;
  /** sshd's log (it logs to stderr with -e), for failures. */
  log(): string;
  close(): Promise<void>;
}

export async function startOpenSsh(): Promise<OpenSsh> {
  const password = ensureUsers();
  // Under /run, not /tmp: sshd refuses a chroot any of whose parent folders others may write to.
  const dir = mkdtempSync('/run/outport-test-sshd-');
  chmodSync(dir, 0o755);
  const keys = join(dir, 'keys');
  const authorized = join(dir, 'authorized_keys');
  const chroot = join(dir, 'chroot');
  const uploadDir = join(chroot, WRITABLE);
  mkdirSync(keys, { mode: 0o700 });
  mkdirSync(authorized, { mode: 0o755 });
  mkdirSync(chroot, { mode: 0o755 });
  mkdirSync(uploadDir, { mode: 0o777 });
  chmodSync(uploadDir, 0o777);
  chownSync(uploadDir, uid(PASSWORD_USER), 0);
  // sshd's privilege-separation folder (the package's service would create it).
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });

  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'outport-test-user', '-f', join(dir, 'user_key')]);
  writeFileSync(join(authorized, KEY_USER), readFileSync(join(dir, 'user_key.pub')), { mode: 0o644 });
  const privateKey = readFileSync(join(dir, 'user_key'), 'utf8');

  const newHostKeys = () => {
    for (const name of readdirSync(keys)) rmSync(join(keys, name));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'outport-test-host', '-f', join(keys, 'ssh_host_ed25519_key')]);
    execFileSync('ssh-keygen', ['-q', '-t', 'rsa', '-b', '2048', '-N', '', '-C', 'outport-test-host', '-f', join(keys, 'ssh_host_rsa_key')]);
  };
  newHostKeys();
  const fingerprint = (file: string) => execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(keys, file)], { encoding: 'utf8' }).split(' ')[1]!;

  const port = await freePort();
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${join(keys, 'ssh_host_ed25519_key')}`,
      `HostKey ${join(keys, 'ssh_host_rsa_key')}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      'UsePAM no',
      'PasswordAuthentication yes',
      'KbdInteractiveAuthentication no',
      'PubkeyAuthentication yes',
      `AuthorizedKeysFile ${join(authorized, '%u')}`,
      'StrictModes no',
      'PermitRootLogin no',
      `AllowUsers ${PASSWORD_USER} ${KEY_USER}`,
      'Subsystem sftp internal-sftp',
      'LogLevel VERBOSE',
      `Match User ${PASSWORD_USER},${KEY_USER}`,
      `  ChrootDirectory ${chroot}`,
      '  ForceCommand internal-sftp',
      '  AllowTcpForwarding no',
      '  X11Forwarding no',
      '',
    ].join('\n'),
  );

  let child: ChildProcess | undefined;
  let log = '';
  const start = async () => {
    const sshd = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    child = sshd;
    await new Promise<void>((resolve, reject) => {
      sshd.stderr.setEncoding('utf8').on('data', (text: string) => {
        log += text;
        if (/Server listening on 127\.0\.0\.1 port/.test(log)) resolve();
      });
      sshd.once('exit', (code) => reject(new Error(`sshd exited (${code}) before it listened:\n${log}`)));
      sshd.once('error', reject);
    });
  };
  const stop = async () => {
    const sshd = child;
    child = undefined;
    if (!sshd?.pid || sshd.exitCode !== null) return;
    const exited = new Promise((resolve) => sshd.once('exit', resolve));
    // sshd serves each connection in a process of its own (its own session, so not in sshd's
    // process group): those are ended by id, as the descendants of the sshd this test started.
    for (const pid of descendants(sshd.pid)) killQuietly(pid);
    sshd.kill('SIGKILL');
    await exited;
  };

  await start();
  return {
    host: '127.0.0.1',
    port,
    password,
    privateKey,
    uploadDir,
    fingerprints: () => ({ ed25519: fingerprint('ssh_host_ed25519_key.pub'), rsa: fingerprint('ssh_host_rsa_key.pub') }),
    running: () => child !== undefined,
    stop,
    start,
    newHostKeys,
    log: () => log,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates the two test users unless they exist (idempotent, safe for suites running at once). */
function ensureUsers(): string {
  for (const name of [PASSWORD_USER, KEY_USER]) {
    if (uidOrNull(name) !== null) continue;
    try {
      execFileSync('useradd', ['--system', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', name], { stdio: 'pipe' });
    } catch (error) {
      if (uidOrNull(name) === null) throw error; // not a suite running at the same time that won the race
    }
  }
  mkdirSync('/var/lib/outport-test-sshd', { recursive: true, mode: 0o700 });
  try {
    writeFileSync(PASSWORD_FILE, randomBytes(18).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const password = readFileSync(PASSWORD_FILE, 'utf8').trim();
  execFileSync('chpasswd', { input: `${PASSWORD_USER}:${password}\n` });
  // A new account's password is locked ("!"), and without PAM sshd refuses locked accounts any
  // sign-in, keys included: "*" means "no password" instead.
  execFileSync('usermod', ['-p', '*', KEY_USER]);
  return password;
}

function uidOrNull(name: string): number | null {
  try {
    return Number(execFileSync('id', ['-u', name], { encoding: 'utf8', stdio: 'pipe' }).trim());
  } catch {
    return null;
  }
}

function uid(name: string): number {
  const id = uidOrNull(name);
  if (id === null) throw new Error(`No user ${name}.`);
  return id;
}

/** Processes below `pid`, read from /proc (children first found, then theirs). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of parents.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
