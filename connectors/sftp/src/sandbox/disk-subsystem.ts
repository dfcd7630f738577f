import {
  closeSync,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import ssh2, { type Attributes, type FileEntry, type SFTPWrapper } from 'ssh2';
import type { Volume } from './volume.js';

const { OPEN_MODE, STATUS_CODE, flagsToString } = ssh2.utils.sftp;

const WRITE_FLAGS = OPEN_MODE.WRITE | OPEN_MODE.APPEND | OPEN_MODE.CREAT | OPEN_MODE.TRUNC;
const NO_SPACE = 'No space left on device';
const READDIR_CHUNK = 100;

type OpenHandle = { kind: 'file'; fd: number; path: string } | { kind: 'dir'; path: string; entries: FileEntry[] };

/** An SFTP status the server answers with instead of a result. */
class StatusReply extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Serves one SFTP session over a real folder. Requests are handled synchronously, so they complete
 * in the order the client sent them, as they would on a single-threaded server such as OpenSSH's.
 * Like OpenSSH, RENAME refuses to replace an existing file (SFTP v3 semantics); unlike OpenSSH, no
 * `posix-rename@openssh.com` extension is offered, so clients must handle that case themselves.
 */
export function serveDisk(sftp: SFTPWrapper, volume: Volume): void {
  const handles = new Map<number, OpenHandle>();
  let nextHandle = 1;

  const newHandle = (entry: OpenHandle): Buffer => {
    const id = nextHandle++;
    handles.set(id, entry);
    const buffer = Buffer.alloc(4);
    buffer.writeUInt32BE(id);
    return buffer;
  };
  const lookup = (handle: Buffer): [number, OpenHandle] => {
    const id = handle.length === 4 ? handle.readUInt32BE() : -1;
    const entry = handles.get(id);
    if (!entry) throw new StatusReply(STATUS_CODE.FAILURE, 'Invalid handle');
    return [id, entry];
  };
  const writable = (path: string): void => {
    if (volume.isReadOnly(path)) throw new StatusReply(STATUS_CODE.PERMISSION_DENIED, 'Permission denied');
  };

  /** Runs one request; thrown StatusReply and fs errors become the matching SFTP status. */
  const on = <A extends unknown[]>(event: string, handler: (reqId: number, ...args: A) => void): void => {
    sftp.on(event, (reqId: number, ...args: A) => {
      try {
        handler(reqId, ...args);
      } catch (error) {
        const { code, message } = statusFor(error);
        sftp.status(reqId, code, message);
      }
    });
  };

  on('OPEN', (reqId, path: string, flags: number, attrs: Partial<Attributes>) => {
    const mode = flagsToString(flags);
    if (!mode) throw new StatusReply(STATUS_CODE.BAD_MESSAGE, 'Unsupported open flags');
    if (flags & WRITE_FLAGS) writable(path);
    const fd = openSync(volume.realPath(path), mode, attrs.mode ?? 0o644);
    sftp.handle(reqId, newHandle({ kind: 'file', fd, path: volume.virtualPath(path) }));
  });

  on('READ', (reqId, handle: Buffer, offset: number, length: number) => {
    const [, entry] = lookup(handle);
    if (entry.kind !== 'file') throw new StatusReply(STATUS_CODE.FAILURE, 'Not a file handle');
    const buffer = Buffer.alloc(length);
    const read = readSync(entry.fd, buffer, 0, length, offset);
    if (read === 0) sftp.status(reqId, STATUS_CODE.EOF);
    else sftp.data(reqId, buffer.subarray(0, read));
  });

  on('WRITE', (reqId, handle: Buffer, offset: number, data: Buffer) => {
    const [, entry] = lookup(handle);
    if (entry.kind !== 'file') throw new StatusReply(STATUS_CODE.FAILURE, 'Not a file handle');
    const growth = offset + data.length - fstatSync(entry.fd).size;
    if (!volume.hasRoomFor(growth)) throw new StatusReply(STATUS_CODE.FAILURE, NO_SPACE);
    writeSync(entry.fd, data, 0, data.length, offset);
    sftp.status(reqId, STATUS_CODE.OK);
  });

  on('FSTAT', (reqId, handle: Buffer) => {
    const [, entry] = lookup(handle);
    sftp.attrs(reqId, attributes(entry.kind === 'file' ? fstatSync(entry.fd) : statSync(volume.realPath(entry.path))));
  });

  // Modes and times are accepted and ignored: the sandbox does not model ownership.
  on('FSETSTAT', (reqId, handle: Buffer) => {
    lookup(handle);
    sftp.status(reqId, STATUS_CODE.OK);
  });
  on('SETSTAT', (reqId, path: string) => {
    writable(path);
    statSync(volume.realPath(path));
    sftp.status(reqId, STATUS_CODE.OK);
  });

  on('CLOSE', (reqId, handle: Buffer) => {
    const [id, entry] = lookup(handle);
    handles.delete(id);
    if (entry.kind === 'file') closeSync(entry.fd);
    sftp.status(reqId, STATUS_CODE.OK);
  });

  on('OPENDIR', (reqId, path: string) => {
    const real = volume.realPath(path);
    if (!statSync(real).isDirectory()) throw new StatusReply(STATUS_CODE.FAILURE, 'Not a directory');
    const entries = readdirSync(real).map((name) => entryFor(name, lstatSync(`${real}/${name}`)));
    sftp.handle(reqId, newHandle({ kind: 'dir', path: volume.virtualPath(path), entries }));
  });

  on('READDIR', (reqId, handle: Buffer) => {
    const [, entry] = lookup(handle);
    if (entry.kind !== 'dir') throw new StatusReply(STATUS_CODE.FAILURE, 'Not a directory handle');
    const chunk = entry.entries.splice(0, READDIR_CHUNK);
    if (chunk.length === 0) sftp.status(reqId, STATUS_CODE.EOF);
    else sftp.name(reqId, chunk);
  });

  on('STAT', (reqId, path: string) => sftp.attrs(reqId, attributes(statSync(volume.realPath(path)))));
  on('LSTAT', (reqId, path: string) => sftp.attrs(reqId, attributes(lstatSync(volume.realPath(path)))));

  on('REMOVE', (reqId, path: string) => {
    writable(path);
    unlinkSync(volume.realPath(path));
    sftp.status(reqId, STATUS_CODE.OK);
  });

  on('MKDIR', (reqId, path: string, attrs: Partial<Attributes>) => {
    writable(path);
    mkdirSync(volume.realPath(path), attrs.mode ?? 0o755);
    sftp.status(reqId, STATUS_CODE.OK);
  });

  on('RMDIR', (reqId, path: string) => {
    writable(path);
    rmdirSync(volume.realPath(path));
    sftp.status(reqId, STATUS_CODE.OK);
  });

  on('RENAME', (reqId, from: string, to: string) => {
    writable(from);
    writable(to);
    const target = volume.realPath(to);
    if (exists(target)) throw new StatusReply(STATUS_CODE.FAILURE, 'File exists');
    renameSync(volume.realPath(from), target);
    sftp.status(reqId, STATUS_CODE.OK);
  });

  on('REALPATH', (reqId, path: string) => {
    const resolved = volume.virtualPath(path);
    const stats = lstatOrNull(volume.realPath(path));
    sftp.name(reqId, [{ filename: resolved, longname: resolved, attrs: stats ? attributes(stats) : emptyAttributes() }]);
  });

  sftp.on('close', () => {
    for (const entry of handles.values()) if (entry.kind === 'file') closeSync(entry.fd);
    handles.clear();
  });
}

/** fs errors as SFTP statuses. Local paths never reach the client: only the error's meaning. */
function statusFor(error: unknown): { code: number; message: string } {
  if (error instanceof StatusReply) return { code: error.code, message: error.message };
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { code: STATUS_CODE.NO_SUCH_FILE, message: 'No such file' };
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return { code: STATUS_CODE.PERMISSION_DENIED, message: 'Permission denied' };
    case 'ENOSPC':
    case 'EDQUOT':
      return { code: STATUS_CODE.FAILURE, message: NO_SPACE };
    case 'EEXIST':
      return { code: STATUS_CODE.FAILURE, message: 'File exists' };
    case 'ENOTEMPTY':
      return { code: STATUS_CODE.FAILURE, message: 'Directory not empty' };
    case 'EISDIR':
      return { code: STATUS_CODE.FAILURE, message: 'Is a directory' };
    default:
      return { code: STATUS_CODE.FAILURE, message: 'Failure' };
  }
}

function attributes(stats: Stats): Attributes {
  return {
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    size: stats.size,
    atime: Math.floor(stats.atimeMs / 1000),
    mtime: Math.floor(stats.mtimeMs / 1000),
  };
}

function emptyAttributes(): Attributes {
  return { mode: 0, uid: 0, gid: 0, size: 0, atime: 0, mtime: 0 };
}

/** A READDIR entry; `longname` imitates `ls -l`, which some clients parse. */
function entryFor(name: string, stats: Stats): FileEntry {
  const type = stats.isDirectory() ? 'd' : stats.isSymbolicLink() ? 'l' : '-';
  const perms = [6, 3, 0].map((shift) => {
    const bits = (stats.mode >> shift) & 7;
    return `${bits & 4 ? 'r' : '-'}${bits & 2 ? 'w' : '-'}${bits & 1 ? 'x' : '-'}`;
  });
  const date = stats.mtime.toISOString().slice(0, 16).replace('T', ' ');
  return { filename: name, longname: `${type}${perms.join('')} 1 sftp sftp ${stats.size} ${date} ${name}`, attrs: attributes(stats) };
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

function exists(path: string): boolean {
  return lstatOrNull(path) !== null;
}
