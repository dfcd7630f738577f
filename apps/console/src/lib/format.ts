// Display formatting shared by the pages. Pure functions, so they are easy to test.
import type { EnvironmentKind } from '@outport/core';

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 1234567 → "1,234,567". */
export function formatCount(value: number): string {
  return integer.format(value);
}

const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const relativeShort = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' });
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** An ISO timestamp as "5 minutes ago", "yesterday", "in 2 hours"; "Never" for null. */
export function formatRelative(iso: string | null | undefined, now: number = Date.now(), style: 'long' | 'short' = 'long'): string {
  const format = style === 'short' ? relativeShort : relative;
  if (!iso) return 'Never';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return '—';
  const seconds = Math.round((time - now) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  for (const [unit, size] of UNITS) {
    if (abs >= size * 0.9 || unit === 'minute') return format.format(Math.round(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}

const dateTime = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });

/** An ISO timestamp as "28 Nov 2026, 17:42" (for tooltips and absolute columns). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '—' : dateTime.format(time);
}

/** 1530 → "1.5 s", 420 → "420 ms". */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export const ENVIRONMENT_KIND_LABELS: Record<EnvironmentKind, string> = {
  individuals: 'Individuals',
  business: 'Business',
};

/** How much longer until `iso` ("in 3 hours"), or how long ago. */
export function formatWhen(iso: string | null | undefined, now: number = Date.now()): string {
  return iso ? formatRelative(iso, now) : '—';
}

const LOW_LEVEL: [RegExp, string][] = [
  [/\bECONNREFUSED\b/, 'The destination refused the connection: nothing is listening at that address. Check the host and port of the connection, or whether the service is running.'],
  [/\b(ENOTFOUND|EAI_AGAIN)\b/, 'The destination’s host name could not be found. Check the host of the connection.'],
  [/\b(ETIMEDOUT|ESOCKETTIMEDOUT|UND_ERR_CONNECT_TIMEOUT)\b/, 'The destination did not answer in time. It may be overloaded or unreachable; the run can be tried again.'],
  [/\b(ECONNRESET|EPIPE)\b|socket hang up/, 'The destination closed the connection unexpectedly. Try the run again; if it keeps happening, test the connection.'],
  [/\b(CERT_\w+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)\b/, 'The destination’s security certificate is not trusted. Check its address, or ask its owner about the certificate.'],
  [/\b(EACCES|EPERM)\b/, 'Outport was not allowed to write there. Check the folder’s permissions.'],
  [/\bENOSPC\b/, 'The destination is out of space.'],
];

/**
 * An error from a run or a connection test in words. Connectors explain most failures themselves;
 * one that carries a bare system code (`connect ECONNREFUSED 127.0.0.1:4010`) gets a sentence, and
 * the original text stays available as the technical detail.
 */
export function errorInWords(message: string): { text: string; technical: string | null } {
  const trimmed = message.trim();
  const words = LOW_LEVEL.find(([pattern]) => pattern.test(trimmed))?.[1];
  return words ? { text: words, technical: trimmed } : { text: trimmed, technical: null };
}
