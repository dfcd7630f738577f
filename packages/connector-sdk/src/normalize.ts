import { createHash } from 'node:crypto';
import type { CellValue } from '@outport/core';
import type { ExportRecord, RejectedRecord } from './define.js';
import type { ConnectorField, Normalization } from './manifest.js';

/**
 * Normalisation and hashing of field values, applied by the SDK from the manifest's field rules
 * before a connector sees a record. Ad networks match hashed identifiers byte for byte, so the same
 * person must always produce the same string: these rules follow what LinkedIn, Google and Meta ask
 * for (trimmed, lower-cased, E.164 phones, SHA-256 as lower-case hex).
 */

const SHA256_HEX = /^[a-f0-9]{64}$/i;
// Deliberately loose: one @, something on each side, a dot in the domain, no spaces. Targets do
// their own strict checks; this only catches values that are plainly not emails.
const EMAIL = /^[^\s@]+@[^\s@.][^\s@]*\.[^\s@.]+$/;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/** Applies one normalisation rule. `null` stays `null`; numbers and booleans pass through except
 *  where the rule reads them as text (a phone stored as a number). */
export function normalizeValue(value: CellValue, rule: Normalization): CellValue {
  if (value === null || rule === 'none') return value;
  if (typeof value !== 'string') {
    return rule === 'phone' && typeof value === 'number' ? normalizePhone(String(value)) : value;
  }
  switch (rule) {
    case 'trim':
      return value.trim();
    case 'email':
      // Trim and lower-case only. Gmail's "dots don't matter" and "+tag" rules are NOT applied:
      // only Google documents them, and rewriting addresses would break matching at other targets.
      return value.trim().toLowerCase();
    case 'phone':
      return normalizePhone(value);
    case 'name':
      return normalizeName(value);
    case 'lowercase':
      return value.toLowerCase();
    case 'domain':
      return normalizeDomain(value);
    case 'url':
      return normalizeUrl(value);
  }
}

/**
 * E.164-style: separators (spaces, dashes, dots, parentheses, anything not a digit) are removed and
 * a leading `+` is kept. A value without `+` comes back as digits only; the SDK cannot guess a
 * country code, so the source data should carry it.
 */
function normalizePhone(value: string): string {
  const trimmed = value.trim();
  const digits = trimmed.replace(/\D/g, '');
  return trimmed.startsWith('+') && digits ? `+${digits}` : digits;
}

/**
 * Names as Google and Meta want them before hashing: trimmed, lower-case, no punctuation (hyphens
 * and apostrophes included, so "O'Brien" becomes "obrien"), inner whitespace collapsed to one space.
 * Letters of any script are kept.
 */
function normalizeName(value: string): string {
  return value
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The host of an email address, a URL or a bare host name: lower-case, without `www.` or a port. */
function normalizeDomain(value: string): string {
  let host = value.trim().toLowerCase();
  const at = host.lastIndexOf('@');
  if (at >= 0 && !URL_SCHEME.test(host)) host = host.slice(at + 1);
  else {
    try {
      host = new URL(URL_SCHEME.test(host) ? host : `http://${host}`).hostname;
    } catch {
      host = host.split(/[/?#]/)[0] ?? '';
    }
  }
  return host.replace(/\.$/, '').replace(/^www\./, '');
}

/** Trimmed, with `https://` added when the value has no scheme. */
function normalizeUrl(value: string): string {
  const trimmed = value.trim();
  if (!trimmed || URL_SCHEME.test(trimmed)) return trimmed;
  return `https://${trimmed.replace(/^\/\//, '')}`;
}

export function sha256Hex(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

export function isSha256Hex(s: string): boolean {
  return SHA256_HEX.test(s);
}

function isEmpty(value: CellValue | undefined): value is null | undefined | '' {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}

export type PreparedValue = { ok: true; value: CellValue } | { ok: false; reason: string };

/**
 * Normalises and (when the field says so) hashes one value. An empty optional value comes back as
 * `null`. A value that already is a SHA-256 hex string is never hashed again (the source data may
 * hold pre-hashed identifiers); it is only lower-cased, which is the form every target expects.
 */
export function prepareValue(field: ConnectorField, value: CellValue | undefined): PreparedValue {
  if (isEmpty(value)) {
    return field.required ? { ok: false, reason: `${field.label} is required` } : { ok: true, value: null };
  }
  const hashWanted = field.hash === 'sha256';
  if (hashWanted && typeof value === 'string' && isSha256Hex(value.trim())) {
    return { ok: true, value: value.trim().toLowerCase() };
  }
  const normalized = normalizeValue(value, field.normalize);
  if (isEmpty(normalized)) {
    return field.required ? { ok: false, reason: `${field.label} is required` } : { ok: true, value: null };
  }
  const isEmailField = field.normalize === 'email' || field.type === 'email';
  if (isEmailField && !EMAIL.test(String(normalized))) {
    return { ok: false, reason: `"${String(value)}" is not a valid email address` };
  }
  return { ok: true, value: hashWanted ? sha256Hex(String(normalized)) : normalized };
}

export type PreparedRecord = { ok: true; record: ExportRecord } | { ok: false; rejected: RejectedRecord };

/**
 * Builds the record a connector receives from mapped values: only the declared fields are kept,
 * each normalised and hashed per its rule. Empty optional fields are left out rather than sent as
 * `null`, so an upsert never blanks a value the target already holds. The record is rejected when
 * a field fails (the reason names it) or when every identifier field is empty, since the target
 * could not match it to anyone.
 */
export function prepareRecord(
  fields: ConnectorField[],
  key: string,
  values: Record<string, CellValue>,
): PreparedRecord {
  const prepared: Record<string, CellValue> = {};
  for (const field of fields) {
    const result = prepareValue(field, values[field.key]);
    if (!result.ok) return { ok: false, rejected: { key, reason: result.reason, field: field.key } };
    if (result.value !== null) prepared[field.key] = result.value;
  }
  const identifiers = fields.filter((field) => field.identifier);
  if (identifiers.length > 0 && identifiers.every((field) => prepared[field.key] === undefined)) {
    const labels = identifiers.map((field) => field.label).join(', ');
    return { ok: false, rejected: { key, reason: `The record has no identifier: ${labels} ${identifiers.length > 1 ? 'are all' : 'is'} empty` } };
  }
  return { ok: true, record: { key, values: prepared } };
}

/**
 * The fields a target knows a record by: the identifier fields, or every field when none is marked.
 * Removing a member needs only these, so they are what a host keeps of what it sent.
 */
export function identityFields(fields: ConnectorField[]): ConnectorField[] {
  const identifiers = fields.filter((field) => field.identifier);
  return identifiers.length > 0 ? identifiers : fields;
}

/**
 * A compact fingerprint of a record's values as sent (normalised and hashed): the first 128 bits of
 * the SHA-256 of the values in key order, as 22 base64url characters. Two records get the same
 * fingerprint exactly when the target would receive the same values, so a host stores it for each
 * member sent and compares it on the next run to find members whose values changed.
 */
export function fingerprintValues(values: Record<string, CellValue>): string {
  const entries = Object.keys(values)
    .filter((key) => values[key] !== undefined)
    .sort()
    .map((key) => [key, values[key]]);
  return createHash('sha256').update(JSON.stringify(entries), 'utf8').digest().subarray(0, 16).toString('base64url');
}
