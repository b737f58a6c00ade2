/**
 * Sum over leading axes as a matMul: Σ_r x[r, c] = (1ᵀ·X)[c] with X = x viewed as [R, C].
 * Bias gradients are exactly this (dy [b, H, W, C] summed over b, H, W), and wasm's Sum
 * kernel first transposes the reduced axes innermost, ~40× slower than XNNPACK's GEMM
 * at the CNN's sizes. Any other reduction goes to the shipped kernel.
 */
import * as tf from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { Composer, shippedKernel, type KernelBackend } from './compose.ts';

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
    const c = new Composer(backend as unknown as KernelBackend, backendName);
    try {
      const ones = c.run('Fill', {}, { shape: [1, 1, rows], value: 1, dtype: 'float32' });
      const x3 = c.run('Reshape', { x }, { shape: [1, rows, cols] });
      const s = c.run('BatchMatMul', { a: ones, b: x3 }, { transposeA: false, transposeB: false });
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
