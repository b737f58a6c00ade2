/**
 * Running a pack scenario at its `quick` size inside the test process (no CLI process start),
 * and reading back what its runs wrote: per configuration (`cell`, all seeds together) the
 * metrics rows of each seed, the final test accuracy per seed and its mean. One job thread by
 * default: a second one would start its own TensorFlow.js backend (≈ 4 s of CPU per test), and
 * ava already runs two test files at once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario, type PlannedRun } from '../../src/scenario/load.ts';
import { runScenario } from '../../src/sweep/run-scenario.ts';
import { tempDir } from '../e2e/cli.ts';

export type Row = Record<string, number | undefined> & { step: number; timeMs: number; testAccuracy?: number };

export interface Cell {
  readonly cell: string;
  readonly variant?: string;
  readonly grid: Readonly<Record<string, unknown>>;
  /** One entry per seed, in plan order. */
  readonly seeds: readonly { seed: number | string; rows: readonly Row[]; stalled: boolean }[];
  /** Final test accuracy per seed, and their mean. */
  readonly finals: readonly number[];
  readonly final: number;
}

export interface QuickRun {
  readonly out: string;
  readonly cells: readonly Cell[];
  /** The one cell whose variant and grid values match (throws when none or several do). */
  pick(match: { variant?: string } & Record<string, unknown>): Cell;
}

const readRows = (file: string): Row[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Row);
const lastAccuracy = (rows: readonly Row[]) => [...rows].reverse().find((r) => r.testAccuracy !== undefined)?.testAccuracy ?? Number.NaN;
const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

export async function runQuick(file: string, opts: { jobs?: number; set?: Record<string, unknown> } = {}): Promise<QuickRun> {
  const scenario = loadScenario(file, { size: 'quick', set: opts.set });
  const out = tempDir('byzsim-pack-');
  const summaries = await runScenario(scenario, { outDir: out, jobs: opts.jobs ?? 1 });
  const byCell = new Map<string, { run: PlannedRun; stalled: boolean }[]>();
  scenario.runs.forEach((run, i) => byCell.set(run.cell, [...(byCell.get(run.cell) ?? []), { run, stalled: summaries[i].stalled }]));
  const cells: Cell[] = [...byCell].map(([cell, runs]) => {
    const seeds = runs.map(({ run, stalled }) => ({ seed: run.seed, rows: readRows(join(out, run.slug, 'metrics.jsonl')), stalled }));
    const finals = seeds.map((s) => lastAccuracy(s.rows));
    return { cell, variant: runs[0].run.variant, grid: runs[0].run.grid, seeds, finals, final: mean(finals) };
  });
  const pick = (match: { variant?: string } & Record<string, unknown>) => {
    const found = cells.filter((c) => Object.entries(match).every(([k, v]) => (k === 'variant' ? c.variant === v : c.grid[k] === v)));
    if (found.length !== 1) throw new Error(`${file}: ${found.length} cells match ${JSON.stringify(match)} (cells: ${cells.map((c) => c.cell).join(', ')})`);
    return found[0];
  };
  return { out, cells, pick };
}

/** `0.81 [0.80, 0.83, 0.79]` — a cell's mean final accuracy and its seeds, for assertion messages. */
export const showFinal = (c: Cell) => `${c.final.toFixed(3)} [${c.finals.map((a) => a.toFixed(3)).join(', ')}]`;
