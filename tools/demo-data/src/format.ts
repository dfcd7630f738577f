/** All generated dates are relative to this fixed instant, so data and segment sizes never drift. */
export const REFERENCE_DATE = '2026-11-01T00:00:00.000Z';
export const REFERENCE_TIME = Date.parse(REFERENCE_DATE);

export const DAY_MS = 86_400_000;

/** YYYY-MM-DD of an epoch-milliseconds instant (UTC). */
export function isoDate(time: number): string {
  return new Date(time).toISOString().slice(0, 10);
}

/** ISO 8601 datetime in UTC, second precision, in the canonical stored form (2026-03-31T14:05:09.000Z). */
export function isoDateTime(time: number): string {
  return new Date(Math.floor(time / 1000) * 1000).toISOString();
}

export function daysBeforeReference(days: number): number {
  return REFERENCE_TIME - days * DAY_MS;
}

export function padId(prefix: string, index: number, width: number): string {
  return prefix + String(index + 1).padStart(width, '0');
}

/** Lower-case ASCII without diacritics, spaces or punctuation: "Müller-Lüdenscheidt" → "mullerludenscheidt". */
export function asciiSlug(text: string, separator = ''): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .join(separator);
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

/** Number of rows for a base count and a scale, at least one. */
export function scaled(base: number, scale: number): number {
  return Math.max(1, Math.round(base * scale));
}
