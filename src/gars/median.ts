import { CALIBRATED, comparators, law } from './cost.ts';
import { BLOCK, ROW, columnSorter } from './column-sort.ts';
import { alloc, medianInPlace } from './linalg.ts';
import type { Gar, Vector } from './types.ts';
import { NO_PARAMS } from './types.ts';

/**
 * Coordinate-wise median (Yin, Chen, Ramchandran, Bartlett, ICML 2018):
 * [F(x)]ₖ = median([x₁]ₖ, …, [xₙ]ₖ).
 * Even n: the mean of the two middle values (numpy's and ByzFL's convention; torch.median
 * would return the lower one) — the same in both conventions.
 *
 * Requirement: n ≥ 2f+1 [derived: with an honest majority each coordinate is bracketed by
 * honest values]; ByzFL's Median has no f and accepts any n ≥ 1.
 * κ: 4(1 + f/(n−2f))² is a recollection of Allouah et al. 2023 [U] — reported, not enforced.
 * k_F(n, f) = 1/√(n−f) (LPD code, theory §2.2).
 * @example median([[1,2,3],[4,5,6],[7,8,9]]) → [4,5,6]
 */
export const median: Gar = {
  name: 'median',
  summary: 'coordinate-wise median (Yin et al. 2018)',
  schema: NO_PARAMS,
  params: {},
  cost: law(CALIBRATED, ['(comparators(n, ⌊(n−1)/2⌋, ⌊n/2⌋) + n)·d', (n, _f, d) => (comparators(n, (n - 1) >> 1, n >> 1) + n) * d, 1.6]),
  check(n, f, _params, convention) {
    if (convention === 'byzfl') return n >= 1 ? undefined : `median: needs n ≥ 1, got n=${n}`;
    return n >= 2 * f + 1 ? undefined : `median: needs n ≥ 2f+1, got n=${n}, f=${f}`;
  },
  aggregate(inputs) {
    return coordinateMedian(inputs);
  },
};

/**
 * Per-coordinate median: float32 rows go through the WebAssembly SIMD sorting network block by
 * block (column-sort.ts); otherwise one reused scratch column and quickselect. No per-coordinate
 * allocation either way.
 */
export function coordinateMedian<V extends Vector>(inputs: readonly V[]): V {
  const n = inputs.length;
  const d = inputs[0].length;
  const sorter = inputs[0] instanceof Float32Array && n <= 256 ? columnSorter(n, (n - 1) >> 1, n >> 1) : undefined;
  if (sorter) {
    const rows = sorter.rows;
    const out = new Float32Array(d);
    const hi = (n >> 1) * ROW;
    const lo = ((n - 1) >> 1) * ROW;
    for (let k0 = 0; k0 < d; k0 += BLOCK) {
      const len = Math.min(BLOCK, d - k0);
      sorter.sortBlock(inputs as readonly Float32Array[], k0, len);
      if (n % 2 === 1) out.set(rows.subarray(hi, hi + len), k0);
      else for (let b = 0; b < len; b++) out[k0 + b] = (rows[lo + b] + rows[hi + b]) / 2;
    }
    return out as V;
  }
  const col = new Float64Array(n);
  const out = alloc(inputs[0], d);
  for (let k = 0; k < d; k++) {
    for (let i = 0; i < n; i++) col[i] = inputs[i][k];
    out[k] = medianInPlace(col, n);
  }
  return out;
}
