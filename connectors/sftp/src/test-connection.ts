import { randomUUID } from 'node:crypto';
import { posix } from 'node:path';
import { PermanentError, type ConnectionContext, type ConnectionTestResult } from '@outport/connector-sdk';
import { readConnection } from './config.js';
import { isPermissionDenied } from './errors.js';
import { remotePath } from './file-name.js';
import { HOST_KEY_SETTING } from './host-keys.js';
import { SftpSession } from './session.js';
import { AtomicUpload } from './upload.js';

/**
 * Connects (checking the host key), authenticates, then proves the connection's default folder is writable
 * the way an export writes: a small probe file is uploaded, renamed into place and removed. The
 * folder is created when it is missing. Without one the login folder is probed; a chrooted
 * account's login folder belongs to root, so such accounts set their writable folder.
 * On first use (no fingerprint yet) the server's host key fingerprint is reported as learned, for
 * the host to keep with the connection.
 */
export async function testSftpConnection(ctx: ConnectionContext): Promise<ConnectionTestResult | undefined> {
  const config = readConnection(ctx);
  const session = await SftpSession.open(config, ctx.signal);
  try {
    const folder = config.defaultFolder ? await ensureFolder(session, config.defaultFolder) : await session.realpath('.');
    try {
      await writeProbe(session, folder);
    } catch (error) {
      if (config.defaultFolder || !isPermissionDenied(error)) throw error;
      throw new PermanentError(
        `${(error as Error).message} Set the connection's default folder to one this account may write to (a chrooted account's top folder belongs to root: use its writable folder, e.g. /upload).`,
        { cause: error },
      );
    }
  } finally {
    session.close();
  }
  return config.hostKeyFingerprint ? undefined : { learned: { [HOST_KEY_SETTING]: session.hostKeyFingerprint } };
}

async function writeProbe(session: SftpSession, folder: string): Promise<void> {
  const probe = await AtomicUpload.start(session, remotePath(folder, `.outport-probe-${randomUUID()}.txt`), false);
  try {
    await probe.write('Outport connection test\n');
    await probe.commit();
  } catch (error) {
    await probe.abort();
    throw error;
  }
  await session.remove(probe.path);
}

/** Creates the folder, and any missing folders above it, unless it exists. */
async function ensureFolder(session: SftpSession, folder: string): Promise<string> {
  if (await session.exists(folder)) return folder;
  let current = folder.startsWith('/') ? '/' : '.';
  for (const part of folder.split('/').filter(Boolean)) {
    current = posix.join(current, part);
    if (!(await session.exists(current))) await session.mkdir(current);
  }
  return folder;
}
