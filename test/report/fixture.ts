/**
 * Run directories written the way `byzsim run` writes them (plan.json, and per run
 * metrics.jsonl, done.json, config.json, optionally wall.json and env.json), with synthetic
 * curves, so report tests do not need to run a simulation.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface FixtureRun {
  readonly slug: string;
  readonly label: string;
  readonly variant?: string;
  readonly grid?: Record<string, unknown>;
  readonly seed?: number;
  readonly cell?: string;
  /** Row fields per step (step and timeMs are filled in). */
  readonly rows: readonly Record<string, number | null | undefined>[];
  readonly stalled?: boolean;
  readonly kF?: number;
  readonly wallMs?: number;
}

export interface Fixture {
  readonly name?: string;
  readonly report?: Record<string, unknown>;
  readonly seeds?: readonly number[];
  readonly figures?: readonly Record<string, unknown>[];
  readonly runs: readonly FixtureRun[];
  readonly env?: Record<string, string | number | null>;
}

const row = (step: number, fields: Record<string, number | null | undefined>) => ({
  step,
  timeMs: 10 * (step + 1),
  trainLoss: null,
  used: 5,
  byzantineUsed: 0,
  timedOut: false,
  sent: 10 * step,
  delivered: 10 * step,
  dropped: 0,
  duplicated: 0,
  stale: 0,
  faulty: 0,
  ...fields,
});

export function writeFixture(f: Fixture, dir = mkdtempSync(join(tmpdir(), 'byzsim-report-'))): string {
  const plan = {
    scenario: 'fixture.yaml',
    name: f.name ?? 'fixture',
    report: f.report,
    ...(f.seeds ? { seeds: f.seeds } : {}),
    ...(f.figures ? { figures: f.figures } : {}),
    runs: f.runs.map(({ slug, label, variant, grid, seed, cell }) => ({ slug, label, variant, grid, seed, cell })),
  };
  writeFileSync(join(dir, 'plan.json'), JSON.stringify(plan, null, 1));
  for (const r of f.runs) {
    mkdirSync(join(dir, r.slug), { recursive: true });
    writeFileSync(join(dir, r.slug, 'metrics.jsonl'), r.rows.map((fields, step) => JSON.stringify(row(step, fields)) + '\n').join(''));
    writeFileSync(
      join(dir, r.slug, 'config.json'),
      JSON.stringify({ name: f.name ?? 'fixture', seed: r.seed ?? 1, steps: r.rows.length, grid: r.grid }, null, 1),
    );
    writeFileSync(
      join(dir, r.slug, 'done.json'),
      JSON.stringify({ slug: r.slug, label: r.label, steps: r.rows.length, stalled: r.stalled ?? false, backend: 'cpu', kF: r.kF }),
    );
    if (r.wallMs !== undefined) writeFileSync(join(dir, r.slug, 'wall.json'), JSON.stringify({ wallMs: r.wallMs }));
  }
  if (f.env) writeFileSync(join(dir, 'env.json'), JSON.stringify(f.env));
  return dir;
}

/** A learning curve: accuracy rising to `top`, loss falling, shifted by the seed. */
export function curve(
  steps: number,
  top: number,
  seed: number,
  extra: (step: number) => Record<string, number | undefined> = () => ({}),
): Record<string, number | undefined>[] {
  return Array.from({ length: steps }, (_, s) => ({
    trainLoss: 2.3 * Math.exp(-s / 10) + 0.01 * seed,
    testAccuracy: s % 5 === 4 ? top * (1 - Math.exp(-s / 8)) + 0.02 * (seed - 2) : undefined,
    ...extra(s),
  }));
}

/** `cells` configurations × `seeds` seeds, runs slugged `<cell>-seed=<s>`. */
export function seededRuns(
  cells: readonly { cell: string; label: string; grid: Record<string, unknown>; top: number; variant?: string }[],
  seeds: readonly number[],
  steps = 20,
): FixtureRun[] {
  return cells.flatMap((c) =>
    seeds.map((seed) => ({
      slug: `${c.cell}-seed=${seed}`,
      label: `${c.label} seed=${seed}`,
      variant: c.variant,
      grid: { ...c.grid, seed },
      seed,
      cell: c.cell,
      rows: curve(steps, c.top, seed),
    })),
  );
}
