// Typed views of the connector manifests the API serves (GET /connectors), and the console's
// helpers for the forms rendered from them. The console reads manifests; it never loads connectors.
import { settingApplies, type ColumnType, type EnvironmentKind, type SegmentType, type SettingCondition } from '@outport/core';
import type { Column, Connector } from './api.ts';

export interface ManifestSetting {
  key: string;
  label: string;
  type: 'string' | 'number' | 'boolean' | 'select' | 'url' | 'text';
  required: boolean;
  secret: boolean;
  default?: string | number | boolean;
  options?: { value: string; label: string }[];
  placeholder?: string;
  description?: string;
  pattern?: string;
  /** Shown only when another setting of the form has this value (e.g. Azure fields for the Azure destination). */
  visibleWhen?: SettingCondition;
}

export interface ManifestField {
  key: string;
  label: string;
  type: ColumnType;
  required: boolean;
  identifier: boolean;
  description?: string;
}

export interface ManifestAudienceKind {
  id: string;
  label: string;
  description?: string;
  accepts: Partial<Record<EnvironmentKind, SegmentType[]>>;
  fields: ManifestField[];
}

export interface ManifestLimits {
  membersPerSegment?: { min?: number; max?: number };
  membersPerExport?: { max?: number };
}

export const connectionSettings = (c: Connector): ManifestSetting[] => c.connectionSettings as unknown as ManifestSetting[];
export const exportOptions = (c: Connector): ManifestSetting[] => c.exportOptions as unknown as ManifestSetting[];
export const audienceKinds = (c: Connector): ManifestAudienceKind[] => c.audienceKinds as unknown as ManifestAudienceKind[];
export const limitsOf = (c: Connector): ManifestLimits => c.limits;

/** Starting values of a settings form: each setting's default, as the form edits it. */
export function defaultValues(settings: ManifestSetting[]): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (const s of settings) {
    if (s.type === 'boolean') values[s.key] = s.default === true;
    else values[s.key] = s.default === undefined ? '' : String(s.default);
  }
  return values;
}

/** The settings of a form that apply with its current values: the form shows only these. */
export function visibleSettings(settings: ManifestSetting[], values: Record<string, string | boolean>): ManifestSetting[] {
  return settings.filter((s) => settingApplies(s, settings, values));
}

/**
 * What the API receives from a settings form: numbers as numbers, booleans as booleans, empty
 * fields and fields that do not apply left out (so defaults apply and, when editing, secrets left
 * empty are kept).
 */
export function formValues(settings: ManifestSetting[], values: Record<string, string | boolean>, secret: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of visibleSettings(settings, values).filter((x) => x.secret === secret)) {
    const value = values[s.key];
    if (s.type === 'boolean') {
      out[s.key] = value === true;
      continue;
    }
    const text = typeof value === 'string' ? value.trim() : '';
    if (text === '') continue;
    out[s.key] = s.type === 'number' && !Number.isNaN(Number(text)) ? Number(text) : text;
  }
  return out;
}

/** Stored settings (as the API returns them) back into form values. */
export function toFormValues(settings: ManifestSetting[], stored: Record<string, unknown>): Record<string, string | boolean> {
  const values = defaultValues(settings);
  for (const s of settings) {
    const value = stored[s.key];
    if (value === undefined || value === null) continue;
    values[s.key] = s.type === 'boolean' ? value === true : typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
  }
  return values;
}

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Column types that can feed a field of this type. */
const COMPATIBLE: Record<ColumnType, ColumnType[]> = {
  string: ['string', 'email', 'phone', 'url'],
  email: ['email', 'string'],
  phone: ['phone', 'string'],
  url: ['url', 'string'],
  number: ['number'],
  boolean: ['boolean'],
  date: ['date', 'datetime'],
  datetime: ['datetime', 'date'],
};

/**
 * A column for each connector field that has none yet: the same name (ignoring case and
 * punctuation), or the field's label, or for the key field the table's key, or the only column of
 * the field's own type (an email field and the one email column). Never a column of a type that
 * cannot feed the field.
 */
export function suggestMapping(fields: ManifestField[], columns: Column[], keyColumn: string | null, current: Record<string, string> = {}): Record<string, string> {
  const suggested: Record<string, string> = {};
  const used = new Set(Object.values(current));
  for (const field of fields) {
    if (current[field.key]) continue;
    const fits = columns.filter((c) => COMPATIBLE[field.type]?.includes(c.type) && !used.has(c.name));
    const byName = fits.find((c) => squash(c.name) === squash(field.key)) ?? fits.find((c) => squash(c.name) === squash(field.label));
    const byKey = field.key === 'key' && keyColumn ? fits.find((c) => c.name === keyColumn) : undefined;
    const sameType = fits.filter((c) => c.type === field.type && field.type !== 'string');
    const byType = sameType.length === 1 ? sameType[0] : undefined;
    const pick = byName ?? byKey ?? byType;
    if (pick) {
      suggested[field.key] = pick.name;
      used.add(pick.name);
    }
  }
  return suggested;
}

/** Columns a field may be mapped from, best fits first. */
export function columnsFor(field: ManifestField, columns: Column[]): Column[] {
  const order = COMPATIBLE[field.type] ?? [];
  return columns.filter((c) => order.includes(c.type)).sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type) || a.name.localeCompare(b.name));
}
