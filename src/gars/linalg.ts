/**
 * Small numeric kernels shared by the rules: float64 accumulation over Float32Array or
 * Float64Array rows, pairwise distances, norms, selection on a reused scratch column. Nothing
 * here allocates per coordinate. The functions on rows (meanOf, meansOf, pairwiseSquaredDistances,
 * sqNorms, scaleByNorms) run Float32Array rows through the WebAssembly SIMD kernels (wasm/ops.ts);
 * the `…Scalar` functions are the reference those kernels reproduce bit for bit, and the path
 * for Float64Array rows.
 */
import { kernelRuntime } from './wasm/kernels.ts';
import { normScaledRows } from './wasm/norm-scaled-rows.ts';
import { allFloat32, pairwiseRows, sqNormRows, subsetMeans } from './wasm/ops.ts';
import type { RowPool } from './row-pool.ts';
import type { Params, Vector } from './types.ts';

/** A new zeroed vector of the same element type as `like`. */
export function alloc<V extends Vector>(like: V, d: number): V {
  return (like instanceof Float64Array ? new Float64Array(d) : new Float32Array(d)) as V;
}

/** A copy of `x` (same element type). */
export function copyOf<V extends Vector>(x: V): V {
  return x.slice() as V;
}

/** Store a float64 accumulator into a new vector of the inputs' type. */
export function fromAcc<V extends Vector>(like: V, acc: Float64Array): V {
  const out = alloc(like, acc.length);
  out.set(acc);
  return out;
}

/** Coordinates per block in the mean: the float64 accumulator block stays in L1. */
const MEAN_BLOCK = 2048;

/**
 * Mean of the rows listed in `idx` (all rows when omitted), accumulated in float64: per
 * coordinate, rows added four at a time as acc + ((a + b) + (c + e)), then one at a time.
 */
export function meanOf<V extends Vector>(inputs: readonly V[], idx?: ArrayLike<number>): V {
  if ((idx ? idx.length : inputs.length) === 0) throw new Error('mean of an empty set of vectors');
  return meansOf(inputs, [idx ?? Array.from(inputs, (_, i) => i)])[0];
}

/** meanOf for each subset of row indices, in one pass over the coordinates on the float32 path (into a pool's rows when given). */
export function meansOf<V extends Vector>(inputs: readonly V[], subsets: readonly ArrayLike<number>[], pool?: RowPool): V[] {
  const rt = kernelRuntime();
  if (rt && allFloat32(inputs) && subsets.every((s) => s.length > 0)) return subsetMeans(rt, inputs, subsets, pool) as V[];
  return subsets.map((s) => meanOfScalar(inputs, s));
}

/** The scalar reference of meanOf (block by block, four rows per pass over the accumulator). */
export function meanOfScalar<V extends Vector>(inputs: readonly V[], idx?: ArrayLike<number>): V {
  const m = idx ? idx.length : inputs.length;
  if (m === 0) throw new Error('mean of an empty set of vectors');
  const rows: V[] = [];
  for (let r = 0; r < m; r++) rows.push(inputs[idx ? idx[r] : r]);
  const first = rows[0];
  const d = first.length;
  const out = alloc(first, d);
  const acc = new Float64Array(Math.min(d, MEAN_BLOCK));
  for (let k0 = 0; k0 < d; k0 += MEAN_BLOCK) {
    const len = Math.min(MEAN_BLOCK, d - k0);
    acc.fill(0);
    let r = 0;
    for (; r + 3 < m; r += 4) {
      const a = rows[r];
      const b = rows[r + 1];
      const c = rows[r + 2];
      const e = rows[r + 3];
      for (let t = 0, k = k0; t < len; t++, k++) acc[t] += a[k] + b[k] + (c[k] + e[k]);
    }
    for (; r < m; r++) {
      const a = rows[r];
      for (let t = 0, k = k0; t < len; t++, k++) acc[t] += a[k];
    }
    for (let t = 0; t < len; t++) out[k0 + t] = acc[t] / m;
  }
  return out;
}

/** ‖a − b‖² accumulated in float64. */
export function sqDist(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const d = a.length;
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  for (; k + 1 < d; k += 2) {
    const t0 = a[k] - b[k];
    const t1 = a[k + 1] - b[k + 1];
    s0 += t0 * t0;
    s1 += t1 * t1;
  }
  if (k < d) {
    const t = a[k] - b[k];
    s0 += t * t;
  }
  return s0 + s1;
}

/** ‖a‖² accumulated in float64, one sequential sum. */
export function sqNorm(a: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * a[k];
  return s;
}

/** sqNorm of every row (eight rows per kernel pass on the float32 path). */
export function sqNorms(inputs: readonly Vector[]): Float64Array {
  const rt = kernelRuntime();
  if (rt && allFloat32(inputs)) return sqNormRows(rt, inputs);
  return Float64Array.from(inputs, (x) => sqNorm(x));
}

/**
 * Norm-based scaling (clip, ARC): sq = sqNorm of every row, s = decide(sq), yᵢ = xᵢ · sᵢ rounded
 * to the rows' type where sᵢ is defined; the other rows are copies, or the inputs themselves when
 * a pool lends the outputs (row-pool.ts). Float32 rows: one staging pass when they fit
 * (wasm/norm-scaled-rows.ts).
 */
export function scaleByNorms<V extends Vector>(inputs: readonly V[], decide: (sq: Float64Array) => readonly (number | undefined)[], pool?: RowPool): V[] {
  const rt = kernelRuntime();
  if (rt && allFloat32(inputs)) return normScaledRows(rt, inputs, decide, pool) as V[];
  const scales = decide(Float64Array.from(inputs, (x) => sqNorm(x)));
  return inputs.map((x, i) => {
    const s = scales[i];
    if (s === undefined) return pool ? x : copyOf(x);
    const y = alloc(x, x.length);
    for (let k = 0; k < y.length; k++) y[k] = x[k] * s;
    return y;
  });
}

/**
 * Row-major n×n matrix of squared Euclidean distances, dist[i][j] = sqDist(xᵢ, xⱼ) (float64, two
 * interleaved partial sums; direct differences, not ‖a‖² + ‖b‖² − 2a·b, so identical rows are at
 * distance exactly 0). A non-finite difference gives +∞ (never NaN), so ranking treats an ∞ row
 * as infinitely far (LPD's convention). Float32 rows: one 1×4-blocked SIMD pass (wasm/ops.ts).
 */
export function pairwiseSquaredDistances(inputs: readonly Vector[]): Float64Array {
  const rt = kernelRuntime();
  if (rt && allFloat32(inputs)) return pairwiseRows(rt, inputs);
  return pairwiseScalar(inputs);
}

/** The scalar reference of pairwiseSquaredDistances. */
export function pairwiseScalar(inputs: readonly Vector[]): Float64Array {
  const n = inputs.length;
  const dist = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let v = sqDist(inputs[i], inputs[j]);
      if (Number.isNaN(v)) v = Infinity;
      dist[i * n + j] = v;
      dist[j * n + i] = v;
    }
  }
  return dist;
}

/**
 * Partially sort `a[lo..hi)` so that a[k] is the value a full sort would put there, everything
 * left of k is ≤ a[k] and everything right is ≥ a[k]. Insertion sort for short ranges,
 * Hoare partitioning with a median-of-three pivot otherwise. In place, no allocation.
 */
export function select(a: Float64Array, lo: number, hi: number, k: number): void {
  let l = lo;
  let r = hi - 1;
  while (r - l > 16) {
    const m = (l + r) >> 1;
    // median of three into a[m]
    if (a[m] < a[l]) swap(a, m, l);
    if (a[r] < a[l]) swap(a, r, l);
    if (a[r] < a[m]) swap(a, r, m);
    const pivot = a[m];
    let i = l;
    let j = r;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) r = j;
    else if (k >= i) l = i;
    else return;
  }
  for (let i = l + 1; i <= r; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= l && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

/** Median of `col[0..n)` (mean of the two middle values for even n); reorders `col`. */
export function medianInPlace(col: Float64Array, n: number): number {
  const mid = n >> 1;
  select(col, 0, n, mid);
  const hi = col[mid];
  if (n % 2 === 1) return hi;
  let lo = col[0];
  for (let i = 1; i < mid; i++) if (col[i] > lo) lo = col[i];
  return lo === hi ? hi : (lo + hi) / 2;
}

/** Mean of `col[0..n)` after dropping the f smallest and f largest values; reorders `col`. */
export function trimmedMeanInPlace(col: Float64Array, n: number, f: number): number {
  if (f === 0) {
    let s = 0;
    for (let i = 0; i < n; i++) s += col[i];
    return s / n;
  }
  select(col, 0, n, f);
  select(col, f, n, n - f - 1);
  let s = 0;
  for (let i = f; i < n - f; i++) s += col[i];
  return s / (n - 2 * f);
}

/**
 * Mean of the `keep` values of `col[0..n)` closest to `center` (|·| distance), ties at the
 * boundary broken by the lower index. `dist` is scratch of length ≥ 2n. Does not reorder `col`.
 */
export function closestMean(col: Float64Array, n: number, center: number, keep: number, dist: Float64Array): number {
  // threshold t = the keep-th smallest distance, selected on a copy in the upper scratch half
  for (let i = 0; i < n; i++) dist[i] = dist[n + i] = Math.abs(col[i] - center);
  select(dist, n, 2 * n, n + keep - 1);
  const t = dist[n + keep - 1];
  let s = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    if (dist[i] < t) {
      s += col[i];
      c++;
    }
  }
  for (let i = 0; i < n && c < keep; i++) {
    if (dist[i] === t) {
      s += col[i];
      c++;
    }
  }
  return s / keep;
}

/** A numeric parameter, with its default; throws a precise message if it is not a number. */
export function numParam(rule: string, params: Params, name: string, def: number): number {
  const v = params[name];
  if (v === undefined) return def;
  const x = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(x)) throw new Error(`${rule}: parameter ${name} must be a number, got ${JSON.stringify(v)}`);
  return x;
}

/** An integer parameter ≥ min. */
export function intParam(rule: string, params: Params, name: string, def: number, min = 0): number {
  const x = numParam(rule, params, name, def);
  if (!Number.isInteger(x) || x < min) throw new Error(`${rule}: parameter ${name} must be an integer ≥ ${min}, got ${x}`);
  return x;
}

/** Binomial coefficient C(n, k) as a float (exact below 2⁵³). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  k = Math.min(k, n - k);
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return Math.round(c);
}

/** Indices 0..n−1 sorted by `key` ascending, ties by index (stable). */
export function argsortBy(key: ArrayLike<number>, n = key.length): number[] {
  const idx = Array.from({ length: n }, (_, i) => i);
  idx.sort((a, b) => (key[a] < key[b] ? -1 : key[a] > key[b] ? 1 : a - b));
  return idx;
}

/**
 * One fused pass of a weighted fixed-point iteration (Weiszfeld, Centered Clipping):
 * out = c + Σᵢ wᵢ (xᵢ − c) (c = `center`, or 0 when null), and, while each block of the rows is
 * still in cache, sq[i] = ‖xᵢ − out‖² for the next step's weights. A zero weight on an infinite
 * row gives NaN (0·∞), as in ByzFL's Centered Clipping on an ∞ row. `out` must not alias `center`.
 */
export function weightedStep(inputs: readonly Vector[], w: Float64Array, center: Float64Array | null, out: Float64Array, sq: Float64Array): void {
  const n = inputs.length;
  const d = out.length;
  sq.fill(0);
  for (let k0 = 0; k0 < d; k0 += MEAN_BLOCK) {
    const k1 = Math.min(d, k0 + MEAN_BLOCK);
    if (center) for (let k = k0; k < k1; k++) out[k] = center[k];
    else for (let k = k0; k < k1; k++) out[k] = 0;
    for (let i = 0; i < n; i++) {
      const wi = w[i];
      const x = inputs[i];
      if (center) for (let k = k0; k < k1; k++) out[k] += wi * (x[k] - center[k]);
      else for (let k = k0; k < k1; k++) out[k] += wi * x[k];
    }
    for (let i = 0; i < n; i++) {
      const x = inputs[i];
      let s0 = 0;
      let s1 = 0;
      let k = k0;
      for (; k + 1 < k1; k += 2) {
        const a = x[k] - out[k];
        const b = x[k + 1] - out[k + 1];
        s0 += a * a;
        s1 += b * b;
      }
      if (k < k1) {
        const a = x[k] - out[k];
        s0 += a * a;
      }
      sq[i] += s0 + s1;
    }
  }
}
