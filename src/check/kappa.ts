/**
 * The (f, κ)-robustness judge (Allouah, Farhadkhani, Guerraoui, Gupta, Pinot, Stephan, AISTATS 2023;
 * theory §3.1): for an output F and a set S of |S| = n−f inputs,
 *   ratio(S) = ‖F − x̄_S‖² / ((1/|S|) Σ_{i∈S} ‖xᵢ − x̄_S‖²),
 * and F is (f, κ)-robust on x iff ratio(S) ≤ κ for every such S. A zero honest variance demands
 * F = x̄_S exactly: the ratio is then 0 if ‖F − x̄_S‖² ≤ ε·scale and +∞ otherwise.
 */
import { binomial } from '../gars/linalg.ts';
import type { Vector } from '../gars/types.ts';

export interface KappaJudgement {
  /** Largest ratio found. */
  readonly ratio: number;
  /** The subset S attaining it (sorted indices). */
  readonly subset: number[];
  /** ‖F − x̄_S‖² and var_S for that subset. */
  readonly error: number;
  readonly variance: number;
  /** Whether every subset of size n−f was examined (else only the given honest set). */
  readonly exhaustive: boolean;
}

/** With zero variance, ‖F − x̄_S‖ ≤ slack·rms(x) counts as exactly zero (float64 rounding of a mean). */
export const ZERO_VARIANCE_SLACK = 1e-10;

/** ratio(S) for one set S of indices. */
export function kappaRatio(
  output: ArrayLike<number>,
  inputs: readonly Vector[],
  subset: readonly number[],
): { ratio: number; error: number; variance: number } {
  const d = output.length;
  const m = subset.length;
  const mean = new Float64Array(d);
  for (const i of subset) {
    const x = inputs[i];
    for (let k = 0; k < d; k++) mean[k] += x[k];
  }
  for (let k = 0; k < d; k++) mean[k] /= m;
  let variance = 0;
  let scale = 0;
  for (const i of subset) {
    const x = inputs[i];
    for (let k = 0; k < d; k++) {
      const t = x[k] - mean[k];
      variance += t * t;
      scale += x[k] * x[k];
    }
  }
  variance /= m;
  scale /= m;
  let error = 0;
  for (let k = 0; k < d; k++) {
    const t = output[k] - mean[k];
    error += t * t;
  }
  if (Number.isNaN(error)) return { ratio: Infinity, error, variance };
  if (variance === 0) return { ratio: error <= ZERO_VARIANCE_SLACK * ZERO_VARIANCE_SLACK * scale ? 0 : Infinity, error, variance };
  return { ratio: error / variance, error, variance };
}

/** Default cap on C(n, f) for the exhaustive judge. */
export const MAX_JUDGED_SUBSETS = 20_000;

/**
 * The worst ratio over every S of size n−f when C(n, f) ≤ maxSubsets, else over the given
 * honest set only (the judge is then a lower bound on the true worst case).
 */
export function worstKappa(
  output: ArrayLike<number>,
  inputs: readonly Vector[],
  f: number,
  honest?: readonly number[],
  maxSubsets = MAX_JUDGED_SUBSETS,
): KappaJudgement {
  const n = inputs.length;
  const m = n - f;
  const exhaustive = binomial(n, f) <= maxSubsets;
  let worst: KappaJudgement = { ratio: -1, subset: [], error: 0, variance: 0, exhaustive };
  const consider = (subset: number[]) => {
    const r = kappaRatio(output, inputs, subset);
    if (r.ratio > worst.ratio) worst = { ...r, subset: [...subset], exhaustive };
  };
  if (exhaustive) {
    const cur: number[] = [];
    const rec = (start: number) => {
      if (cur.length === m) return consider(cur);
      for (let i = start; i <= n - (m - cur.length); i++) {
        cur.push(i);
        rec(i + 1);
        cur.pop();
      }
    };
    rec(0);
  } else {
    if (!honest) throw new Error(`kappa judge: C(${n},${f}) subsets exceed ${maxSubsets}; give the honest set`);
    consider([...honest].sort((a, b) => a - b));
  }
  return worst;
}
