// Conditions on connector settings: a setting that applies only for some value of another one
// (the data lake's Azure fields only when the destination is Azure). The connector SDK declares
// them in manifests and validates with them; the console shows or hides fields with the same rule.

export type SettingScalar = string | number | boolean;

/** The setting applies only when the setting `key` (of the same form) has this value, or one of these. */
export interface SettingCondition {
  key: string;
  equals: SettingScalar | SettingScalar[];
}

interface Conditional {
  key: string;
  default?: SettingScalar;
  visibleWhen?: SettingCondition;
}

/**
 * Whether `setting` applies given the form's `values` (a missing value counts as the other
 * setting's default). Values compare as text, so a form's "587" matches a condition's 587. A
 * setting that depends on one that does not apply does not apply either.
 */
export function settingApplies(
  setting: Conditional,
  declared: readonly Conditional[],
  values: Readonly<Record<string, unknown>>,
  seen: ReadonlySet<string> = new Set(),
): boolean {
  const condition = setting.visibleWhen;
  if (!condition) return true;
  const other = declared.find((s) => s.key === condition.key);
  if (!other || seen.has(other.key)) return false;
  if (!settingApplies(other, declared, values, new Set([...seen, setting.key]))) return false;
  const raw = values[condition.key];
  const value = raw === undefined || raw === null || raw === '' ? other.default : raw;
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false;
  const wanted = Array.isArray(condition.equals) ? condition.equals : [condition.equals];
  return wanted.some((w) => String(w) === String(value));
}
