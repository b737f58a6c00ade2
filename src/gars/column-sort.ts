/**
 * Coordinate-wise sorting of n float32 rows, block by block, with a sorting network run in a tiny
 * hand-assembled WebAssembly SIMD kernel (f32x4.min/max: branch-free, four coordinates per
 * instruction). The network is Batcher's odd–even merge sort for the next power of two, pruned
 * of the comparators that touch the (virtual +∞) padding. Used by the median and the trimmed
 * mean on Float32Array inputs; min/max return one of their operands, so results are exact.
 * Falls back (returns undefined) when WebAssembly SIMD is unavailable.
 */

/** Coordinates per block: n rows of BLOCK float32 live in the kernel's memory. */
export const BLOCK = 1024;

/**
 * Floats per row in the kernel's memory: the block plus one cache line, so that the n rows of a
 * block do not all map to the same L1 sets (a 4 KiB stride would: 4K aliasing).
 */
export const ROW = BLOCK + 16;

/** Batcher odd–even merge sort comparators (i < j) for n wires, padding pruned. */
export function batcherNetwork(n: number): [number, number][] {
  let p2 = 1;
  while (p2 < n) p2 *= 2;
  const out: [number, number][] = [];
  for (let p = 1; p < p2; p *= 2) {
    for (let k = p; k >= 1; k = Math.floor(k / 2)) {
      for (let j = k % p; j + k < p2; j += 2 * k) {
        for (let i = 0; i < Math.min(k, p2 - j - k); i++) {
          if (Math.floor((i + j) / (p * 2)) === Math.floor((i + j + k) / (p * 2)) && i + j + k < n) out.push([i + j, i + j + k]);
        }
      }
    }
  }
  return out;
}

/**
 * The comparators of `net` that can affect wires lo..hi (backward cone): a comparator is kept iff
 * one of its wires is read later by a kept comparator or is an output. Enough for the median
 * (one or two middle wires) or the trimmed mean (wires f..n−f−1).
 */
export function pruneNetwork(net: readonly [number, number][], lo: number, hi: number): [number, number][] {
  const live = new Set<number>();
  for (let w = lo; w <= hi; w++) live.add(w);
  const kept: [number, number][] = [];
  for (let c = net.length - 1; c >= 0; c--) {
    const [p, q] = net[c];
    if (live.has(p) || live.has(q)) {
      kept.push([p, q]);
      live.add(p);
      live.add(q);
    }
  }
  return kept.reverse();
}

function leb(x: number): number[] {
  const out: number[] = [];
  do {
    let b = x & 0x7f;
    x >>>= 7;
    if (x !== 0) b |= 0x80;
    out.push(b);
  } while (x !== 0);
  return out;
}

const section = (id: number, body: number[]) => [id, ...leb(body.length), ...body];

/** net(base, bytes, ncomp, cp): for each comparator (p, q) (byte offsets at cp), min into p, max into q over `bytes`. */
function kernelBytes(pages: number): Uint8Array {
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const addr = (off: number) => [...get(0), ...get(3), ...get(4), 0x41, 3, 0x74, 0x6a, 0x28, 2, off, 0x6a];
  const load = [0xfd, 0x00, 4, 0];
  const store = [0xfd, 0x0b, 4, 0];
  const inner = [
    0x02,
    0x40,
    0x03,
    0x40,
    ...get(7),
    ...get(1),
    0x4f,
    0x0d,
    1,
    ...get(5),
    ...get(7),
    0x6a,
    ...load,
    ...set(8),
    ...get(6),
    ...get(7),
    0x6a,
    ...load,
    ...set(9),
    ...get(5),
    ...get(7),
    0x6a,
    ...get(8),
    ...get(9),
    0xfd,
    0xe8,
    0x01,
    ...store,
    ...get(6),
    ...get(7),
    0x6a,
    ...get(8),
    ...get(9),
    0xfd,
    0xe9,
    0x01,
    ...store,
    ...get(7),
    0x41,
    16,
    0x6a,
    ...set(7),
    0x0c,
    0,
    0x0b,
    0x0b,
  ];
  const body = [
    2,
    4,
    0x7f,
    2,
    0x7b,
    0x02,
    0x40,
    0x03,
    0x40,
    ...get(4),
    ...get(2),
    0x4f,
    0x0d,
    1,
    ...addr(0),
    ...set(5),
    ...addr(4),
    ...set(6),
    0x41,
    0,
    ...set(7),
    ...inner,
    ...get(4),
    0x41,
    1,
    0x6a,
    ...set(4),
    0x0c,
    0,
    0x0b,
    0x0b,
    0x0b,
  ];
  const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, [1, 0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 0]),
    ...section(3, [1, 0]),
    ...section(5, [1, 0, ...leb(pages)]),
    ...section(7, [2, ...name('net'), 0, 0, ...name('mem'), 2, 0]),
    ...section(10, [1, ...leb(body.length), ...body]),
  ]);
}

/** A reusable sorter for n rows: copy a block in, sort every column, read rows back. */
export interface ColumnSorter {
  readonly n: number;
  /** Rows of the sorted block: row r is rows[r * ROW + b] for b < len. */
  readonly rows: Float32Array;
  sortBlock(inputs: readonly Float32Array[], k0: number, len: number): void;
}

const cache = new Map<string, ColumnSorter | null>();

/** The slice of the WebAssembly JS API used here (tsconfig's lib has no DOM/WebAssembly types). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;

/**
 * The sorter for n rows, or undefined when WebAssembly SIMD is not available. With [lo, hi],
 * only rows lo..hi of the result are guaranteed sorted (the network is pruned to their cone).
 */
export function columnSorter(n: number, lo = 0, hi = n - 1): ColumnSorter | undefined {
  const key = `${n}:${lo}:${hi}`;
  if (cache.has(key)) return cache.get(key) ?? undefined;
  let sorter: ColumnSorter | null = null;
  try {
    if (!wasm) throw new Error('no WebAssembly');
    const net = pruneNetwork(batcherNetwork(n), lo, hi);
    const rowBytes = ROW * 4;
    const compOffset = n * rowBytes;
    const pages = Math.ceil((compOffset + net.length * 8) / 65536) + 1;
    const instance = new wasm.Instance(new wasm.Module(kernelBytes(pages)), {});
    const mem = instance.exports.mem as { buffer: ArrayBuffer };
    const run = instance.exports.net as (base: number, bytes: number, ncomp: number, cp: number) => void;
    const comps = new Int32Array(mem.buffer, compOffset, net.length * 2);
    net.forEach(([p, q], c) => {
      comps[2 * c] = p * rowBytes;
      comps[2 * c + 1] = q * rowBytes;
    });
    const rows = new Float32Array(mem.buffer, 0, n * ROW);
    sorter = {
      n,
      rows,
      sortBlock(inputs, k0, len) {
        for (let i = 0; i < n; i++) rows.set(inputs[i].subarray(k0, k0 + len), i * ROW);
        run(0, Math.ceil(len / 4) * 16, net.length, compOffset);
      },
    };
  } catch {
    sorter = null;
  }
  cache.set(key, sorter);
  return sorter ?? undefined;
}
