import { alloc, closestMean, medianInPlace, trimmedMeanInPlace } from './linalg.ts';
import type { Gar, Vector } from './types.ts';

/**
 * MeaMed — mean around the median (Xie, Koyejo, Gupta 2018, "Generalized Byzantine-tolerant SGD"):
 * per coordinate k, the mean of the n−f values [xⱼ]ₖ closest to the coordinate median
 * (even n: mean of the two middle values). Ties at the selection boundary go to the lower
 * index (ByzFL's argpartition picks one arbitrarily; both are valid).
 *
 * Requirement: n ≥ 2f+1 (LPD; ByzFL: 2f < n). κ and k_F: none verified [U].
 * @example meamed([[1,2,3],[4,5,6],[7,8,9]], f=1) → [2.5,3.5,4.5]
 */
export const meamed: Gar = {
  name: 'meamed',
  summary: 'coordinate-wise mean of the n−f values closest to the median (Xie et al. 2018)',
  params: {},
  check(n, f) {
    return n >= 2 * f + 1 ? undefined : `meamed: needs n ≥ 2f+1, got n=${n}, f=${f}`;
  },
  aggregate(inputs, ctx) {
    return meanAroundCenter(inputs, ctx.f, 'median');
  },
};

/** closest(x, f, c) of theory §1.8 with c the coordinate median or trimmed mean. */
export function meanAroundCenter<V extends Vector>(inputs: readonly V[], f: number, center: 'median' | 'trimmed-mean'): V {
  const n = inputs.length;
  const d = inputs[0].length;
  const col = new Float64Array(n);
  const work = new Float64Array(n);
  const dist = new Float64Array(2 * n);
  const out = alloc(inputs[0], d);
  for (let k = 0; k < d; k++) {
    for (let i = 0; i < n; i++) col[i] = work[i] = inputs[i][k];
    const c = center === 'median' ? medianInPlace(work, n) : trimmedMeanInPlace(work, n, f);
    out[k] = closestMean(col, n, c, n - f, dist);
  }
  return out;
}

