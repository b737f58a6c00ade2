import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { useBackend } from '../../src/learn/backend.ts';
import { conv2dBackpropFilterKernel } from '../../src/learn/kernels/conv2d-backprop-filter.ts';
import { conv2dBackpropInputKernel } from '../../src/learn/kernels/conv2d-backprop-input.ts';
import { shippedKernel } from '../../src/learn/kernels/index.ts';

test.before(async () => {
  await useBackend('cpu');
  await useBackend('wasm');
});

function data(n: number, seed: number, zeros = 0): Float32Array {
  let s = seed;
  const next = () => (s = (s * 16807) % 2147483647) / 2147483647;
  return Float32Array.from({ length: n }, () => (next() < zeros ? 0 : next() * 2 - 1));
}

const size = (s: readonly number[]) => s.reduce((p, q) => p * q, 1);

/** Run `kernel` (a kernel function, or a registered kernel's name) on `backend`; a copy of its output. */
function run(
  backend: string,
  kernel: string | tf.KernelFunc,
  inputs: Record<string, { shape: number[]; values: Float32Array }>,
  attrs: NamedAttrMap,
): Float32Array {
  tf.setBackend(backend);
  const ts: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(inputs)) ts[k] = tf.tensor(v.values, v.shape);
  let out: Float32Array;
  if (typeof kernel === 'string') {
    const r = tf.engine().runKernel(kernel, ts, attrs) as tf.Tensor;
    out = Float32Array.from(r.dataSync() as Float32Array);
    r.dispose();
  } else {
    const be = tf.backend();
    const info = kernel({ inputs: ts, attrs, backend: be }) as TensorInfo;
    out = Float32Array.from(be.readSync(info.dataId) as Float32Array);
    be.disposeData(info.dataId);
  }
  for (const t of Object.values(ts)) t.dispose();
  return out;
}

function differing(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let n = 0;
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) n++;
  return n;
}

function relErr(a: Float32Array, ref: Float32Array): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return err / (scale || 1);
}

const cases = [
  { name: 'the CNN’s first layer (28×28×1, 5×5×32, same)', x: [5, 28, 28, 1], k: [5, 5, 1, 32], strides: 1, pad: 'same' },
  { name: 'the CNN’s second layer (14×14×32, 5×5×64, same)', x: [3, 14, 14, 32], k: [5, 5, 32, 64], strides: 1, pad: 'same' },
  { name: 'same, stride 1, odd channels', x: [3, 10, 10, 3], k: [5, 5, 3, 6], strides: 1, pad: 'same' },
  { name: 'valid, stride 1', x: [2, 9, 8, 3], k: [3, 3, 3, 5], strides: 1, pad: 'valid' },
  { name: 'same, stride 2', x: [2, 9, 9, 3], k: [3, 3, 3, 4], strides: 2, pad: 'same' },
  { name: 'valid, stride 2 (rows never touched)', x: [2, 10, 10, 2], k: [3, 3, 2, 3], strides: 2, pad: 'valid' },
  {
    name: 'explicit padding',
    x: [2, 7, 7, 1],
    k: [5, 5, 1, 8],
    strides: 1,
    pad: [
      [0, 0],
      [1, 2],
      [2, 0],
      [0, 0],
    ],
  },
  { name: 'batch 1, 9 output channels', x: [1, 6, 7, 5], k: [3, 2, 5, 9], strides: 1, pad: 'same' },
  // Channel counts that are multiples of 4: the gradients over dy's nonzeros (wasm/conv-sparse.ts).
  { name: 'sparse path, valid', x: [3, 9, 8, 4], k: [3, 3, 4, 8], strides: 1, pad: 'valid' },
  {
    name: 'sparse path, explicit padding',
    x: [2, 7, 7, 8],
    k: [5, 5, 8, 4],
    strides: 1,
    pad: [
      [0, 0],
      [1, 2],
      [2, 0],
      [0, 0],
    ],
  },
  {
    name: 'sparse path, 20 output channels (column blocks 16 + 4), 44 input channels (32 + 8 + 4)',
    x: [5, 6, 6, 44],
    k: [3, 3, 44, 20],
    strides: 1,
    pad: 'same',
  },
] as const;

for (const c of cases) {
  const info = tf.backend_util.computeConv2DInfo(c.x as never, c.k as never, c.strides, 1, c.pad as never);
  const x = { shape: [...c.x], values: data(size(c.x), 1, 0.3) };
  const k = { shape: [...c.k], values: data(size(c.k), 2) };
  // dy as after max pooling and a ReLU: mostly zeros (some −0).
  const dy = { shape: info.outShape, values: data(size(info.outShape), 3, 0.8).map((v, i) => (i % 7 === 0 ? -0 : v)) };

  test(`Conv2D on wasm: our tap GEMM has XNNPACK's bits and cpu's values to 1e-5: ${c.name}`, (t) => {
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: 1 } as never;
    const ours = run('wasm', 'Conv2D', { x, filter: k }, attrs);
    t.is(differing(ours, run('wasm', shippedKernel('Conv2D', 'wasm')!.kernelFunc, { x, filter: k }, attrs)), 0);
    t.true(relErr(ours, run('cpu', 'Conv2D', { x, filter: k }, attrs)) < 1e-5);
  });

  test(`Conv2DBackpropFilter on wasm: the bits of the convolution of transposed tensors, cpu's values to 1e-5: ${c.name}`, (t) => {
    const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: [...c.k] } as never;
    const ours = run('wasm', 'Conv2DBackpropFilter', { x, dy }, attrs);
    t.is(differing(ours, run('wasm', conv2dBackpropFilterKernel('wasm'), { x, dy }, attrs)), 0);
    // (cpu's registered kernel: its Conv2D on transposed tensors; the shipped loop is too slow here.)
    t.true(relErr(ours, run('cpu', 'Conv2DBackpropFilter', { x, dy }, attrs)) < 1e-5);
  });

  test(`Conv2DBackpropInput on wasm: the bits of the convolution with the rotated filter, cpu's values to 1e-5: ${c.name}`, (t) => {
    const attrs = { inputShape: [...c.x], strides: c.strides, pad: c.pad, dataFormat: 'NHWC' } as never;
    const ours = run('wasm', 'Conv2DBackpropInput', { dy, filter: k }, attrs);
    t.is(differing(ours, run('wasm', conv2dBackpropInputKernel('wasm'), { dy, filter: k }, attrs)), 0);
    t.true(relErr(ours, run('cpu', 'Conv2DBackpropInput', { dy, filter: k }, attrs)) < 1e-5);
  });
}
