import type { CellValue } from '@outport/connector-sdk';
import type { Delimiter } from './manifest.js';

/** RFC 4180 line ending. */
const LINE_END = '\r\n';

/**
 * Encodes rows as RFC 4180 CSV with the chosen delimiter: a field is quoted only when it holds the
 * delimiter, a quote or a line break, and quotes inside it are doubled. Empty values are empty
 * fields; booleans are `true`/`false`; numbers use JavaScript's shortest exact form.
 */
export class CsvEncoder {
  private readonly needsQuotes: RegExp;

  constructor(private readonly delimiter: Delimiter) {
    // Every allowed delimiter is literal inside a character class.
    this.needsQuotes = new RegExp(`["\\r\\n${delimiter}]`);
  }

  row(cells: readonly CellValue[]): string {
    return cells.map((cell) => this.field(cell)).join(this.delimiter) + LINE_END;
  }

  private field(value: CellValue | undefined): string {
    if (value === null || value === undefined) return '';
    const text = typeof value === 'string' ? value : String(value);
    return this.needsQuotes.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  }
}
