/**
 * Where things go in a CDM folder, following the layout Customer Insights uses for its Blob exports:
 *   <root>/<export>/model.json
 *   <root>/<export>/<table or segment>/<yyyy>/<MM>/<dd>/<HHmm>/<table or segment>_<n>.csv
 * with the date and time of the run's start in UTC.
 */

/** A name made safe as one path segment on every file system and in a blob name. */
export function pathSegment(name: string): string {
  const safe = [...name]
    .map((char) => (char.charCodeAt(0) < 0x20 || char === '\u007f' || '\\/:*?"<>|'.includes(char) ? '_' : char))
    .join('')
    .trim()
    .replace(/^\.+|\.+$/g, '');
  return safe === '' ? '_' : safe;
}

export function runStamp(startedAt: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return [
    String(startedAt.getUTCFullYear()).padStart(4, '0'),
    two(startedAt.getUTCMonth() + 1),
    two(startedAt.getUTCDate()),
    `${two(startedAt.getUTCHours())}${two(startedAt.getUTCMinutes())}`,
  ].join('/');
}

export function itemFolder(exportName: string, itemName: string, startedAt: Date): string {
  return `${pathSegment(exportName)}/${pathSegment(itemName)}/${runStamp(startedAt)}`;
}

export function modelPath(exportName: string): string {
  return `${pathSegment(exportName)}/model.json`;
}

export function partitionName(itemName: string, index: number): string {
  return `${pathSegment(itemName)}_${index}`;
}

/** The partition number of a file name of this item, or undefined for any other file. */
export function partitionIndex(itemName: string, fileName: string): number | undefined {
  const prefix = `${pathSegment(itemName)}_`;
  if (!fileName.startsWith(prefix) || !fileName.endsWith('.csv')) return undefined;
  const digits = fileName.slice(prefix.length, -'.csv'.length);
  return /^[1-9]\d*$/.test(digits) ? Number(digits) : undefined;
}
