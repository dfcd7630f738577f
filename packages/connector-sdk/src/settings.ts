import { settingApplies } from '@outport/core';
import type { SettingManifest } from './manifest.js';

export type SettingValue = string | number | boolean;

export interface SettingsProblem {
  field: string;
  message: string;
}

/**
 * Checks connection settings (or export options) against the connector's declared inputs: required
 * ones present, types right, select values allowed, patterns matched, nothing undeclared. Secrets
 * are checked for presence only; their values never appear in a problem. An input whose
 * `visibleWhen` does not hold is not required and its value is left out; conditions read `values`
 * and `options.context` (the settings, when checking secrets). A partial change that does not
 * give the setting a condition reads cannot tell, so it keeps such values.
 */
export function validateSettings(
  declared: SettingManifest[],
  values: Record<string, unknown>,
  options: { secrets?: boolean; partial?: boolean; context?: Record<string, unknown> } = {},
): { ok: true; values: Record<string, SettingValue> } | { ok: false; problems: SettingsProblem[] } {
  const all = { ...options.context, ...values };
  const unknowable = (s: SettingManifest) => options.partial === true && !!s.visibleWhen && !(s.visibleWhen.key in all);
  const applies = (s: SettingManifest) => unknowable(s) || settingApplies(s, declared, all);
  const inputs = declared.filter((s) => s.secret === (options.secrets ?? false));
  const byKey = new Map(inputs.map((s) => [s.key, s]));
  const problems: SettingsProblem[] = [];
  const out: Record<string, SettingValue> = {};
  for (const key of Object.keys(values)) {
    if (!byKey.has(key)) problems.push({ field: key, message: `"${key}" is not a ${options.secrets ? 'secret' : 'setting'} of this connector` });
  }
  for (const input of inputs) {
    if (!applies(input)) continue;
    const raw = values[input.key];
    if (raw === undefined || raw === null || raw === '') {
      if (input.required && !options.partial && input.default === undefined) problems.push({ field: input.key, message: `${input.label} is required` });
      else if (input.default !== undefined && !options.partial) out[input.key] = input.default;
      continue;
    }
    const problem = checkValue(input, raw);
    if (problem) problems.push({ field: input.key, message: problem });
    else out[input.key] = coerce(input, raw);
  }
  return problems.length ? { ok: false, problems } : { ok: true, values: out };
}

function checkValue(input: SettingManifest, raw: unknown): string | null {
  const label = input.label;
  switch (input.type) {
    case 'number':
      return typeof raw === 'number' || (typeof raw === 'string' && raw.trim() !== '' && Number.isFinite(Number(raw))) ? null : `${label} must be a number`;
    case 'boolean':
      return typeof raw === 'boolean' ? null : `${label} must be true or false`;
    case 'select':
      return typeof raw === 'string' && (input.options ?? []).some((o) => o.value === raw)
        ? null
        : `${label} must be one of ${(input.options ?? []).map((o) => o.value).join(', ')}`;
    case 'url': {
      if (typeof raw !== 'string') return `${label} must be a URL`;
      try {
        const url = new URL(raw);
        return url.protocol === 'http:' || url.protocol === 'https:' ? null : `${label} must be an http(s) URL`;
      } catch {
        return `${label} must be a URL`;
      }
    }
    default:
      if (typeof raw !== 'string') return `${label} must be text`;
      if (input.pattern && !new RegExp(input.pattern).test(raw)) return input.secret ? `${label} does not have the expected format` : `${label} "${raw}" does not have the expected format`;
      return null;
  }
}

function coerce(input: SettingManifest, raw: unknown): SettingValue {
  if (input.type === 'number') return Number(raw);
  return raw as SettingValue;
}

/**
 * A connection's settings with what its test learned (`ConnectionTestResult.learned`) filled in:
 * only declared, non-secret settings that are empty, and only values that pass the setting's own
 * checks. A setting that holds a value keeps it, so a test can never replace what an admin set or
 * accepted. `recorded` lists what was filled.
 */
export function withLearnedSettings(
  declared: SettingManifest[],
  settings: Record<string, SettingValue>,
  learned: Record<string, unknown> | undefined,
): { settings: Record<string, SettingValue>; recorded: Record<string, SettingValue> } {
  const recorded: Record<string, SettingValue> = {};
  for (const [key, value] of Object.entries(learned ?? {})) {
    const input = declared.find((s) => s.key === key && !s.secret);
    const current = settings[key];
    if (!input || (current !== undefined && current !== '') || value === undefined || value === null || value === '') continue;
    if (checkValue(input, value) === null) recorded[key] = coerce(input, value);
  }
  return { settings: { ...settings, ...recorded }, recorded };
}
