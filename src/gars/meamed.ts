import { CALIBRATED, comparators, law } from './cost.ts';
import { BLOCK, ROW, columnSorter } from './column-sort.ts';
import { alloc, closestMean, medianInPlace, trimmedMeanInPlace } from './linalg.ts';
import type { Gar, Vector } from './types.ts';
import { NO_PARAMS } from './types.ts';

/**
 * MeaMed — mean around the median (Xie, Koyejo, Gupta 2018, "Generalized Byzantine-tolerant SGD"):
 * per coordinate k, the mean of the n−f values [xⱼ]ₖ closest to the coordinate median
 * (even n: mean of the two middle values). Ties at the selection boundary go to the lower
 * index (ByzFL's argpartition picks one arbitrarily; both are valid) — on float32 rows, which
 * take the sorted-column fast path, to the smaller value (the n−f closest values are a
 * contiguous window of the sorted column).
 *
 * Requirement: n ≥ 2f+1 (LPD; ByzFL: 2f < n). κ and k_F: none verified [U].
 * @example meamed([[1,2,3],[4,5,6],[7,8,9]], f=1) → [2.5,3.5,4.5]
 */
export const meamed: Gar = {
  name: 'meamed',
  summary: 'coordinate-wise mean of the n−f values closest to the median (Xie et al. 2018)',
  schema: NO_PARAMS,
  params: {},
  cost: law(CALIBRATED, ['(comparators(n) + n)·d', (n, _f, d) => (comparators(n) + n) * d, 4.0]),
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
  const sorter = inputs[0] instanceof Float32Array && n <= 256 ? columnSorter(n) : undefined;
  if (sorter)
    return windowMeans(inputs as readonly Float32Array[], f, center, sorter.rows, (k0, len) =>
      sorter.sortBlock(inputs as readonly Float32Array[], k0, len),
    ) as V;
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

/** Sorted-column path: per coordinate, slide the (n−f)-window of the sorted values toward the centre. */
function windowMeans(
  inputs: readonly Float32Array[],
  f: number,
  center: 'median' | 'trimmed-mean',
  rows: Float32Array,
  sort: (k0: number, len: number) => void,
): Float32Array {
  const n = inputs.length;
  const d = inputs[0].length;
  const m = n - f;
  const out = new Float32Array(d);
  const lo = ((n - 1) >> 1) * ROW;
  const hi = (n >> 1) * ROW;
  for (let k0 = 0; k0 < d; k0 += BLOCK) {
    const len = Math.min(BLOCK, d - k0);
    sort(k0, len);
    for (let b = 0; b < len; b++) {
      let c: number;
      if (center === 'median') c = n % 2 === 1 ? rows[hi + b] : (rows[lo + b] + rows[hi + b]) / 2;
      else {
        let t = 0;
        for (let r = f; r < n - f; r++) t += rows[r * ROW + b];
        c = t / (n - 2 * f);
      }
      let s = 0;
      while (s < f && c - rows[s * ROW + b] > rows[(s + m) * ROW + b] - c) s++;
      let sum = 0;
      for (let r = s; r < s + m; r++) sum += rows[r * ROW + b];
      out[k0 + b] = sum / m;
    }
  }
  return out;
}
