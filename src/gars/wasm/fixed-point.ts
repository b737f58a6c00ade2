/**
 * The float32 rows of one call of an iterative rule (geometric median, Centered Clipping),
 * streamed through the kernels once per pass, with float64 work vectors living in the arena for
 * the whole call. Every method returns what the corresponding scalar code of linalg.ts and the
 * rule files returns, bit for bit. Create it inside `scoped` so its arena memory is released.
 */
import { type KernelRuntime, RowStager } from './kernels.ts';

/** linalg.weightedStep's partial sums are per block of this many coordinates. */
const STEP_BLOCK = 2048;

export class StreamedRows {
  readonly n: number;
  readonly d: number;
  private readonly st: RowStager;
  /** Row tables for each STEP_BLOCK sub-block of a staged block. */
  private readonly subTabs: number[];
  private readonly w: number;
  private readonly sq: number;
  private readonly scratch: number;

  constructor(
    private readonly rt: KernelRuntime,
    private readonly inputs: readonly Float32Array[],
  ) {
    this.n = inputs.length;
    this.d = inputs[0].length;
    this.st = new RowStager(rt, this.n);
    this.subTabs = [];
    for (let s = 0; s * STEP_BLOCK < this.st.block; s++) {
      const tab = rt.alloc(4 * this.n);
      for (let r = 0; r < this.n; r++) rt.i32[tab / 4 + r] = this.st.rowAt(r) + 4 * STEP_BLOCK * s;
      this.subTabs.push(tab);
    }
    this.w = rt.allocF64(this.n);
    this.sq = rt.allocF64(this.n);
    this.scratch = rt.allocF64(2 * this.n);
  }

  /** Input row i. */
  row(i: number): Float32Array {
    return this.inputs[i];
  }

  /** A float64 vector of d in the arena: zeros, or a copy of `init`. */
  vector(init?: ArrayLike<number>): number {
    const p = this.rt.allocF64(this.d);
    if (init) this.rt.f64.set(init, p / 8);
    return p;
  }

  /** A view of an arena vector (valid until the arena grows: take it after the last allocation). */
  view(p: number): Float64Array {
    return this.rt.f64.subarray(p / 8, p / 8 + this.d);
  }

  private *blocks(): Generator<[number, number]> {
    for (let k0 = 0; k0 < this.d; k0 += this.st.block) {
      const len = Math.min(this.st.block, this.d - k0);
      this.st.stage(this.inputs, k0, len);
      yield [k0, len];
    }
  }

  /** z[k] += xᵢ[k] / n for each row in order (the mean, as Weiszfeld's start point). */
  addMean(z: number): void {
    for (const [k0, len] of this.blocks()) for (let r = 0; r < this.n; r++) this.rt.k.add_div(z + 8 * k0, this.st.rowAt(r), len, this.n);
  }

  /** sq[i] = linalg.sqDist(xᵢ, y) for the float64 arena vector y. */
  sqDistsTo(y: number, sq: Float64Array): void {
    const acc = this.rt.allocF64(2 * this.n);
    for (const [k0, len] of this.blocks()) this.rt.k.sqdist_rows(this.st.tab, this.n, y + 8 * k0, len, acc);
    const a = this.rt.f64;
    for (let i = 0; i < this.n; i++) sq[i] = a[acc / 8 + 2 * i] + a[acc / 8 + 2 * i + 1];
  }

  /**
   * linalg.weightedStep(inputs, w, center, out, sq) with center and out arena vectors (center 0:
   * none); sq null skips the distances to out (an iteration's last step: half the pass).
   */
  weightedStep(w: Float64Array, center: number, out: number, sq: Float64Array | null): void {
    const rt = this.rt;
    rt.f64.set(w, this.w / 8);
    rt.f64.fill(0, this.sq / 8, this.sq / 8 + this.n);
    const sqAt = sq ? this.sq : 0;
    for (const [k0, len] of this.blocks()) {
      for (let s = 0; s * STEP_BLOCK < len; s++) {
        const k = k0 + s * STEP_BLOCK;
        const l = Math.min(STEP_BLOCK, len - s * STEP_BLOCK);
        rt.k.weighted_step(this.subTabs[s], this.n, this.w, center === 0 ? 0 : center + 8 * k, out + 8 * k, l, sqAt, this.scratch);
      }
    }
    sq?.set(rt.f64.subarray(this.sq / 8, this.sq / 8 + this.n));
  }

  /** linalg.sqDist(a, b) of two float64 arena vectors. */
  sqDist(a: number, b: number): number {
    const acc = this.rt.allocF64(2);
    this.rt.k.sqdist_dd(a, b, this.d, acc);
    const v = this.rt.f64[acc / 8] + this.rt.f64[acc / 8 + 1];
    return v;
  }

  /**
   * ‖Σ_{j: xⱼ ≠ xₖ} (xⱼ − xₖ)/‖xⱼ − xₖ‖‖ and #{j : xⱼ = xₖ}, as geometric-median.ts's
   * exactMedianAtInput computes them (row k promoted exactly to float64 for the distances).
   */
  residualAt(k: number): { norm: number; mult: number } {
    const rt = this.rt;
    const xk = this.vector(this.inputs[k]);
    const dist = new Float64Array(this.n);
    this.sqDistsTo(xk, dist);
    const r = this.vector();
    const rowK = rt.alloc(4 * this.st.block + 64);
    let mult = 0;
    for (let j = 0; j < this.n; j++) {
      dist[j] = Math.sqrt(dist[j]);
      if (dist[j] === 0) mult++;
    }
    for (const [k0, len] of this.blocks()) {
      rt.f32.set(this.inputs[k].subarray(k0, k0 + len), rowK / 4);
      for (let j = 0; j < this.n; j++) if (dist[j] !== 0) rt.k.add_diff_div(r + 8 * k0, this.st.rowAt(j), rowK, len, dist[j]);
    }
    return { norm: Math.sqrt(rt.k.sumsq_seq(r, this.d, 0)), mult };
  }
}
