import type { ExportItem, ExportRecord } from '@outport/connector-sdk';
import type { CellValue } from '@outport/connector-sdk';

/** A file's columns and how to read them off a record. */
export interface Layout {
  header: string[];
  cells(record: ExportRecord): CellValue[];
}

/**
 * Tables are written with their own columns, in the table's order, the key column first when the
 * table does not list it. Segments are written with every field of the audience kind, in the
 * manifest's order: a field the export does not map is an empty column, so files of one export
 * always have the same layout whatever the mapping (and downstream loaders never break when a
 * mapping changes).
 */
export function layoutFor(item: ExportItem, fields: readonly { key: string }[]): Layout {
  if (item.kind === 'table') {
    const names = item.columns.map((column) => column.name);
    const header = names.includes(item.keyColumn) ? names : [item.keyColumn, ...names];
    return {
      header,
      cells: (record) => header.map((name) => (name === item.keyColumn ? (record.values[name] ?? record.key) : (record.values[name] ?? null))),
    };
  }
  const header = fields.map((field) => field.key);
  return {
    header,
    // The key field is required, so the SDK always fills it; the record key is the fallback.
    cells: (record) => header.map((name) => record.values[name] ?? (name === 'key' ? record.key : null)),
  };
}
