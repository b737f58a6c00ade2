/**
 * Our WebAssembly kernels on the wasm backend's heap: the tap GEMM (gemm.ts) compiled once per
 * thread and instantiated on the backend's memory, with the plans it walks built here.
 * Addresses and strides are in bytes; matrices are float32.
 */
import { instantiate, type Exports } from './assemble.ts';
import { gemmFunctions, MR, PLAN_RECORD, TAP_RECORD } from './gemm.ts';
import { elementwiseFunctions } from './elementwise.ts';
import { SPARSE_NV, sparseFunctions } from './sparse.ts';
import { Heap, Workspace, type WasmBackendLike } from './heap.ts';

/** C[M×N] = A·B with A(m, k) at a + m·sa + k·ka and B(k, n) at b + k·sbk + n·sbn (bytes). */
export interface Product {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly a: number;
  readonly sa: number;
  readonly ka: number;
  readonly b: number;
  readonly sbk: number;
  readonly sbn: number;
  readonly c: number;
  readonly ldc: number;
}

/** B's rows r = p·Q + q, row r's column j at src + p·sP + q·sQ + j·sC (bytes), n columns. */
export interface Rows {
  readonly src: number;
  readonly P: number;
  readonly sP: number;
  readonly Q: number;
  readonly sQ: number;
  readonly sC: number;
  readonly n: number;
}

/** One tile of a tap plan: mr rows of C from `c` (row stride ldc), A's rows from `a`, its taps. */
export interface Tile {
  readonly a: number;
  readonly c: number;
  readonly mr: number;
  /** Index into the plan's tap lists. */
  readonly taps: number;
}

/**
 * A convolution as tiles over tap lists: (aoff in bytes, brow = B's row of the tap's first
 * step, K = its steps) triples, in summation order.
 */
export interface TapPlan {
  readonly tiles: readonly Tile[];
  readonly tapLists: readonly Int32Array[];
  readonly sa: number;
  readonly ka: number;
  readonly B: Rows;
  readonly ldc: number;
}

export class WasmKernels {
  readonly heap: Heap;
  private readonly exports: Exports;
  private readonly plans: Workspace;

  constructor(backend: WasmBackendLike) {
    this.heap = new Heap(backend);
    this.exports = instantiate([...gemmFunctions(), ...elementwiseFunctions(), ...sparseFunctions()], this.heap.memory);
    this.plans = new Workspace(this.heap);
  }

  /** C = A·B, each element summed from +0 in k order (XNNPACK's order: the backend's bits). */
  product(p: Product): void {
    if (p.m === 0 || p.n === 0) return;
    const tiles = Math.ceil(p.m / MR);
    const at = this.plans.layout({ plan: tiles * PLAN_RECORD, taps: TAP_RECORD, packed: p.k * p.n * 4 });
    this.exports.pack(p.b, p.k, p.sbk, 1, 0, p.sbn, p.n, at.packed);
    const i32 = this.heap.i32;
    i32.set([0, 0, p.k], at.taps >> 2);
    for (let t = 0, r = at.plan >> 2; t < tiles; t++, r += PLAN_RECORD >> 2) {
      const m0 = t * MR;
      i32[r] = p.a + m0 * p.sa;
      i32[r + 1] = p.c + m0 * p.ldc;
      i32[r + 2] = at.taps;
      i32[r + 3] = p.k === 0 ? 0 : 1;
      i32[r + 4] = Math.min(MR, p.m - m0);
    }
    this.run(p.ka === 4, at.plan, tiles, p.sa, p.ka, at.packed, p.k, p.ldc, p.n);
  }

  /** Run a tap plan (see conv.ts for how convolutions make theirs). */
  taps(plan: TapPlan): void {
    const B = plan.B;
    if (plan.tiles.length === 0 || B.n === 0) return;
    const listBytes = plan.tapLists.reduce((s, l) => s + l.length * 4, 0);
    const rows = B.P * B.Q;
    const at = this.plans.layout({ plan: plan.tiles.length * PLAN_RECORD, taps: listBytes, packed: rows * B.n * 4 });
    this.exports.pack(B.src, B.P, B.sP, B.Q, B.sQ, B.sC, B.n, at.packed);
    const i32 = this.heap.i32;
    const listAt: number[] = [];
    let off = at.taps;
    for (const l of plan.tapLists) {
      listAt.push(off);
      i32.set(l, off >> 2);
      off += l.length * 4;
    }
    let r = at.plan >> 2;
    for (const t of plan.tiles) {
      i32[r] = t.a;
      i32[r + 1] = t.c;
      i32[r + 2] = listAt[t.taps];
      i32[r + 3] = plan.tapLists[t.taps].length / 3;
      i32[r + 4] = t.mr;
      r += PLAN_RECORD >> 2;
    }
    this.run(plan.ka === 4, at.plan, plan.tiles.length, plan.sa, plan.ka, at.packed, rows, plan.ldc, B.n);
  }

  /** The raw exports of the sparse products and compactions (sparse.ts), for conv-sparse.ts. */
  get sparse(): Exports {
    return this.exports;
  }

  /**
   * Run a sparse kernel over C's n columns in blocks of 32, 16, 8, 4 (n must be a multiple of
   * 4): `call(name, bOffset, cOffset)` for each block, with the block's byte offset.
   */
  sparseBlocks(n: number, call: (kernel: (...args: number[]) => number, offset: number) => void, family: 'taps' | 'list'): void {
    if (n % 4 !== 0) throw new Error(`sparse product: ${n} columns is not a multiple of 4`);
    for (let n0 = 0; n0 < n; ) {
      const nv = SPARSE_NV.find((v) => n0 + 4 * v <= n)!;
      call(this.exports[`sparse_${family}_${4 * nv}`], n0 * 4);
      n0 += 4 * nv;
    }
  }

  /** Rows r = p·Q + q of n floats from src + p·sP + q·sQ to dst + r·n·4 (bytes). */
  copyRows(src: number, P: number, sP: number, Q: number, sQ: number, n: number, dst: number): void {
    this.exports.copy_rows(src, P, sP, Q, sQ, n, dst);
  }

  /** z ← z + bias per row of [rows, n]; h ← relu(z) unless h is 0 (see elementwise.ts). */
  biasRelu(z: number, h: number, bias: number, rows: number, n: number): void {
    this.exports.bias_relu(z, h, bias, rows, n);
  }

  /** d ← d · [z > 0] over count floats. */
  maskStep(d: number, z: number, count: number): void {
    this.exports.mask_step(d, z, 1, count);
  }

  /** out[c] ← Σ_r m[r, c] for a [rows, n] matrix, from +0, rows in order. */
  columnSums(m: number, out: number, rows: number, n: number): void {
    this.exports.column_sums(m, out, rows, n);
  }

  /** The 2×2 stride-2 max-pool gradient over full windows (elementwise.ts), C a multiple of 4. */
  maxPoolGrad2x2(x: number, dy: number, dx: number, B: number, OH: number, OW: number, C: number, W: number): void {
    this.exports.maxpool_grad_2x2(x, dy, dx, B, OH, OW, C, W);
  }

  /** dst ← src · w over count floats. */
  scale(dst: number, src: number, w: number, count: number): void {
    this.exports.scale(dst, src, w, 1, count);
  }

  private run(contiguous: boolean, ...args: number[]): void {
    (contiguous ? this.exports.gemm_c : this.exports.gemm_s)(...args);
  }
}

const byBackend = new WeakMap<object, WasmKernels>();

/** The kernels on `backend`'s heap (one instance per backend). */
export function kernelsFor(backend: WasmBackendLike): WasmKernels {
  let k = byBackend.get(backend);
  if (!k) byBackend.set(backend, (k = new WasmKernels(backend)));
  return k;
}
