import { CALIBRATED, law, pairs, subsets } from './cost.ts';
import { meanOf, pairwiseSquaredDistances } from './linalg.ts';
import { assertSubsetsOk, SUBSET_PARAMS, subsetCheck } from './subsets.ts';
import type { Gar } from './types.ts';

/**
 * MDA — minimum-diameter averaging, "Brute" (El Mhamdi, Guerraoui, Rouault, ICML 2018; LPD code):
 * S* ∈ argmin_{|S| = n−f} max_{i,j∈S} ‖xᵢ − xⱼ‖, F(x) = (1/(n−f)) Σ_{i∈S*} xᵢ.
 * Exact search over the C(n, f) subsets (depth-first in lexicographic order, pruned by the best
 * diameter so far); on ties the lexicographically first subset wins (itertools order, as LPD and
 * ByzFL). Subsets containing a pair at non-finite distance are never preferred to finite ones.
 * Refuses, with a clear message, when C(n, f) > maxSubsets (default 2·10⁶).
 *
 * Requirement: n ≥ 2f+1 (LPD; ByzFL: 2f < n, the same bound).
 * κ: none found in the sources [U]. k_F(n, f) = (n−f)/(√8·f) (DPBR/MOM code, theory §2.2).
 * @example mda([[1,2,3],[4,5,6],[7,8,9]], f=1) → [2.5,3.5,4.5]
 */
export const mda: Gar = {
  name: 'mda',
  summary: 'mean of the n−f inputs with the smallest diameter (exact search)',
  schema: SUBSET_PARAMS,
  params: { maxSubsets: 2_000_000 },
  cost: law(CALIBRATED, ['n(n−1)/2·d', (n, _f, d) => pairs(n) * d, 0.87], ['C(n,f)·(n−f)', (n, f) => subsets(n, f) * (n - f), 12000]),
  check(n, f, params) {
    return subsetCheck('mda', n, f, params);
  },
  aggregate(inputs, ctx) {
    const n = inputs.length;
    assertSubsetsOk('mda', n, ctx.f, ctx.params);
    return meanOf(inputs, minDiameterSubset(pairwiseSquaredDistances(inputs), n, n - ctx.f));
  },
};

/** The lexicographically first subset of size m with the smallest diameter (squared distances). */
export function minDiameterSubset(dist: Float64Array, n: number, m: number): Int32Array {
  const cur = new Int32Array(m);
  const best = new Int32Array(m);
  let bestDiam = Infinity;
  let found = false;
  const rec = (depth: number, start: number, diam: number): void => {
    if (depth === m) {
      if (!found || diam < bestDiam) {
        bestDiam = diam;
        best.set(cur);
        found = true;
      }
      return;
    }
    for (let i = start; i <= n - (m - depth); i++) {
      let dm = diam;
      for (let t = 0; t < depth; t++) {
        const v = dist[cur[t] * n + i];
        if (v > dm) dm = v;
      }
      if (found && dm >= bestDiam) continue;
      cur[depth] = i;
      rec(depth + 1, i + 1, dm);
    }
  };
  rec(0, 0, 0);
  return best;
}
