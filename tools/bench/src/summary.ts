/**
 * The table `npm run bench` ends with: one row per measure, the time Outport took, the baseline
 * measured in the same run, their ratio and the goal, so one run answers "are we there?".
 */
export interface SummaryRow {
  measure: string;
  outport: string;
  baseline: string;
  /** How far from the baseline: a ratio ("1.12×") or a figure against a fixed goal ("38 ms"). */
  result: string;
  goal: string;
  /** Whether the goal is met; undefined for a measure without a goal. */
  met: boolean | undefined;
}

export class Summary {
  private readonly rows: SummaryRow[] = [];

  add(rows: SummaryRow | SummaryRow[] | void): void {
    if (rows) this.rows.push(...[rows].flat());
  }

  print(): void {
    if (this.rows.length === 0) return;
    const header: SummaryRow = {
      measure: 'measure',
      outport: 'Outport',
      baseline: 'baseline (same run)',
      result: 'result',
      goal: 'goal',
      met: true,
    };
    const cells = (r: SummaryRow) => [
      r.measure,
      r.outport,
      r.baseline,
      r.result,
      r.goal,
      r === header ? 'met' : r.met === undefined ? '' : r.met ? 'yes' : 'NO',
    ];
    const table = [header, ...this.rows].map(cells);
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
    console.log('Summary');
    console.log(line(table[0]!));
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const row of table.slice(1)) console.log(line(row));
  }
}

export const secondsText = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const ratioText = (ratio: number) => `${ratio.toFixed(2)}×`;
