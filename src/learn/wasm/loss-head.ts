/**
 * The loss head of a gradient pass on the wasm heap: from the logits z [R, K] and the labels,
 * the per-example output gradient δ = dℓᵢ/dz (written in place of z's copy) and the losses ℓᵢ.
 * Exactly the ops of gradient.ts `outputGradient`, in the same order and precision: the exact
 * float32 ones (subtraction, products by 0/±1, negation) done here, the ones whose bits are
 * the backend's (max, step and relu with their NaN and ±0 rules, exp, log, sigmoid, softplus, the row sum) run by the backend's own shipped
 * kernels, called directly (no engine, no tape).
 *
 *   softmax-ce: logp = (z − max z) − log Σ exp(z − max z),  δ = exp(logp) − onehot,  ℓ = −Σ onehot·logp
 *   logistic:   s = 2y − 1,  δ = −s·σ(−s·z),  ℓ = softplus(−s·z)
 *   hinge:      δ = −s·step(1 − s·z),  ℓ = relu(1 − s·z)
 */
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { LossKind } from '../model.ts';
import { shippedKernel } from '../kernels/compose.ts';

/** The wasm backend as the shipped kernels see it. */
interface Backend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  disposeData(dataId: object): boolean;
}

function kernel(name: string): KernelFunc {
  const k = shippedKernel(name, 'wasm');
  if (!k) throw new Error(`loss head: kernel ${name} is not registered on wasm`);
  return k.kernelFunc;
}

/** out ← the backend's kernel `name` applied to `x` (shape [rows, cols]); attrs as the kernel takes them. */
function viaBackend(backend: Backend, name: string, x: Float32Array, shape: number[], attrs: object = {}): Float32Array {
  const input = backend.makeOutput(shape, 'float32');
  backend.typedArrayFromHeap(input).set(x);
  const out = kernel(name)({ inputs: { x: input }, attrs: attrs as never, backend: backend as never }) as TensorInfo;
  const values = backend.typedArrayFromHeap(out).slice();
  backend.disposeData(out.dataId);
  backend.disposeData(input.dataId);
  return values;
}

/**
 * δ (in place of `z`, a [R, K] view) and ℓ [R] for labels y. The views must not be on the
 * heap region the backend allocates from (they are copied before any kernel runs).
 */
export function lossHead(backend: unknown, kind: LossKind, z: Float32Array, y: Int32Array, K: number): Float32Array {
  const be = backend as Backend;
  const R = y.length;
  if (kind === 'softmax-ce') return softmaxHead(be, z, y, R, K);
  const margin = new Float32Array(R);
  for (let r = 0; r < R; r++) margin[r] = (2 * y[r] - 1) * z[r];
  if (kind === 'logistic') {
    const neg = margin.map((m) => -m);
    const sig = viaBackend(be, 'Sigmoid', neg, [R, 1]);
    for (let r = 0; r < R; r++) z[r] = -((2 * y[r] - 1) * sig[r]);
    return viaBackend(be, 'Softplus', neg, [R, 1]);
  }
  const slack = margin.map((m) => 1 - m);
  const step = viaBackend(be, 'Step', slack, [R, 1], { alpha: 0 });
  for (let r = 0; r < R; r++) z[r] = -((2 * y[r] - 1) * step[r]);
  return viaBackend(be, 'Relu', slack, [R, 1]);
}

function softmaxHead(be: Backend, z: Float32Array, y: Int32Array, R: number, K: number): Float32Array {
  const max = viaBackend(be, 'Max', z, [R, K], { reductionIndices: [1], keepDims: false });
  const shifted = new Float32Array(R * K);
  for (let r = 0; r < R; r++) for (let k = 0; k < K; k++) shifted[r * K + k] = z[r * K + k] - max[r];
  const lse = viaBackend(be, 'Log', viaBackend(be, 'Sum', viaBackend(be, 'Exp', shifted, [R, K]), [R, K], { axis: [1], keepDims: false }), [R, 1]);
  const logp = new Float32Array(R * K);
  for (let r = 0; r < R; r++) for (let k = 0; k < K; k++) logp[r * K + k] = shifted[r * K + k] - lse[r];
  const p = viaBackend(be, 'Exp', logp, [R, K]);
  const losses = new Float32Array(R);
  for (let r = 0; r < R; r++) {
    let s = 0;
    for (let k = 0; k < K; k++) {
      const hot = y[r] === k ? 1 : 0;
      z[r * K + k] = p[r * K + k] - hot;
      s = Math.fround(s + Math.fround(hot * logp[r * K + k]));
    }
    losses[r] = -s;
  }
  return losses;
}
