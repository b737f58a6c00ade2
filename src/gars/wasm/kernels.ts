/**
 * The GAR kernels (kernel-source.ts, WAT assembled once by wat.ts) and their memory: a stack arena from
 * which a rule takes its staged row blocks and float64 work arrays for the duration of one call
 * (`mark` … `release`, so rules may nest: Bulyan calls its base rule). Float32 input rows are
 * streamed into the arena block by block (`RowStager`): one memcpy per row and block through the
 * cache, the inputs themselves are never copied whole. `undefined` when WebAssembly SIMD is not
 * available; every caller then takes the scalar reference path of linalg.ts.
 */
import { KERNELS_WAT } from './kernel-source.ts';
import { assembleWat } from '../../wasm/wat.ts';

/** The exports of the kernel module (pointers are byte offsets into the arena). */
export interface KernelExports {
  sum_rows(tab: number, m: number, len: number): number;
  mean_rows(tab: number, m: number, len: number, out: number, inv: number): void;
  sqdist_rows(tab: number, m: number, y: number, len: number, acc: number): void;
  sqdist_fd(a: number, y: number, len: number, acc: number): void;
  sqdist_dd(a: number, b: number, len: number, acc: number): void;
  sqdist_ff(a: number, b: number, len: number, acc: number): void;
  pairwise(tab: number, n: number, len: number, acc: number): void;
  dots4x2(tab4: number, tab2: number, len: number, acc: number): void;
  weighted_step(tab: number, n: number, w: number, c: number, out: number, len: number, sq: number, scratch: number): void;
  add_div(z: number, x: number, len: number, dv: number): void;
  add_diff_div(r: number, x: number, y: number, len: number, s: number): void;
  sumsq_seq(r: number, len: number, s: number): number;
  scale(x: number, len: number, s: number, y: number): void;
  /** sqnorm_p1 … sqnorm_p8: squared norms of 2g rows (sqnorm-pairs.ts). */
  readonly [sqnorm: `sqnorm_p${number}`]: (tab: number, len: number, acc: number) => void;
}

/** The slice of the WebAssembly JS API used here (tsconfig's lib has no DOM/WebAssembly types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const PAGE = 65536;

/** One kernel instance and its arena. */
export class KernelRuntime {
  private top = 64; // address 0 stays free: kernels take 0 as "no vector"
  private buf: ArrayBuffer;
  private views!: { f32: Float32Array; f64: Float64Array; i32: Int32Array };

  constructor(
    readonly k: KernelExports,
    private readonly memory: WasmMemory,
  ) {
    this.buf = memory.buffer;
    this.refresh();
  }

  private refresh(): void {
    this.buf = this.memory.buffer;
    this.views = { f32: new Float32Array(this.buf), f64: new Float64Array(this.buf), i32: new Int32Array(this.buf) };
  }

  /** Views on the arena (re-taken after a growth, which detaches the old buffer). */
  get f32(): Float32Array {
    if (this.buf !== this.memory.buffer) this.refresh();
    return this.views.f32;
  }
  get f64(): Float64Array {
    if (this.buf !== this.memory.buffer) this.refresh();
    return this.views.f64;
  }
  get i32(): Int32Array {
    if (this.buf !== this.memory.buffer) this.refresh();
    return this.views.i32;
  }

  /** The current top of the arena, to hand back to `release`. */
  mark(): number {
    return this.top;
  }

  release(mark: number): void {
    this.top = mark;
  }

  /** `bytes` of arena, 64-byte aligned (one cache line), growing the memory when needed. */
  alloc(bytes: number): number {
    const at = (this.top + 63) & ~63;
    const end = at + bytes;
    const have = this.memory.buffer.byteLength;
    if (end > have) this.memory.grow(Math.ceil((end - have) / PAGE));
    this.top = end;
    return at;
  }

  /** A zeroed float64 array of `count` (plus 4 of slack for kernels that round lengths up to 4). */
  allocF64(count: number): number {
    const at = this.alloc((count + 4) * 8);
    this.f64.fill(0, at / 8, at / 8 + count + 4);
    return at;
  }
}

let runtime: KernelRuntime | null | undefined;

/** The kernels, or undefined when WebAssembly SIMD is unavailable. */
export function kernelRuntime(): KernelRuntime | undefined {
  if (runtime === undefined) {
    try {
      const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
      if (!wasm) throw new Error('no WebAssembly');
      const bytes = assembleWat(KERNELS_WAT);
      const instance = new wasm.Instance(new wasm.Module(bytes), {});
      runtime = new KernelRuntime(instance.exports as unknown as KernelExports, instance.exports.mem as WasmMemory);
    } catch {
      runtime = null;
    }
  }
  return runtime ?? undefined;
}

/** Coordinates per staged block for n rows: large blocks (few copy calls), ≤ ≈ 2 MiB staged. */
export function blockFor(n: number): number {
  let b = 8192;
  while (b > 2048 && n * b * 4 > 2 * 1024 * 1024) b >>= 1;
  return b;
}

/**
 * n float32 rows staged block by block in the arena: row r of the current block starts at
 * `rowAt(r)`; `tab` is the i32 table of those addresses the kernels take. The row stride is the
 * block plus one cache line, so that rows do not all map to the same cache sets. Blocks start at
 * multiples of `block` (a multiple of 2048, as weightedStep's partial sums require).
 */
export class RowStager {
  readonly tab: number;
  readonly base: number;
  readonly stride: number;
  readonly block: number;

  constructor(
    private readonly rt: KernelRuntime,
    readonly n: number,
    block = blockFor(n),
  ) {
    this.block = block;
    this.stride = block * 4 + 64;
    this.tab = rt.alloc(4 * n);
    this.base = rt.alloc(n * this.stride);
    const i32 = rt.i32;
    for (let r = 0; r < n; r++) i32[this.tab / 4 + r] = this.base + r * this.stride;
  }

  rowAt(r: number): number {
    return this.base + r * this.stride;
  }

  /** Copy coordinates [k0, k0 + len) of inputs[idx[r]] (or inputs[r]) into staged row r. */
  stage(inputs: readonly Float32Array[], k0: number, len: number, idx?: ArrayLike<number>): void {
    const f32 = this.rt.f32;
    const rows = idx ? idx.length : inputs.length;
    for (let r = 0; r < rows; r++) {
      const x = inputs[idx ? idx[r] : r];
      f32.set(len === x.length ? x : x.subarray(k0, k0 + len), (this.base + r * this.stride) / 4);
    }
  }
}
