import { randomUUID } from 'node:crypto';
import type { ConnectionContext } from '@outport/connector-sdk';
import { readConnection } from './config.js';
import { remotePath } from './file-name.js';
import { SftpSession } from './session.js';
import { AtomicUpload } from './upload.js';

/**
 * Connects and authenticates, then proves the login folder is writable the way an export writes:
 * a small probe file is uploaded, renamed into place and removed. Export folders are per export,
 * so a missing or read-only export folder is reported by the export itself, naming the folder.
 */
export async function testSftpConnection(ctx: ConnectionContext): Promise<void> {
  const session = await SftpSession.open(readConnection(ctx), ctx.signal);
  try {
    const folder = await session.realpath('.');
    const probe = await AtomicUpload.start(session, remotePath(folder, `.outport-probe-${randomUUID()}.txt`), false);
    try {
      await probe.write('Outport connection test\n');
      await probe.commit();
    } catch (error) {
      await probe.abort();
      throw error;
    }
    await session.remove(probe.path);
  } finally {
    session.close();
  }
}
