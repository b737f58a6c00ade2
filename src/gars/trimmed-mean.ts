import { CALIBRATED, comparators, law } from './cost.ts';
import { BLOCK, ROW, columnSorter } from './column-sort.ts';
import { alloc, trimmedMeanInPlace } from './linalg.ts';
import type { Gar, Vector } from './types.ts';
import { NO_PARAMS } from './types.ts';

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
  schema: NO_PARAMS,
  params: {},
  cost: law(CALIBRATED, ['(comparators(n, f, n−f−1) + n)·d', (n, f, d) => (f > 0 ? comparators(n, f, n - f - 1) + n : n) * d, 2.7]),
  check(n, f) {
    return n >= 2 * f + 1 ? undefined : `trimmed-mean: needs n ≥ 2f+1, got n=${n}, f=${f}`;
  },
  aggregate(inputs, ctx) {
    return coordinateTrimmedMean(inputs, ctx.f);
  },
};

/**
 * Per-coordinate trimmed mean: float32 rows are sorted block by block by the WebAssembly SIMD
 * network (column-sort.ts) and the middle rows summed in float64; otherwise quickselect on one
 * reused scratch column.
 */
export function coordinateTrimmedMean<V extends Vector>(inputs: readonly V[], f: number): V {
  const n = inputs.length;
  const d = inputs[0].length;
  const sorter = inputs[0] instanceof Float32Array && n <= 256 && f > 0 ? columnSorter(n, f, n - f - 1) : undefined;
  if (sorter) {
    const rows = sorter.rows;
    const out = new Float32Array(d);
    const acc = new Float64Array(BLOCK);
    for (let k0 = 0; k0 < d; k0 += BLOCK) {
      const len = Math.min(BLOCK, d - k0);
      sorter.sortBlock(inputs as readonly Float32Array[], k0, len);
      acc.fill(0);
      for (let r = f; r < n - f; r++) {
        const off = r * ROW;
        for (let b = 0; b < len; b++) acc[b] += rows[off + b];
      }
      for (let b = 0; b < len; b++) out[k0 + b] = acc[b] / (n - 2 * f);
    }
    return out as V;
  }
  const col = new Float64Array(n);
  const out = alloc(inputs[0], d);
  for (let k = 0; k < d; k++) {
    for (let i = 0; i < n; i++) col[i] = inputs[i][k];
    out[k] = trimmedMeanInPlace(col, n, f);
  }
  return out;
}
