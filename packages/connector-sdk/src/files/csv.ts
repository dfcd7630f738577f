import type { CellValue } from '@outport/core';

/**
 * CSV as every file-writing connector encodes it: RFC 4180 records ending in CRLF, a field quoted
 * only when it holds the delimiter, a quote, CR or LF (quotes inside doubled), empty values as
 * empty fields, booleans as `true`/`false`, numbers in plain decimal notation, text as it is.
 *
 * Optionally, text is protected from formula injection (OWASP's "CSV Injection" page):
 * spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula, and OWASP adds tab,
 * CR and LF to the characters no cell may start with. A customer who typed `=HYPERLINK(...)` as their
 * name could otherwise make whoever opens the file send data elsewhere. With `escapeFormulas`, such
 * text gets a leading `'`, which spreadsheets read as "this is text". That changes the data (a
 * reader that is not a spreadsheet sees the `'`), so it is off unless an export asks for it.
 * Numbers are never escaped: the number -5 is not a formula.
 */

export interface CsvOptions {
  /** One character; `,` by default. Not `"`, CR or LF. */
  delimiter?: string;
  /** Prefix text that a spreadsheet would run as a formula with `'`. Off by default. */
  escapeFormulas?: boolean;
}

/** First characters that make a spreadsheet treat a cell as a formula (OWASP's list). */
export const FORMULA_TRIGGERS: readonly string[] = ['=', '+', '-', '@', '\t', '\r', '\n'];

const LINE_END = '\r\n';

export class CsvEncoder {
  readonly delimiter: string;
  private readonly escapeFormulas: boolean;
  private readonly needsQuotes: RegExp;

  constructor(options: CsvOptions = {}) {
    const delimiter = options.delimiter ?? ',';
    if ([...delimiter].length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
      throw new Error(`A CSV delimiter is one character other than a quote or a line break, not ${JSON.stringify(delimiter)}.`);
    }
    this.delimiter = delimiter;
    this.escapeFormulas = options.escapeFormulas === true;
    const literal = delimiter.replace(/[\\\]^-]/g, '\\$&');
    this.needsQuotes = new RegExp(`["\\r\\n${literal}]`);
  }

  /** One record, CRLF included. */
  row(values: readonly (CellValue | undefined)[]): string {
    return values.map((value) => this.field(value)).join(this.delimiter) + LINE_END;
  }

  /** One field, quoted when it must be. */
  field(value: CellValue | undefined): string {
    const text = this.text(value);
    return this.needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  }

  private text(value: CellValue | undefined): string {
    if (value === null || value === undefined) return '';
    if (typeof value === 'number') return plainNumber(value);
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    return this.escapeFormulas ? escapeFormula(value) : value;
  }
}

/** Text that a spreadsheet would run as a formula, with a leading `'`; other text unchanged. */
export function escapeFormula(text: string): string {
  return text !== '' && FORMULA_TRIGGERS.includes(text[0]!) ? `'${text}` : text;
}

/**
 * A number in plain decimal notation, never with an exponent: JavaScript writes 1e-7 and 1e+21,
 * which many CSV readers (and CDM's decimal and int64 parsers) refuse. The digits are those of the
 * shortest form that reads back as the same number, so nothing is rounded.
 */
export function plainNumber(value: number): string {
  const text = String(value);
  const exponentAt = text.indexOf('e');
  if (exponentAt < 0 || !Number.isFinite(value)) return text;
  const sign = text.startsWith('-') ? '-' : '';
  const [whole = '', fraction = ''] = text.slice(sign.length, exponentAt).split('.');
  const digits = whole + fraction;
  // Where the decimal point falls in `digits` once the exponent is applied.
  const point = whole.length + Number(text.slice(exponentAt + 1));
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
