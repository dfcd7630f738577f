import { posix } from 'node:path';

/**
 * `<prefix><item name>_<yyyyMMddHHmm>.csv[.gz]`, the time being the run's start in UTC so every file
 * of one run carries the same stamp. Characters a remote file system would read as a path or
 * refuse (slashes, control characters) become `_`.
 */
export function exportFileName(prefix: string, itemName: string, startedAt: Date, gzip: boolean): string {
  const stamp = startedAt.toISOString().slice(0, 16).replace(/[-T:]/g, '');
  return `${safe(prefix)}${safe(itemName)}_${stamp}.csv${gzip ? '.gz' : ''}`;
}

/** The file's path in the export folder (relative folders are relative to the login folder). */
export function remotePath(folder: string, fileName: string): string {
  return posix.join(folder, fileName);
}

function safe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[/\\\u0000-\u001f\u007f]/g, '_');
}
