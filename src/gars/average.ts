import { CALIBRATED, law } from './cost.ts';
import { meanOf } from './linalg.ts';
import type { Gar, Vector } from './types.ts';
import { NO_PARAMS } from './types.ts';

/**
 * Average: F(x) = (1/n) Σⱼ xⱼ.
 *
 * Requirement: none on n and f; but it is not (f, κ)-robust for any f ≥ 1 — a single
 * Byzantine input moves it anywhere (Blanchard et al. 2017, Lemma 1): κ = ∞ [derived].
 * Paper: the non-robust baseline of every seed paper. Same in both conventions.
 * @example average([[1,2,3],[4,5,6],[7,8,9]]) → [4,5,6]
 */
export const average: Gar = {
  name: 'average',
  summary: 'arithmetic mean of the inputs (not robust)',
  schema: NO_PARAMS,
  params: {},
  cost: law(CALIBRATED, ['n·d', (n, _f, d) => n * d, 1.7]),
  check: (n) => (n >= 1 ? undefined : `average: needs n ≥ 1, got n=${n}`),
  aggregate(inputs) {
    return mean(inputs);
  },
};

/** Mean of the given vectors, accumulated in float64 (blocked, four rows per pass: linalg.meanOf). */
export function mean<V extends Vector>(inputs: readonly V[]): V {
  if (inputs.length === 0) throw new Error('average: needs at least one input');
  return meanOf(inputs);
}
