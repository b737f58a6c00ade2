import type { Gar, GarContext } from './types.ts';

/**
 * Krum (Blanchard, El Mhamdi, Guerraoui, Stainer, NeurIPS 2017).
 * score(i) = Σ_{j ∈ N(i)} ‖xᵢ − xⱼ‖², N(i) = the n−f−2 nearest j ≠ i (paper) or the n−f−1
 * nearest (ByzFL convention, `--convention byzfl`); output x_{i*}, i* = argmin score,
 * ties to the smallest index (paper, footnote 3).
 *
 * Requirement: n ≥ 2f+3 (Prop. 1).
 * @example krum([[1,2,3],[4,5,6],[7,8,9]], f=1) → [1,2,3] (all scores tie; first wins)
 */
export const krum: Gar = {
  name: 'krum',
  summary: 'the input with the smallest sum of squared distances to its n−f−2 nearest neighbours',
  params: {},
  check(n, f) {
    return n >= 2 * f + 3 ? undefined : `krum: needs n ≥ 2f+3, got n=${n}, f=${f}`;
  },
  aggregate(inputs, ctx) {
    const scores = krumScores(inputs, ctx);
    let best = 0;
    for (let i = 1; i < scores.length; i++) if (scores[i] < scores[best]) best = i;
    return Float32Array.from(inputs[best]);
  },
};

/** Krum scores for every input (see `krum`). */
export function krumScores(inputs: readonly Float32Array[], ctx: GarContext): Float64Array {
  const n = inputs.length;
  const m = ctx.convention === 'byzfl' ? n - ctx.f - 1 : n - ctx.f - 2;
  const dist = pairwiseSquaredDistances(inputs);
  const scores = new Float64Array(n);
  const row = new Float64Array(n - 1);
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let j = 0; j < n; j++) if (j !== i) row[c++] = dist[i * n + j];
    row.sort();
    let s = 0;
    for (let j = 0; j < m; j++) s += row[j];
    scores[i] = s;
  }
  return scores;
}

/** Row-major n×n matrix of squared Euclidean distances (float64 accumulation). */
export function pairwiseSquaredDistances(inputs: readonly Float32Array[]): Float64Array {
  const n = inputs.length;
  const d = inputs[0].length;
  const dist = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const a = inputs[i];
    for (let j = i + 1; j < n; j++) {
      const b = inputs[j];
      let s = 0;
      for (let k = 0; k < d; k++) {
        const t = a[k] - b[k];
        s += t * t;
      }
      dist[i * n + j] = s;
      dist[j * n + i] = s;
    }
  }
  return dist;
}
