/** The parts of a connector manifest whose changes can break existing exports. */
export interface ManifestShape {
  id: string;
  exportTypes: string[];
  audienceKinds: { id: string; fields: { key: string; required?: boolean }[] }[];
}

/**
 * Changes that need a major version: a field removed, a field that became required (or a new
 * required one), an audience kind or export type removed. Existing exports' mappings or choices
 * would stop being valid.
 */
export function breakingChanges(before: ManifestShape, after: ManifestShape): string[] {
  const changes: string[] = [];
  for (const type of before.exportTypes) {
    if (!after.exportTypes.includes(type)) changes.push(`export type "${type}" was removed`);
  }
  for (const kind of before.audienceKinds) {
    const now = after.audienceKinds.find((k) => k.id === kind.id);
    if (!now) {
      changes.push(`audience kind "${kind.id}" was removed`);
      continue;
    }
    for (const field of kind.fields) {
      if (!now.fields.some((f) => f.key === field.key)) changes.push(`field "${field.key}" of audience kind "${kind.id}" was removed`);
    }
    for (const field of now.fields) {
      const old = kind.fields.find((f) => f.key === field.key);
      if (field.required && !old) changes.push(`required field "${field.key}" was added to audience kind "${kind.id}"`);
      else if (field.required && old && !old.required) changes.push(`field "${field.key}" of audience kind "${kind.id}" became required`);
    }
  }
  return changes;
}
