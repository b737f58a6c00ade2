/**
 * The float32 fast paths of linalg.ts, on the WebAssembly SIMD kernels: each function stages the
 * rows it reads block by block (RowStager) and returns exactly what the scalar reference in
 * linalg.ts returns (same float64 operations in the same order; `test/gars/kernels.test.ts`
 * checks it bit for bit on random inputs, ±∞ and NaN included). Arena memory is released on
 * return, also when a kernel throws.
 */
import type { RowPool } from '../row-pool.ts';
import { type KernelRuntime, RowStager } from './kernels.ts';

/** True when every row is a Float32Array (the simulator's hot path; Float64Array rows take the reference path). */
export function allFloat32(xs: readonly unknown[]): xs is readonly Float32Array[] {
  for (const x of xs) if (!(x instanceof Float32Array)) return false;
  return xs.length > 0;
}

/** Run fn with an arena mark, releasing everything fn allocated. */
export function scoped<T>(rt: KernelRuntime, fn: () => T): T {
  const mark = rt.mark();
  try {
    return fn();
  } finally {
    rt.release(mark);
  }
}

/** Σ of every value of the rows (f32x4 lanes): the bench's floor, one pass over the same staged floats. */
export function sumRows(rt: KernelRuntime, inputs: readonly Float32Array[]): number {
  return scoped(rt, () => {
    const n = inputs.length;
    const d = inputs[0].length;
    const st = new RowStager(rt, n);
    let s = 0;
    for (let k0 = 0; k0 < d; k0 += st.block) {
      const len = Math.min(st.block, d - k0);
      st.stage(inputs, k0, len);
      s += rt.k.sum_rows(st.tab, n, len);
    }
    return s;
  });
}

/**
 * The means of several subsets of the rows (each a list of row indices), in one pass over the
 * coordinates: every row some subset uses is staged once per block. Bit-identical to
 * linalg.meanOf on each subset.
 */
export function subsetMeans(rt: KernelRuntime, inputs: readonly Float32Array[], subsets: readonly ArrayLike<number>[], pool?: RowPool): Float32Array[] {
  return scoped(rt, () => {
    const d = inputs[0].length;
    const used = [...new Set(subsets.flatMap((s) => Array.from(s)))].sort((a, b) => a - b);
    const slot = new Map(used.map((row, r) => [row, r]));
    const st = new RowStager(rt, used.length);
    const tabs = subsets.map((s) => {
      const tab = rt.alloc(4 * s.length);
      for (let r = 0; r < s.length; r++) rt.i32[tab / 4 + r] = st.rowAt(slot.get(s[r])!);
      return tab;
    });
    const outs = pool ? pool.take(inputs[0], subsets.length) : subsets.map(() => new Float32Array(d));
    const inv = subsets.map((sub) => (isPowerOfTwo(sub.length) ? 1 / sub.length : 0));
    const o = rt.alloc(st.block * 4 + 64);
    for (let k0 = 0; k0 < d; k0 += st.block) {
      const len = Math.min(st.block, d - k0);
      st.stage(inputs, k0, len, used);
      for (let s = 0; s < subsets.length; s++) {
        rt.k.mean_rows(tabs[s], subsets[s].length, len, o, inv[s]);
        outs[s].set(rt.f32.subarray(o / 4, o / 4 + len), k0);
      }
    }
    return outs;
  });
}

/** m = 2^j: then x / m and x · (1/m) are the same correctly rounded value (1/m is exact). */
function isPowerOfTwo(m: number): boolean {
  return m > 0 && (m & (m - 1)) === 0;
}

/**
 * Row-major n×n squared distances. Below GRAM_MIN_N rows dist[i][j] = linalg.sqDist(xᵢ, xⱼ)
 * exactly (NaN → +∞), one 1×4-blocked pass of direct differences; from GRAM_MIN_N on, the
 * Gram form (gramRows).
 */
export function pairwiseRows(rt: KernelRuntime, inputs: readonly Float32Array[]): Float64Array {
  return inputs.length >= GRAM_MIN_N ? gramRows(rt, inputs) : pairwiseDirect(rt, inputs);
}

/**
 * The n from which pairwise distances take the Gram form. Below it (every golden scenario, every
 * ByzFL reference case: n ≤ 20) they are the direct differences, bit for bit the scalar sqDist.
 */
export const GRAM_MIN_N = 32;

/** dist[i][j] = linalg.sqDist(xᵢ, xⱼ) bit for bit at any n (NaN → +∞): the direct form. */
export function pairwiseDirect(rt: KernelRuntime, inputs: readonly Float32Array[]): Float64Array {
  return scoped(rt, () => {
    const n = inputs.length;
    const d = inputs[0].length;
    const st = new RowStager(rt, n);
    const acc = rt.allocF64(2 * n * n);
    for (let k0 = 0; k0 < d; k0 += st.block) {
      const len = Math.min(st.block, d - k0);
      st.stage(inputs, k0, len);
      rt.k.pairwise(st.tab, n, len, acc);
    }
    const a = rt.f64;
    const base = acc / 8;
    const dist = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let v = a[base + 2 * (i * n + j)] + a[base + 2 * (i * n + j) + 1];
        if (Number.isNaN(v)) v = Infinity;
        dist[i * n + j] = v;
        dist[j * n + i] = v;
      }
    }
    return dist;
  });
}

/**
 * Pairwise squared distances in the Gram form, for large n (issue 13):
 *   dist(i, j) = ‖xᵢ‖² + ‖xⱼ‖² − 2·xᵢ·xⱼ,
 * the dot products in float64 by a 4×2 register tile (dots4x2: six row loads and sixteen
 * operations for eight pairs, where the direct form spends two loads and three operations on
 * every pair), ‖xᵢ‖² as the tiles' own diagonal dots — so bit-identical rows are exactly 0 apart.
 * Cancellation: where dist < 10⁻⁶ (‖xᵢ‖² + ‖xⱼ‖²) the Gram value would keep fewer than ≈ 10
 * significant digits, so those pairs (near and identical rows: what Krum's choices hinge on) are
 * recomputed directly, sqDist's bits; the others keep ≥ 10 digits. NaN → +∞ as the direct form.
 */
export function gramRows(rt: KernelRuntime, inputs: readonly Float32Array[]): Float64Array {
  return scoped(rt, () => {
    const n = inputs.length;
    const d = inputs[0].length;
    const st = new RowStager(rt, n);
    const tiles: [number, number][] = [];
    for (let i0 = 0; i0 < n; i0 += 4) for (let j0 = i0; j0 < n; j0 += 2) tiles.push([i0, j0]);
    const tabs = rt.alloc(24 * tiles.length);
    const acc = rt.allocF64(16 * tiles.length);
    const i32 = rt.i32;
    tiles.forEach(([i0, j0], t) => {
      for (let r = 0; r < 4; r++) i32[tabs / 4 + 6 * t + r] = st.rowAt(Math.min(n - 1, i0 + r));
      for (let c = 0; c < 2; c++) i32[tabs / 4 + 6 * t + 4 + c] = st.rowAt(Math.min(n - 1, j0 + c));
    });
    for (let k0 = 0; k0 < d; k0 += st.block) {
      const len = Math.min(st.block, d - k0);
      st.stage(inputs, k0, len);
      for (let t = 0; t < tiles.length; t++) rt.k.dots4x2(tabs + 24 * t, tabs + 24 * t + 16, len, acc + 128 * t);
    }
    const f64 = rt.f64;
    const g = new Float64Array(n * n);
    tiles.forEach(([i0, j0], t) => {
      for (let r = 0; r < 4; r++)
        for (let c = 0; c < 2; c++) {
          const [i, j] = [i0 + r, j0 + c];
          const at = acc / 8 + 16 * t + 2 * (2 * r + c);
          if (j < n && j >= i) g[i * n + j] = f64[at] + f64[at + 1];
        }
    });
    return gramDistances(rt, inputs, st, g);
  });
}

/** dist from the dots g (upper triangle with the diagonal), near pairs recomputed directly. */
function gramDistances(rt: KernelRuntime, inputs: readonly Float32Array[], st: RowStager, g: Float64Array): Float64Array {
  const n = inputs.length;
  const dist = new Float64Array(n * n);
  const near: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const norms = g[i * n + i] + g[j * n + j];
      let v = norms - 2 * g[i * n + j];
      if (Number.isNaN(v)) v = Infinity;
      else if (!(v > 1e-6 * norms)) near.push(i, j);
      dist[i * n + j] = v;
      dist[j * n + i] = v;
    }
  }
  if (near.length === 0) return dist;
  const pairs = near.length / 2;
  const acc = rt.allocF64(2 * pairs);
  for (let k0 = 0; k0 < inputs[0].length; k0 += st.block) {
    const len = Math.min(st.block, inputs[0].length - k0);
    st.stage(inputs, k0, len);
    for (let p = 0; p < pairs; p++) rt.k.sqdist_ff(st.rowAt(near[2 * p]), st.rowAt(near[2 * p + 1]), len, acc + 16 * p);
  }
  const f64 = rt.f64;
  for (let p = 0; p < pairs; p++) {
    let v = f64[acc / 8 + 2 * p] + f64[acc / 8 + 2 * p + 1];
    if (Number.isNaN(v)) v = Infinity;
    const [i, j] = [near[2 * p], near[2 * p + 1]];
    dist[i * n + j] = v;
    dist[j * n + i] = v;
  }
  return dist;
}

/** ‖xᵢ‖² for every row, each a sequential float64 sum as linalg.sqNorm. */
export function sqNormRows(rt: KernelRuntime, inputs: readonly Float32Array[]): Float64Array {
  return scoped(rt, () => {
    const st = new RowStager(rt, inputs.length);
    const norms = new NormGroups(rt, st);
    for (let k0 = 0; k0 < inputs[0].length; k0 += st.block) {
      const len = Math.min(st.block, inputs[0].length - k0);
      st.stage(inputs, k0, len);
      norms.add(len);
    }
    return norms.result();
  });
}

/**
 * The squared norms of a stager's rows, accumulated block by block: the rows' pairs split into
 * as few calls of sqnorm_p{g} (g ≤ 8 pairs, sqnorm-pairs.ts) as possible, of balanced sizes, so
 * every call runs ≥ 4 independent chains when the rows allow (11 rows: one call of 6 pairs).
 */
export class NormGroups {
  private readonly calls: { g: number; tab: number; acc: number; kernel: (tab: number, len: number, acc: number) => void }[] = [];

  constructor(
    private readonly rt: KernelRuntime,
    private readonly st: RowStager,
  ) {
    const n = st.n;
    const pairs = Math.ceil(n / 2);
    const count = Math.ceil(pairs / 8);
    let first = 0;
    for (let c = 0; c < count; c++) {
      const g = Math.floor(pairs / count) + (c < pairs % count ? 1 : 0);
      const tab = rt.alloc(8 * g);
      for (let r = 0; r < 2 * g; r++) rt.i32[tab / 4 + r] = st.rowAt(Math.min(n - 1, 2 * first + r));
      this.calls.push({ g, tab, acc: rt.allocF64(2 * g), kernel: rt.k[`sqnorm_p${g}`] });
      first += g;
    }
  }

  /** Add Σ x[k]² over the staged block's first len coordinates. */
  add(len: number): void {
    for (const c of this.calls) c.kernel(c.tab, len, c.acc);
  }

  /** ‖xᵢ‖² of the n rows. */
  result(): Float64Array {
    const out = new Float64Array(this.st.n);
    let i = 0;
    for (const c of this.calls) for (let r = 0; r < 2 * c.g && i < out.length; r++) out[i++] = this.rt.f64[c.acc / 8 + r];
    return out;
  }
}
