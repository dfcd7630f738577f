// Types of the shared components, in a .ts module so that TypeScript tooling outside Svelte files
// (eslint's type-aware rules) can resolve them.

export interface DataColumn {
  /** Identifies the column for the `cell` snippet. */
  id: string;
  label: string;
  /** The API's sort key; columns without one are not sortable. */
  sortKey?: string;
  align?: 'left' | 'right';
  /** A CSS width, e.g. '12rem' or '20%'. */
  width?: string;
  /** Hidden header label (e.g. for an actions column). */
  hideLabel?: boolean;
  /** Keep the cell on one line (short values: dates, counts, buttons). */
  nowrap?: boolean;
}

export type BadgeTone = 'neutral' | 'success' | 'warning' | 'danger' | 'info' | 'accent';
