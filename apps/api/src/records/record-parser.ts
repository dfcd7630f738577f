import type { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { parse } from 'csv-parse';

export type RecordFormat = 'csv' | 'ndjson';

/** One source record with the line it started on, or a line that could not be read at all. */
export type SourceRecord = { line: number; values: Record<string, unknown> } | { line: number; error: string };

export interface ParsedSource {
  /** The column names the source carries (CSV header, or the keys seen in the first NDJSON object). */
  header(): Promise<string[]>;
  records: AsyncIterable<SourceRecord>;
}

export function formatFromContentType(contentType: string | undefined): RecordFormat | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'text/csv' || type === 'application/csv') return 'csv';
  if (type === 'application/x-ndjson' || type === 'application/ndjson' || type === 'application/jsonl' || type === 'application/x-jsonlines') return 'ndjson';
  return null;
}

/** Streams CSV (RFC 4180, header row required) as records; malformed lines become errors, not failures. */
export async function* readCsv(input: Readable, onHeader: (header: string[]) => void): AsyncGenerator<SourceRecord> {
  const parser = input.pipe(
    parse({
      bom: true,
      columns: (header: string[]) => {
        const names = header.map((h) => h.trim());
        onHeader(names);
        return names;
      },
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
    }),
  );
  const skipped: SourceRecord[] = [];
  parser.on('skip', (error: Error & { lines?: number }) => {
    skipped.push({ line: error.lines ?? 0, error: error.message });
  });
  // csv-parse counts records with the wrong number of fields cumulatively; a rise marks this one.
  let invalidSoFar = 0;
  for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; invalid_field_length: number } }>) {
    while (skipped.length) yield skipped.shift()!;
    const line = item.info.lines;
    if (item.info.invalid_field_length > invalidSoFar) {
      invalidSoFar = item.info.invalid_field_length;
      yield { line, error: `has a different number of fields than the header` };
      continue;
    }
    yield { line, values: item.record };
  }
  while (skipped.length) yield skipped.shift()!;
}

/** Streams newline-delimited JSON: one object per line; blank lines are ignored. */
export async function* readNdjson(input: Readable, onHeader: (header: string[]) => void): AsyncGenerator<SourceRecord> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let line = 0;
  let headerSent = false;
  for await (const text of lines) {
    line++;
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { line, error: 'is not valid JSON' };
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      yield { line, error: 'is not a JSON object' };
      continue;
    }
    // Cells are values: a nested object or array is no column's value (and is never walked).
    const nested = Object.entries(value).find(([, cell]) => typeof cell === 'object' && cell !== null);
    if (nested) {
      yield { line, error: `has an object or array in field ${JSON.stringify(nested[0])}, not a value` };
      continue;
    }
    if (!headerSent) {
      onHeader(Object.keys(value));
      headerSent = true;
    }
    yield { line, values: value as Record<string, unknown> };
  }
}
