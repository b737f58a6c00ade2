import { applySteps } from '../../src/gars/apply.ts';
import { parsePipeline } from '../../src/gars/index.ts';
import type { Convention, Params, Vector } from '../../src/gars/types.ts';
import { stream } from '../../src/sim/rng.ts';

/** fast-check settings every property test uses: fixed seed, bounded runs. */
export const FC = { seed: 20261125, numRuns: 25 } as const;

/** The largest f a rule accepts at n (paper convention). */
export function maxF(rule: string, n: number): number {
  const last = parsePipeline(rule).at(-1)!.name;
  if (last === 'krum' || last === 'multi-krum') return Math.floor((n - 3) / 2);
  if (last === 'bulyan') return Math.floor((n - 3) / 4);
  return Math.floor((n - 1) / 2);
}

/** Smallest n a rule accepts with f = 1. */
export function minN(rule: string): number {
  const last = parsePipeline(rule).at(-1)!.name;
  return last === 'bulyan' ? 7 : last === 'krum' || last === 'multi-krum' ? 5 : 3;
}

/** Run a rule or pipeline on float64 rows (float32 storage, the simulator's, with `float32`). */
export function apply(rule: string, rows: readonly number[][], f: number, params: Params = {}, convention: Convention = 'paper', float32 = false): number[] {
  const steps = parsePipeline(rule);
  steps[steps.length - 1] = { ...steps[steps.length - 1], params };
  const inputs: Vector[] = rows.map((r) => (float32 ? Float32Array.from(r) : Float64Array.from(r)));
  const out = applySteps(steps, inputs, { f, convention, rng: stream(0, 'props') }) as Vector;
  return Array.from(out);
}

export function near(a: readonly number[], b: readonly number[], rel = 1e-9): boolean {
  const scale = Math.max(1, ...b.map(Math.abs));
  return a.length === b.length && a.every((v, k) => Math.abs(v - b[k]) <= rel * scale);
}
