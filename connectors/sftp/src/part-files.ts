import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { Logger } from '@outport/connector-sdk';
import { isNoSuchFile } from './errors.js';
import type { SftpSession } from './session.js';

/**
 * Where an export's file is written before it is renamed into place: `<file>.<tag>.part`, the tag
 * being short for the export, so partial files of one export can be told from those of others that
 * write to the same folder.
 */
export function partPath(path: string, exportId: string): string {
  return `${path}.${exportTag(exportId)}.part`;
}

function exportTag(exportId: string): string {
  return createHash('sha256').update(exportId).digest('hex').slice(0, 8);
}

/**
 * Removes the partial files an earlier attempt of this export left in `folder`. A failed upload
 * removes its own `.part` file, but not over a connection that is already gone (a server restart,
 * a network drop), so each item starts by clearing what such an attempt left. Safe because an export
 * runs once at a time and writes one item at a time. Best effort: a folder that cannot be listed (or
 * does not exist yet, which the upload reports) is left alone.
 */
export async function removeStaleParts(session: SftpSession, folder: string, exportId: string, logger: Logger): Promise<void> {
  const suffix = `.${exportTag(exportId)}.part`;
  let names: string[];
  try {
    names = await session.list(folder);
  } catch {
    return;
  }
  for (const name of names.filter((n) => n.endsWith(suffix))) {
    const path = posix.join(folder, name);
    try {
      await session.remove(path);
      logger.info(`Removed ${path}, left behind by an interrupted attempt of this export.`);
    } catch (error) {
      if (!isNoSuchFile(error)) logger.warn(`Could not remove ${path}, left behind by an interrupted attempt: ${(error as Error).message}`);
    }
  }
}
