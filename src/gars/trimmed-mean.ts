import { alloc, trimmedMeanInPlace } from './linalg.ts';
import type { Gar, Vector } from './types.ts';

/**
 * Coordinate-wise trimmed mean (Yin, Chen, Ramchandran, Bartlett, ICML 2018): per coordinate k,
 * sort [x₁]ₖ…[xₙ]ₖ, drop the f smallest and the f largest, average the n−2f left:
 * [TM_f(x)]ₖ = (1/(n−2f)) Σ_{j=f+1}^{n−f} [x_{π_k(j)}]ₖ. f = 0 gives the average.
 * (Yin et al. state it with a trimmed fraction β; we trim exactly f per side, as LPD and ByzFL do.)
 *
 * Requirement: n ≥ 2f+1 (ByzFL: 2f < n, the same bound).
 * κ: the instance of theory §3.2 shows TM_f attains exactly f/(n−2f) [derived] (the lower
 * bound for every rule); the upper bound (6f/(n−2f))(1 + f/(n−2f)) is a recollection [U].
 * @example trimmedMean([[1,2,3],[4,5,6],[7,8,9]], f=1) → [4,5,6]
 */
export const trimmedMean: Gar = {
  name: 'trimmed-mean',
  summary: 'coordinate-wise mean after dropping the f largest and f smallest values (Yin et al. 2018)',
  params: {},
  check(n, f) {
    return n >= 2 * f + 1 ? undefined : `trimmed-mean: needs n ≥ 2f+1, got n=${n}, f=${f}`;
  },
  aggregate(inputs, ctx) {
    return coordinateTrimmedMean(inputs, ctx.f);
  },
};

/** Per-coordinate trimmed mean with one reused scratch column. */
export function coordinateTrimmedMean<V extends Vector>(inputs: readonly V[], f: number): V {
  const n = inputs.length;
  const d = inputs[0].length;
  const col = new Float64Array(n);
  const out = alloc(inputs[0], d);
  for (let k = 0; k < d; k++) {
    for (let i = 0; i < n; i++) col[i] = inputs[i][k];
    out[k] = trimmedMeanInPlace(col, n, f);
  }
  return out;
}
