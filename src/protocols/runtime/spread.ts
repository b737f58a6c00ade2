/**
 * The spread of a set of models: the largest per-coordinate range
 *   spread(x_1 … x_m) = max_k (max_i x_i[k] − min_i x_i[k])   (0 for fewer than two models),
 * the ℓ∞ diameter of their bounding box. A coordinate-wise median of q models of which at most f
 * are outside a set S, with q ≥ 2f + 1, lies coordinate by coordinate between S's extremes, so
 * merging that way never widens S's spread — what `spread` records let a judge check (GuanYu's
 * gather, seed 002).
 */
export function spread(models: readonly Float32Array[]): number {
  if (models.length < 2) return 0;
  const d = models[0].length;
  let worst = 0;
  for (let k = 0; k < d; k++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of models) {
      const v = x[k];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const range = hi - lo;
    if (Number.isNaN(range)) return Number.NaN; // a NaN coordinate (or ∞ − ∞): no bound holds
    if (range > worst) worst = range;
  }
  return worst;
}
