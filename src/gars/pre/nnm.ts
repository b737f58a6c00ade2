import { CALIBRATED, law, pairs } from '../cost.ts';
import { argsortBy, meansOf, pairwiseSquaredDistances } from '../linalg.ts';
import type { PreAggregator } from '../types.ts';
import { NO_PARAMS } from '../types.ts';

/**
 * NNM — nearest-neighbour mixing (Allouah, Farhadkhani, Guerraoui, Gupta, Pinot, Stephan,
 * AISTATS 2023, "Fixing by Mixing"): yᵢ = (1/(n−f)) Σ_{j∈Nᵢ} xⱼ, Nᵢ = the n−f nearest
 * neighbours of xᵢ among all inputs, xᵢ itself included (distance 0); ties to the lower index.
 * Used as F ∘ NNM: `nnm → krum`. n vectors in, n out.
 *
 * Requirement: n ≥ 2f+1 (paper: f < n/2); ByzFL only checks f < n.
 * κ of F ∘ NNM: (8f/(n−f))(κ_F + 1) recalled [U].
 * @example nnm([[1,2,3],[4,5,6],[7,8,9]], f=1) → [[2.5,3.5,4.5],[2.5,3.5,4.5],[5.5,6.5,7.5]]
 */
export const nnm: PreAggregator = {
  name: 'nnm',
  summary: 'replace each input by the mean of its n−f nearest neighbours (itself included)',
  schema: NO_PARAMS,
  params: {},
  cost: law(CALIBRATED, ['n(n−1)/2·d', (n, _f, d) => pairs(n) * d, 5.2], ['n·(n−f)·d', (n, f, d) => n * (n - f) * d, 1.2]),
  check(n, f, _params, convention) {
    if (convention === 'byzfl') return f < n ? undefined : `nnm: needs f < n (ByzFL), got n=${n}, f=${f}`;
    return n >= 2 * f + 1 ? undefined : `nnm: needs n ≥ 2f+1, got n=${n}, f=${f}`;
  },
  outputCount: (n) => n,
  apply(inputs, ctx) {
    const n = inputs.length;
    const dist = pairwiseSquaredDistances(inputs);
    const row = new Float64Array(n);
    const neighbours = inputs.map((_, i) => {
      for (let j = 0; j < n; j++) row[j] = i === j ? -1 : dist[i * n + j]; // self first, even among duplicates
      return argsortBy(row).slice(0, n - ctx.f);
    });
    return meansOf(inputs, neighbours, ctx.pool);
  },
};
