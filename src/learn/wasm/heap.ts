/**
 * The wasm backend's heap, seen from our kernels: its WebAssembly.Memory (which our modules
 * import, so they read and write tfjs tensors in place), typed views that follow the memory
 * when it grows, and a workspace carved out of one allocation of the backend's malloc.
 */
import type { WasmMemory } from './assemble.ts';

/** The part of the tfjs wasm backend (`tf.backend()` on 'wasm') used here. */
export interface WasmBackendLike {
  readonly wasm: { _malloc(bytes: number): number; _free(ptr: number): void; asm: { memory: WasmMemory } };
}

export class Heap {
  readonly memory: WasmMemory;
  private buffer: ArrayBuffer | undefined;
  private f32View = new Float32Array(0);
  private i32View = new Int32Array(0);

  constructor(readonly backend: WasmBackendLike) {
    this.memory = backend.wasm.asm.memory;
  }

  /** Float32 view of the whole heap (index = byte address / 4); re-read after anything allocates. */
  get f32(): Float32Array {
    this.refresh();
    return this.f32View;
  }

  get i32(): Int32Array {
    this.refresh();
    return this.i32View;
  }

  malloc(bytes: number): number {
    const p = this.backend.wasm._malloc(bytes) >>> 0;
    if (p === 0) throw new Error(`wasm heap: cannot allocate ${bytes} bytes`);
    return p;
  }

  free(ptr: number): void {
    this.backend.wasm._free(ptr);
  }

  private refresh(): void {
    if (this.buffer === this.memory.buffer) return;
    this.buffer = this.memory.buffer;
    this.f32View = new Float32Array(this.buffer);
    this.i32View = new Int32Array(this.buffer);
  }
}

/**
 * Scratch memory for one call: named regions, 16-byte aligned, in one block that is kept
 * between calls and re-allocated only when a call needs more. Each region has 16 bytes of
 * slack after it (a kernel may read a vector past the end of a row).
 */
export class Workspace {
  private base = 0;
  private capacity = 0;

  constructor(private readonly heap: Heap) {}

  /** Byte addresses of regions of the given sizes in bytes. */
  layout<K extends string>(sizes: Readonly<Record<K, number>>): Record<K, number> {
    const offsets = {} as Record<K, number>;
    let total = 0;
    for (const k of Object.keys(sizes) as K[]) {
      offsets[k] = total;
      total += Math.ceil(sizes[k] / 16) * 16 + 16;
    }
    if (total > this.capacity) {
      if (this.base !== 0) this.heap.free(this.base);
      this.base = 0;
      this.capacity = Math.max(total, Math.ceil(this.capacity * 1.5));
      // malloc aligns to 8: ask for 16 more and align up.
      this.base = this.heap.malloc(this.capacity + 16);
    }
    const start = Math.ceil(this.base / 16) * 16;
    for (const k of Object.keys(offsets) as K[]) offsets[k] += start;
    return offsets;
  }

  /** Give the block back to the backend (large calls should not pin their peak). */
  release(): void {
    if (this.base !== 0) this.heap.free(this.base);
    this.base = 0;
    this.capacity = 0;
  }
}
