import type { Gar } from './types.ts';

/**
 * Coordinate-wise median (Yin et al., ICML 2018): [F(x)]ₖ = median([x₁]ₖ, …, [xₙ]ₖ).
 * Even n: the mean of the two middle values (numpy's convention).
 *
 * Requirement: n ≥ 2f+1 (with an honest majority each coordinate is bracketed by honest values).
 * @example median([[1,2,3],[4,5,6],[7,8,9]]) → [4,5,6]
 */
export const median: Gar = {
  name: 'median',
  summary: 'coordinate-wise median (Yin et al. 2018)',
  params: {},
  check(n, f) {
    return n >= 2 * f + 1 ? undefined : `median: needs n ≥ 2f+1, got n=${n}, f=${f}`;
  },
  aggregate(inputs) {
    return coordinateMedian(inputs);
  },
};

/** Per-coordinate median with one scratch column (no per-coordinate allocation). */
export function coordinateMedian(inputs: readonly Float32Array[]): Float32Array {
  const n = inputs.length;
  const d = inputs[0].length;
  const col = new Float32Array(n);
  const out = new Float32Array(d);
  const mid = n >> 1;
  for (let k = 0; k < d; k++) {
    for (let i = 0; i < n; i++) col[i] = inputs[i][k];
    col.sort();
    out[k] = n % 2 === 1 ? col[mid] : (col[mid - 1] + col[mid]) / 2;
  }
  return out;
}
