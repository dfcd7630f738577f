import { posix } from 'node:path';
import { outputName } from '@outport/connector-sdk';

/**
 * `<prefix><item name>_<yyyyMMddHHmm>.csv[.gz]`, the time being the run's start in UTC so every file
 * of one run carries the same stamp. The item name is the SDK's output name: characters a file
 * system or reader would refuse become `_`, and a name that needed that gets a suffix from the
 * item's id, so "EU/VIP" and "EU_VIP" never write the same file.
 */
export function exportFileName(prefix: string, item: { name: string; id: string }, startedAt: Date, gzip: boolean): string {
  const stamp = startedAt.toISOString().slice(0, 16).replace(/[-T:]/g, '');
  return `${safePrefix(prefix)}${outputName(item.name, item.id)}_${stamp}.csv${gzip ? '.gz' : ''}`;
}

/** The file's path in the export folder (relative folders are relative to the login folder). */
export function remotePath(folder: string, fileName: string): string {
  return posix.join(folder, fileName);
}

/** The prefix is the user's own text, kept as typed except what would make it a path. */
function safePrefix(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[/\\\u0000-\u001f\u007f]/g, '_');
}
