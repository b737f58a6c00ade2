/**
 * Configurations ("cells") and their curves over seeds. Runs that share plan.json's `cell` are
 * seeds of one configuration; a run without `cell` is a configuration of its own (plans written
 * before seeds existed). A cell's curve is aligned by step: at each step, the x position is the
 * mean over seeds of the run's x (the step itself, or the virtual time, which differs between
 * seeds under random delays) and y is the mean over the seeds that reached that step, with the
 * band of `stats.ts` around it.
 */
import type { MetricsRow } from '../sim/metrics.ts';
import { describeKeys } from './labels.ts';
import type { RunRecord } from './read.ts';
import { band, summarise, type BandKind, type Summary } from './stats.ts';

export interface Cell {
  readonly id: string;
  readonly label: string;
  readonly variant?: string;
  /** The grid point, without `seed`. */
  readonly grid: Readonly<Record<string, unknown>>;
  /** The seeds' runs, in plan order. */
  readonly runs: readonly RunRecord[];
}

const withoutSeed = (grid: Readonly<Record<string, unknown>>) => Object.fromEntries(Object.entries(grid).filter(([k]) => k !== 'seed'));

/** Group runs into cells, in the order cells first appear in the plan. */
export function groupCells(runs: readonly RunRecord[]): Cell[] {
  const byId = new Map<string, RunRecord[]>();
  for (const r of runs) {
    if (!byId.has(r.cell)) byId.set(r.cell, []);
    byId.get(r.cell)!.push(r);
  }
  return [...byId].map(([id, rs]) => {
    const grid = withoutSeed(rs[0].grid);
    const label = [rs[0].variant, describeKeys(grid, Object.keys(grid))].filter(Boolean).join(', ') || (rs.length > 1 ? id : rs[0].label);
    return { id, label, variant: rs[0].variant, grid, runs: rs };
  });
}

/** Grid keys used by any cell, in first-seen order. */
export function gridKeys(cells: readonly Cell[]): string[] {
  return [...new Set(cells.flatMap((c) => Object.keys(c.grid)))];
}

export interface BandPoint {
  readonly x: number;
  readonly y: number;
  readonly lo: number;
  readonly hi: number;
  /** Seeds that contributed. */
  readonly n: number;
}

/** The cell's mean curve of `y(row)` against `x(row)`, rows aligned by step; non-finite y skipped. */
export function meanCurve(cell: Cell, x: (r: MetricsRow) => number, y: (r: MetricsRow) => number | undefined | null, kind: BandKind): BandPoint[] {
  const byStep = new Map<number, { xs: number[]; ys: number[] }>();
  for (const run of cell.runs)
    for (const row of run.rows) {
      const v = y(row);
      if (v === undefined || v === null || !Number.isFinite(v)) continue;
      let at = byStep.get(row.step);
      if (!at) byStep.set(row.step, (at = { xs: [], ys: [] }));
      at.xs.push(x(row));
      at.ys.push(v);
    }
  return [...byStep.keys()]
    .sort((a, b) => a - b)
    .map((step) => {
      const { xs, ys } = byStep.get(step)!;
      const s = summarise(ys);
      const [lo, hi] = band(s, kind);
      return { x: summarise(xs).mean, y: s.mean, lo, hi, n: s.n };
    });
}

/** Last test accuracy of a run. */
export function finalAccuracy(r: RunRecord): number | undefined {
  for (let i = r.rows.length - 1; i >= 0; i--) if (r.rows[i].testAccuracy !== undefined) return r.rows[i].testAccuracy;
  return undefined;
}

/** A per-run figure summarised over the cell's seeds. */
export function overSeeds(cell: Cell, value: (r: RunRecord) => number | undefined): Summary {
  return summarise(cell.runs.map(value).filter((v): v is number => v !== undefined));
}
