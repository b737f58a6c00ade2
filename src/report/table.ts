/**
 * The final-figures table: one row per configuration, each figure the mean ± sd over its seeds
 * (just the value for a single seed); a configuration where some seed stalled says how many.
 */
import { finalAccuracy, overSeeds, type Cell } from './cells.ts';
import type { RunRecord } from './read.ts';
import { formatMeanSd } from './stats.ts';

export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly { readonly label: string; readonly cells: readonly string[] }[];
}

const last = (r: RunRecord) => r.rows[r.rows.length - 1];
/** Column name, value of one run, significant digits. */
const COLUMNS: readonly [string, (r: RunRecord) => number | undefined, number][] = [
  ['steps', (r) => r.rows.length, 7],
  ['virtual time (ms)', (r) => last(r)?.timeMs ?? 0, 7],
  ['final test accuracy', finalAccuracy, 4],
  ['final train loss', (r) => last(r)?.trainLoss ?? undefined, 4],
  ['messages sent', (r) => last(r)?.sent ?? 0, 7],
  ['dropped', (r) => last(r)?.dropped ?? 0, 7],
  ['stale', (r) => last(r)?.stale ?? 0, 7],
  ['faulty', (r) => last(r)?.faulty ?? 0, 7],
];

export function finalTable(cells: readonly Cell[]): Table {
  const seeds = cells.some((c) => c.runs.length > 1);
  const header = [...(seeds ? ['seeds'] : []), ...COLUMNS.map(([name]) => name)];
  const rows = cells.map((c) => {
    const stalled = c.runs.filter((r) => r.summary?.stalled).length;
    const mark = stalled === 0 ? '' : c.runs.length === 1 ? ' (stalled)' : ` (stalled: ${stalled} of ${c.runs.length} seeds)`;
    const values = COLUMNS.map(([, f, digits]) => formatMeanSd(overSeeds(c, f), digits));
    return { label: c.label + mark, cells: [...(seeds ? [c.runs.map((r) => r.seed ?? '?').join(', ')] : []), ...values] };
  });
  return { header, rows };
}
