import type { CellValue } from '@outport/connector-sdk';

// RFC 4180: a field is quoted when it holds a comma, a quote, CR or LF; quotes inside are doubled;
// records end with CRLF. Everything else is written bare, so most files stay easy to eyeball.
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly (CellValue | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
