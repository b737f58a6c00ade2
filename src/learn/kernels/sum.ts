/**
 * Sum over leading axes, on x viewed as a matrix: Σ_r x[r, c] over X = x as [R, C].
 * Bias gradients are exactly this (dy [b, H, W, C] summed over b, H, W). wasm's Sum kernel
 * first transposes the reduced axes innermost (its 4-D transpose is slow), then sums each row
 * from +0 in order; our column_sums kernel (wasm/elementwise.ts) adds the same values in the
 * same order down the columns, four columns per instruction, with no transpose: the same bits
 * (test/learn/wasm.test.ts). Any other reduction goes to the shipped kernel unchanged.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { Composer, shippedKernel, type KernelBackend } from './compose.ts';
import { kernelsFor } from '../wasm/kernels.ts';
import type { WasmBackendLike } from '../wasm/heap.ts';

interface WasmBackend extends WasmBackendLike {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  dataIdMap: { get(dataId: object): { memoryOffset: number } };
}

export function sumKernel(backendName: string): KernelFunc {
  const shipped = shippedKernel('Sum', backendName)?.kernelFunc;
  if (!shipped) throw new Error(`Sum: not registered on ${backendName}`);
  return (args) => {
    const { inputs, attrs, backend } = args;
    const { x } = inputs as { x: TensorInfo };
    const { axis, keepDims } = attrs as { axis: number | number[]; keepDims: boolean };
    const k = leadingAxes(x.shape, axis);
    if (x.dtype !== 'float32' || k === 0 || k === x.shape.length) return shipped(args);
    const rows = tf.util.sizeFromShape(x.shape.slice(0, k));
    const cols = tf.util.sizeFromShape(x.shape.slice(k));
    const outShape = keepDims ? [...x.shape.slice(0, k).map(() => 1), ...x.shape.slice(k)] : x.shape.slice(k);
    if (backendName === 'wasm' && rows > 0) {
      const be = backend as unknown as WasmBackend;
      const out = be.makeOutput(outShape, 'float32');
      kernelsFor(be).columnSums(be.dataIdMap.get(x.dataId).memoryOffset, be.dataIdMap.get(out.dataId).memoryOffset, rows, cols);
      return out;
    }
    const c = new Composer(backend as unknown as KernelBackend, backendName);
    try {
      const x2 = c.run('Reshape', { x }, { shape: [rows, cols] });
      const s = c.run('Sum', { x: x2 }, { axis: [0], keepDims: false });
      return c.keep(c.run('Reshape', { x: s }, { shape: outShape }));
    } finally {
      c.dispose();
    }
  };
}

/** k if `axis` is exactly the first k axes of a tensor of `shape` (else 0). */
function leadingAxes(shape: readonly number[], axis: number | number[]): number {
  const axes = tf.util.parseAxisParam(axis, shape as number[]).sort((a, b) => a - b);
  for (let i = 0; i < axes.length; i++) if (axes[i] !== i) return 0;
  return axes.length;
}
