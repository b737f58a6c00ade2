/**
 * Slice without copying the whole input: wasm's shipped Slice starts with `readSync(x)`, a
 * copy of *all* of x out of the wasm heap, to take a part of it. The dense pass slices each
 * worker's rows out of the k stacked batches (gradient.ts), so a group of k workers copied
 * k × (all k batches): quadratic in the number of workers (at n = 1,000 it was 65 % of a
 * step). Here the input is read through a view on the heap and only the slice is copied —
 * the same values, so the same bits. Strings go to the shipped kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { shippedKernel } from './compose.ts';

/** What we need of the wasm backend: output allocation and views on its heap. */
interface WasmBackend {
  makeOutput(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array | Int32Array | Uint8Array;
}

export function sliceWasmKernel(): KernelFunc {
  const shipped = shippedKernel('Slice', 'wasm')?.kernelFunc;
  if (!shipped) throw new Error('Slice: not registered on wasm');
  return (args) => {
    const { inputs, attrs, backend } = args;
    const { x } = inputs as { x: TensorInfo };
    if (x.dtype === 'string') return shipped(args);
    const { begin, size } = attrs as unknown as { begin: number | number[]; size: number | number[] };
    const [b, s] = tf.slice_util.parseSliceParams(x as tf.Tensor, begin, size);
    const be = backend as unknown as WasmBackend;
    const out = be.makeOutput(s, x.dtype);
    // Views after the allocation: growing the heap detaches earlier ones.
    copySlice(be.typedArrayFromHeap(x), x.shape, be.typedArrayFromHeap(out), b, s);
    return out;
  };
}

/** out ← x[b₀ : b₀+s₀, …, b_{r−1} : b_{r−1}+s_{r−1}] (row-major), innermost runs copied whole. */
export function copySlice<A extends Float32Array | Int32Array | Uint8Array>(
  x: A,
  shape: readonly number[],
  out: A,
  begin: readonly number[],
  size: readonly number[],
): void {
  const rank = shape.length;
  if (rank === 0 || size.some((k) => k === 0)) {
    if (rank === 0) out[0] = x[0];
    return;
  }
  const strides = tf.util.computeStrides(shape as number[]);
  const run = size[rank - 1];
  const idx = new Array<number>(rank - 1).fill(0);
  for (let o = 0; o < out.length; o += run) {
    let from = begin[rank - 1];
    for (let d = 0; d < rank - 1; d++) from += (begin[d] + idx[d]) * strides[d];
    out.set(x.subarray(from, from + run), o);
    for (let d = rank - 2; d >= 0; d--) {
      if (++idx[d] < size[d]) break;
      idx[d] = 0;
    }
  }
}
