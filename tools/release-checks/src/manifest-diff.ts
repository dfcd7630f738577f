/** The parts of a connector manifest whose changes can break existing exports and connections. */
export interface ManifestShape {
  id: string;
  exportTypes: string[];
  audienceKinds: { id: string; accepts?: Record<string, string[] | undefined>; fields: { key: string; required?: boolean }[] }[];
  connection?: { settings?: SettingShape[] };
  exportOptions?: SettingShape[];
  limits?: LimitsShape;
}

interface SettingShape {
  key: string;
  required?: boolean;
  default?: unknown;
}

interface SizeLimits {
  recordsPerRequest?: number;
  bytesPerRequest?: number;
}

interface LimitsShape extends SizeLimits {
  membersPerSegment?: { min?: number; max?: number };
  membersPerExport?: { max?: number };
  operations?: Record<string, SizeLimits>;
}

const n = (value: number) => value.toLocaleString('en-US');

/** A limit that now lets less through than before: lower, or set where there was none. */
function lowered(what: string, before: number | undefined, after: number | undefined): string[] {
  if (after === undefined || (before !== undefined && after >= before)) return [];
  return [before === undefined ? `${what} is now limited to ${n(after)}` : `${what} went down from ${n(before)} to ${n(after)}`];
}

/** A minimum that now asks more than before. */
function raised(what: string, before: number | undefined, after: number | undefined): string[] {
  if (after === undefined || after <= (before ?? 0)) return [];
  return [`${what} went up from ${n(before ?? 0)} to ${n(after)}`];
}

/** A setting existing connections or exports do not have and cannot do without. */
function needsValue(setting: SettingShape): boolean {
  return setting.required === true && setting.default === undefined;
}

function settingChanges(kind: string, before: SettingShape[], after: SettingShape[]): string[] {
  const changes: string[] = [];
  for (const setting of after) {
    const old = before.find((s) => s.key === setting.key);
    if (!needsValue(setting)) continue;
    if (!old) changes.push(`required ${kind} "${setting.key}" was added`);
    else if (!needsValue(old)) changes.push(`${kind} "${setting.key}" became required`);
  }
  return changes;
}

/**
 * Changes that need a major version, because existing exports or connections would stop working:
 * - a field removed, a field that became required (or a new required one);
 * - an audience kind, a segment type it accepted, or an export type removed;
 * - a new required connection setting or export option (without a default), or one that became required;
 * - a limit lowered: records or bytes per request (in general or for an operation), members per
 *   segment or per export at most; or members per segment at least raised. Segments and batches
 *   that went through before would be skipped or refused.
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
    for (const [environment, types] of Object.entries(kind.accepts ?? {})) {
      for (const type of types ?? []) {
        if (!(now.accepts?.[environment] ?? []).includes(type)) changes.push(`audience kind "${kind.id}" no longer accepts ${type} segments in ${environment} environments`);
      }
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
  changes.push(...settingChanges('connection setting', before.connection?.settings ?? [], after.connection?.settings ?? []));
  changes.push(...settingChanges('export option', before.exportOptions ?? [], after.exportOptions ?? []));

  const old = before.limits ?? {};
  const now = after.limits ?? {};
  changes.push(...lowered('records per request', old.recordsPerRequest, now.recordsPerRequest));
  changes.push(...lowered('bytes per request', old.bytesPerRequest, now.bytesPerRequest));
  changes.push(...lowered('members per segment at most', old.membersPerSegment?.max, now.membersPerSegment?.max));
  changes.push(...raised('members per segment at least', old.membersPerSegment?.min, now.membersPerSegment?.min));
  changes.push(...lowered('members per export at most', old.membersPerExport?.max, now.membersPerExport?.max));
  const operations = new Set([...Object.keys(old.operations ?? {}), ...Object.keys(now.operations ?? {})]);
  for (const operation of operations) {
    // An operation without a limit of its own has the general one.
    const effective = (limits: LimitsShape, key: keyof SizeLimits) => limits.operations?.[operation]?.[key] ?? limits[key];
    for (const key of ['recordsPerRequest', 'bytesPerRequest'] as const) {
      const what = `${key === 'recordsPerRequest' ? 'records' : 'bytes'} per request for ${operation}`;
      const general = lowered('', old[key], now[key]).length > 0;
      if (!general) changes.push(...lowered(what, effective(old, key), effective(now, key)));
    }
  }
  return changes;
}
