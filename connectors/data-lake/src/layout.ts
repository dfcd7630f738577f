import { outputName } from '@outport/connector-sdk';

/**
 * Where things go in a CDM folder, following the layout Customer Insights documents for its Blob
 * exports (…/CustomerInsights_<instance>/<export>/<table>/<yyyy>/<MM>/<dd>/<HHMM>/<table>_<n>.csv,
 * model.json at the export's level), with Outport's environment in place of the instance:
 *
 *   <root>/Outport_<environment id>/<export>/model.json
 *   <root>/Outport_<environment id>/<export>/<item>/<yyyy>/<MM>/<dd>/<HHmm>/<item>_<n>.csv
 *
 * The date and time are the run's start, in UTC. Export and item names are the SDK's output names
 * (cleaned, with an id suffix when cleaning changed them), so two items never share a folder.
 */

/** The run's export folder, relative to the destination's root. */
export function exportFolder(ctx: { environmentId?: string | undefined; exportName: string; exportId: string }): string {
  const name = outputName(ctx.exportName, ctx.exportId);
  // A host that does not say which environment runs the export gets no environment level.
  return ctx.environmentId ? `${outputName(`Outport_${ctx.environmentId}`, ctx.environmentId)}/${name}` : name;
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

/** An item's folder for one run; `entityName` is the item's output name. */
export function itemFolder(exportFolder: string, entityName: string, startedAt: Date): string {
  return `${exportFolder}/${entityName}/${runStamp(startedAt)}`;
}

export function modelPath(exportFolder: string): string {
  return `${exportFolder}/model.json`;
}

export function partitionName(entityName: string, index: number): string {
  return `${entityName}_${index}`;
}

/** The partition number of a file name of this entity, or undefined for any other file. */
export function partitionIndex(entityName: string, fileName: string): number | undefined {
  const prefix = `${entityName}_`;
  if (!fileName.startsWith(prefix) || !fileName.endsWith('.csv')) return undefined;
  const digits = fileName.slice(prefix.length, -'.csv'.length);
  return /^[1-9]\d*$/.test(digits) ? Number(digits) : undefined;
}
