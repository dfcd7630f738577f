import { StringDecoder } from 'node:string_decoder';

/**
 * Rows of PostgreSQL's `COPY … TO STDOUT`, as they arrive, in its default text format: one row per line, columns
 * separated by tabs, `\N` for null, and backslash escapes for backslash, tab, line breaks and other
 * control characters. The format never puts a raw newline inside a value, so rows split on '\n'
 * alone, and values without a backslash (nearly all of them) are taken as they are: far less work
 * per value than a CSV parser tracking quotes.
 */
export async function* copyTextRows(chunks: AsyncIterable<Buffer>): AsyncGenerator<(string | null)[][]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  for await (const chunk of chunks) {
    const text = rest + decoder.write(chunk);
    const rows: (string | null)[][] = [];
    let start = 0;
    for (let end = text.indexOf('\n', start); end !== -1; end = text.indexOf('\n', start)) {
      rows.push(text.slice(start, end).split('\t').map(copyTextValue));
      start = end + 1;
    }
    rest = text.slice(start);
    // The rows of one network chunk at a time: one await per chunk rather than one per row.
    if (rows.length > 0) yield rows;
  }
  rest += decoder.end();
  if (rest.length > 0) yield [rest.split('\t').map(copyTextValue)];
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function copyTextValue(field: string): string | null {
  if (field === '\\N') return null;
  if (!field.includes('\\')) return field;
  return field.replace(/\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))/gs, (_, octal?: string, hex?: string, char?: string) => {
    if (octal) return String.fromCharCode(parseInt(octal, 8));
    if (hex) return String.fromCharCode(parseInt(hex, 16));
    return ESCAPES[char!] ?? char!;
  });
}
