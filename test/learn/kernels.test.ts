import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import type { NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';
import { useBackend } from '../../src/learn/backend.ts';
import { shippedKernel } from '../../src/learn/kernels/index.ts';
import { maxPoolBackprop } from '../../src/learn/kernels/max-pool-grad.ts';

/** Deterministic data in [−1, 1). */
function data(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1);
}

type Inputs = Record<string, { shape: number[]; values: Float32Array }>;

/** Run kernel `name` on `backend`: the registered one (ours), or the shipped one. */
function run(backend: string, name: string, inputs: Inputs, attrs: NamedAttrMap, shipped = false): Float32Array {
  tf.setBackend(backend);
  const ts: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(inputs)) ts[k] = tf.tensor(v.values, v.shape);
  let out: Float32Array;
  if (shipped) {
    const be = tf.backend();
    const info = shippedKernel(name, backend)!.kernelFunc({ inputs: ts, attrs, backend: be }) as TensorInfo;
    out = Float32Array.from(be.readSync(info.dataId) as Float32Array);
    be.disposeData(info.dataId);
  } else {
    const r = tf.engine().runKernel(name, ts, attrs) as tf.Tensor;
    out = Float32Array.from(r.dataSync() as Float32Array);
    r.dispose();
  }
  for (const t of Object.values(ts)) t.dispose();
  return out;
}

function relErr(a: Float32Array, ref: Float32Array): number {
  if (a.length !== ref.length) return Infinity;
  let err = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return err / (scale || 1);
}

test.before(async () => {
  await useBackend('cpu');
  await useBackend('wasm');
});

const convCases = [
  { name: 'same, stride 1 (the CNN)', x: [3, 10, 10, 4], k: [5, 5, 4, 6], strides: 1, pad: 'same' },
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
] as const;

function outShape(c: (typeof convCases)[number]): number[] {
  const info = tf.backend_util.computeConv2DInfo(c.x as never, c.k as never, c.strides, 1, c.pad as never);
  return info.outShape;
}

for (const c of convCases) {
  for (const backend of ['wasm', 'cpu']) {
    test(`Conv2DBackpropFilter on ${backend} agrees with cpu's shipped kernel to 1e-4: ${c.name}`, (t) => {
      const dyShape = outShape(c);
      const inputs = {
        x: {
          shape: [...c.x],
          values: data(
            c.x.reduce((p: number, q: number) => p * q, 1),
            1,
          ),
        },
        dy: {
          shape: dyShape,
          values: data(
            dyShape.reduce((p: number, q: number) => p * q, 1),
            2,
          ),
        },
      };
      const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: [...c.k] } as never;
      const ref = run('cpu', 'Conv2DBackpropFilter', inputs, attrs, true);
      t.true(relErr(run(backend, 'Conv2DBackpropFilter', inputs, attrs), ref) < 1e-4);
    });

    test(`Conv2DBackpropInput on ${backend} agrees with cpu's shipped kernel to 1e-4: ${c.name}`, (t) => {
      const dyShape = outShape(c);
      const inputs = {
        dy: {
          shape: dyShape,
          values: data(
            dyShape.reduce((p: number, q: number) => p * q, 1),
            3,
          ),
        },
        filter: {
          shape: [...c.k],
          values: data(
            c.k.reduce((p: number, q: number) => p * q, 1),
            4,
          ),
        },
      };
      const attrs = { inputShape: [...c.x], strides: c.strides, pad: c.pad, dataFormat: 'NHWC' } as never;
      const ref = run('cpu', 'Conv2DBackpropInput', inputs, attrs, true);
      t.true(relErr(run(backend, 'Conv2DBackpropInput', inputs, attrs), ref) < 1e-4);
    });
  }
}

for (const [tA, tB] of [
  [true, false],
  [false, true],
  [true, true],
  [false, false],
]) {
  test(`BatchMatMul on wasm (transposeA=${tA}, transposeB=${tB}) agrees with cpu's shipped kernel to 1e-4`, (t) => {
    const [m, k, n] = [7, 33, 5];
    const inputs = {
      a: { shape: tA ? [1, k, m] : [1, m, k], values: data(m * k, 5) },
      b: { shape: tB ? [1, n, k] : [1, k, n], values: data(k * n, 6) },
    };
    const attrs = { transposeA: tA, transposeB: tB };
    const ref = run('cpu', 'BatchMatMul', inputs, attrs, true);
    t.true(relErr(run('wasm', 'BatchMatMul', inputs, attrs), ref) < 1e-4);
  });
}

const poolCases = [
  { name: '2×2 stride 2 same, odd size', x: [2, 7, 7, 3], filterSize: 2, strides: 2, pad: 'same' },
  { name: '3×3 stride 2 overlapping windows', x: [2, 9, 9, 2], filterSize: 3, strides: 2, pad: 'valid' },
  { name: '3×3 stride 1 same', x: [1, 6, 6, 2], filterSize: 3, strides: 1, pad: 'same' },
  { name: '2×2 stride 2 tiling x, 8 channels (the SIMD kernel)', x: [3, 8, 6, 8], filterSize: 2, strides: 2, pad: 'same' },
  { name: 'the CNN’s first pooling (SIMD kernel)', x: [2, 28, 28, 32], filterSize: 2, strides: 2, pad: 'same' },
] as const;

function poolInputs(c: (typeof poolCases)[number], sign: (v: number) => number): Inputs {
  const info = tf.backend_util.computePool2DInfo(c.x as never, c.filterSize, c.strides, 1, c.pad);
  const size = (s: readonly number[]) => s.reduce((p: number, q: number) => p * q, 1);
  const x = data(size(c.x), 7).map(sign);
  // MaxPoolGrad reads dy and the input; `output` (the forward result) is unused by both.
  return {
    dy: { shape: info.outShape, values: data(size(info.outShape), 8) },
    input: { shape: [...c.x], values: x },
    output: { shape: info.outShape, values: new Float32Array(size(info.outShape)) },
  };
}

for (const c of poolCases) {
  test(`MaxPoolGrad on wasm agrees with cpu on mixed-sign windows: ${c.name}`, (t) => {
    const inputs = poolInputs(c, (v) => v);
    const attrs = { filterSize: c.filterSize, strides: c.strides, pad: c.pad } as never;
    t.true(relErr(run('wasm', 'MaxPoolGrad', inputs, attrs), run('cpu', 'MaxPoolGrad', inputs, attrs, true)) < 1e-6);
  });

  test(`MaxPoolGrad on wasm routes the gradient in windows whose values are all ≤ 0: ${c.name}`, (t) => {
    const inputs = poolInputs(c, (v) => -Math.abs(v) - 0.01);
    const attrs = { filterSize: c.filterSize, strides: c.strides, pad: c.pad } as never;
    const ref = run('cpu', 'MaxPoolGrad', inputs, attrs, true);
    const ours = run('wasm', 'MaxPoolGrad', inputs, attrs);
    t.true(relErr(ours, ref) < 1e-6);
    t.true(ref.some((v) => v !== 0));
    // The shipped wasm kernel sends these gradients to the window's first position instead
    // of its maximum: the bug our kernel fixes.
    t.true(relErr(run('wasm', 'MaxPoolGrad', inputs, attrs, true), ref) > 0.1);
  });
}

test('MaxPoolGrad’s SIMD kernel gives the loop’s bits with ties, −0, NaN and ±∞ in the windows', (t) => {
  tf.setBackend('wasm');
  const shape = [2, 6, 8, 12] as [number, number, number, number];
  const info = tf.backend_util.computePool2DInfo(shape, 2, 2, 1, 'same');
  const specials = [0, -0, 1, 1, -1, NaN, Infinity, -Infinity];
  let s = 5;
  const x = Float32Array.from({ length: shape.reduce((p, q) => p * q, 1) }, () => specials[(s = (s * 16807) % 2147483647) % specials.length]);
  const dy = data(
    info.outShape.reduce((p, q) => p * q, 1),
    11,
  ).map((v, i) => (i % 5 === 0 ? -0 : v));
  const ours = run(
    'wasm',
    'MaxPoolGrad',
    { dy: { shape: info.outShape, values: dy }, input: { shape, values: x }, output: { shape: info.outShape, values: new Float32Array(dy.length) } },
    { filterSize: 2, strides: 2, pad: 'same' } as never,
  );
  const loop = new Float32Array(x.length);
  maxPoolBackprop(x, dy, loop, info);
  t.deepEqual(new Uint32Array(ours.buffer), new Uint32Array(loop.buffer));
});

const sumCases = [
  { name: 'bias gradient: axes 0,1,2 of NHWC', shape: [3, 5, 5, 8], axis: [0, 1, 2], keepDims: false },
  { name: 'axes given unsorted and negative, keepDims', shape: [4, 6, 7], axis: [-2, 0], keepDims: true },
  { name: 'axis 0 of a matrix', shape: [33, 10], axis: 0, keepDims: false },
  { name: 'trailing axis (shipped kernel)', shape: [6, 9], axis: 1, keepDims: false },
  { name: 'all axes (shipped kernel)', shape: [6, 9], axis: [0, 1], keepDims: false },
] as const;

for (const c of sumCases) {
  test(`Sum on wasm agrees with cpu's shipped kernel to 1e-5 (and, over leading axes, has the bits of wasm's row sums): ${c.name}`, (t) => {
    const inputs = {
      x: {
        shape: [...c.shape],
        values: data(
          c.shape.reduce((p: number, q: number) => p * q, 1),
          9,
        ),
      },
    };
    const attrs = { axis: Array.isArray(c.axis) ? [...c.axis] : c.axis, keepDims: c.keepDims } as never;
    const ref = run('cpu', 'Sum', inputs, attrs, true);
    const ours = run('wasm', 'Sum', inputs, attrs);
    t.true(relErr(ours, ref) < 1e-5);
    // …and, over leading axes, the bits of the shipped wasm Sum on the 2-D view [rows, cols]
    // (what this kernel computed before the SIMD column sums: rows in order, from +0).
    const axes = tf.util.parseAxisParam(c.axis as never, [...c.shape]).sort((a, b) => a - b);
    if (axes.every((a, i) => a === i) && axes.length < c.shape.length) {
      const rows = c.shape.slice(0, axes.length).reduce((p: number, q: number) => p * q, 1);
      const view = { x: { shape: [rows, inputs.x.values.length / rows], values: inputs.x.values } };
      t.deepEqual(new Uint32Array(ours.buffer), new Uint32Array(run('wasm', 'Sum', view, { axis: [0], keepDims: false } as never, true).buffer));
    }
    tf.setBackend('wasm');
    const r = tf.sum(tf.tensor(inputs.x.values, [...c.shape]), c.axis as never, c.keepDims);
    tf.setBackend('cpu');
    const s = tf.sum(tf.tensor(inputs.x.values, [...c.shape]), c.axis as never, c.keepDims);
    t.deepEqual(r.shape, s.shape);
  });
}

const sliceCases = [
  { name: "rows of a matrix (a worker's batch out of stacked batches)", shape: [12, 7], begin: [3, 0], size: [4, -1] },
  { name: 'a block of a matrix', shape: [9, 10], begin: [2, 3], size: [5, 4] },
  { name: 'rank 4, every axis cut', shape: [3, 5, 4, 6], begin: [1, 1, 0, 2], size: [2, 3, 4, 3] },
  { name: 'rank 5', shape: [2, 3, 2, 3, 4], begin: [1, 0, 1, 1, 1], size: [1, 3, 1, 2, 2] },
  { name: 'empty slice', shape: [4, 4], begin: [1, 1], size: [0, 2] },
] as const;

for (const c of sliceCases) {
  test(`Slice on wasm gives cpu's shipped values bit for bit: ${c.name}`, (t) => {
    const inputs = {
      x: {
        shape: [...c.shape],
        values: data(
          c.shape.reduce((p: number, q: number) => p * q, 1),
          10,
        ),
      },
    };
    const attrs = { begin: [...c.begin], size: [...c.size] } as never;
    const ref = run('cpu', 'Slice', inputs, attrs, true);
    const ours = run('wasm', 'Slice', inputs, attrs);
    t.deepEqual(Array.from(ours), Array.from(ref));
    t.deepEqual(Array.from(run('wasm', 'Slice', inputs, attrs, true)), Array.from(ref));
  });
}

test('Slice on wasm keeps int32 and bool tensors', (t) => {
  tf.setBackend('wasm');
  const i = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32').slice([1, 0], [2, 1]);
  t.is(i.dtype, 'int32');
  t.deepEqual(Array.from(i.dataSync()), [3, 5]);
  const b = tf.tensor1d([true, false, true, true], 'bool').slice(1, 2);
  t.is(b.dtype, 'bool');
  t.deepEqual(Array.from(b.dataSync()), [0, 1]);
});

test('Identity on wasm shares data: a clone outlives its source and reads the same values', (t) => {
  tf.setBackend('wasm');
  const buffers = () => tf.memory().numDataBuffers;
  const before = buffers();
  const a = tf.tensor([1, -2, 3.5]);
  const b = a.clone();
  t.is(buffers() - before, 1);
  a.dispose();
  t.deepEqual(Array.from(b.dataSync()), [1, -2, 3.5]);
  b.dispose();
  t.is(buffers(), before);
});
