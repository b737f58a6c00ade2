import test from 'ava';
import { tf, useBackend } from '../../src/learn/backend.ts';
import { assemble, instantiate, validates } from '../../src/learn/wasm/assemble.ts';
import { gemmFunctions } from '../../src/learn/wasm/gemm.ts';
import { elementwiseFunctions } from '../../src/learn/wasm/elementwise.ts';
import { kernelsFor, type WasmKernels } from '../../src/learn/wasm/kernels.ts';
import type { WasmBackendLike } from '../../src/learn/wasm/heap.ts';
import { lcg, relErr } from './helpers.ts';

let kern: WasmKernels;
test.before(async () => {
  await useBackend('cpu');
  await useBackend('wasm');
  kern = kernelsFor(tf.backend() as unknown as WasmBackendLike);
});

/** Bitwise equality, zeros' signs and NaNs included; the count of differing entries. */
function differing(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let diff = 0;
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i] && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) diff++;
  return diff;
}

function values(rng: () => number, n: number, special = false): Float32Array {
  const specials = [0, -0, 1, -1, 1e-30, -3.5e38];
  return Float32Array.from({ length: n }, () => (special && rng() < 0.2 ? specials[Math.floor(rng() * specials.length)] : 2 * rng() - 1));
}

/** Copy arrays into the heap (one region each); returns their byte addresses and a free(). */
function onHeap(...arrays: Float32Array[]): { at: number[]; read(i: number, n: number): Float32Array; free(): void } {
  const at = arrays.map((a) => kern.heap.malloc(a.length * 4 + 32));
  arrays.forEach((a, i) => kern.heap.f32.set(a, at[i] >> 2));
  return {
    at,
    read: (i, n) => kern.heap.f32.slice(at[i] >> 2, (at[i] >> 2) + n),
    free: () => at.forEach((p) => kern.heap.free(p)),
  };
}

test('the assembler makes valid modules, resolves labels and calls, and names what it cannot read', (t) => {
  const fns = [
    { name: 'twice', params: [['x', 'i32']] as const, results: ['i32'] as const, body: 'local.get $x local.get $x i32.add' },
    {
      name: 'sum_to',
      params: [['n', 'i32']] as const,
      results: ['i32'] as const,
      locals: [['s', 'i32']] as const,
      body: `block $done loop $l  local.get $n i32.eqz br_if $done
               local.get $s local.get $n call $twice i32.add local.set $s  ;; s += 2n
               local.get $n i32.const 1 i32.sub local.set $n  br $l end end  local.get $s`,
    },
  ];
  t.true(validates(assemble(fns)));
  const m = instantiate(fns, (tf.backend() as unknown as WasmBackendLike).wasm.asm.memory);
  t.is(m.sum_to(10), 110);
  t.throws(() => assemble([{ name: 'f', params: [], body: 'i32.frob' }]), { message: /unsupported instruction "i32.frob"/ });
  t.throws(() => assemble([{ name: 'f', params: [], body: 'block br $nowhere end' }]), { message: /unknown label \$nowhere/ });
  t.throws(() => assemble([{ name: 'f', params: [], body: 'block loop end' }]), { message: /not closed/ });
  t.throws(() => assemble([{ name: 'f', params: [], body: 'local.get $x drop' }]), { message: /unknown local \$x/ });
  t.true(validates(assemble([...gemmFunctions(), ...elementwiseFunctions()])));
});

const shapes = [
  [1, 1, 1],
  [7, 33, 5],
  [32, 784, 100],
  [5, 3, 10],
  [13, 64, 9],
  [4, 0, 8],
  [33, 17, 3],
  [9, 100, 1],
] as const;

for (const [m, k, n] of shapes) {
  for (const transposed of [false, true]) {
    test(`product ${m}×${k}·${k}×${n}${transposed ? ' (A transposed, strided)' : ''} has the wasm backend's bits, and the cpu backend's values to 1e-5`, (t) => {
      const rng = lcg(51 + m + k + n);
      const A = values(rng, m * k, true).map((v) => (Math.abs(v) > 1e30 ? 0.5 : v));
      const B = values(rng, k * n, true).map((v) => (Math.abs(v) > 1e30 ? -0.25 : v));
      const h = onHeap(A, B, new Float32Array(m * n));
      kern.product(
        transposed
          ? { m, n, k, a: h.at[0], sa: 4, ka: m * 4, b: h.at[1], sbk: n * 4, sbn: 4, c: h.at[2], ldc: n * 4 }
          : { m, n, k, a: h.at[0], sa: k * 4, ka: 4, b: h.at[1], sbk: n * 4, sbn: 4, c: h.at[2], ldc: n * 4 },
      );
      const ours = h.read(2, m * n);
      h.free();
      const ref = (backend: string) => {
        tf.setBackend(backend);
        return tf.tidy(() => tf.matMul(tf.tensor2d(A, transposed ? [k, m] : [m, k]), tf.tensor2d(B, [k, n]), transposed, false).dataSync() as Float32Array);
      };
      const cpu = ref('cpu');
      // (XNNPACK leaves C unwritten for k = 0: there the reference is cpu's zeros.)
      if (k > 0) t.is(differing(ours, ref('wasm')), 0);
      else t.is(differing(ours, cpu), 0);
      t.true(relErr(ours, cpu) < 1e-5 || cpu.every((v) => v === 0));
      tf.setBackend('wasm');
    });
  }
}

test('product with B read transposed (B(k, n) = Bt[n, k]) has the bits of the backend’s matMul(a, bt, false, true)', (t) => {
  const rng = lcg(59);
  for (const [m, k, n] of [
    [32, 10, 100],
    [9, 33, 7],
    [5, 100, 784],
  ]) {
    const A = values(rng, m * k);
    const Bt = values(rng, n * k);
    const h = onHeap(A, Bt, new Float32Array(m * n));
    kern.product({ m, n, k, a: h.at[0], sa: k * 4, ka: 4, b: h.at[1], sbk: 4, sbn: k * 4, c: h.at[2], ldc: n * 4 });
    const ours = h.read(2, m * n);
    h.free();
    tf.setBackend('wasm');
    const ref = tf.tidy(() => tf.matMul(tf.tensor2d(A, [m, k]), tf.tensor2d(Bt, [n, k]), false, true).dataSync() as Float32Array);
    t.is(differing(ours, ref), 0, `${m}×${k}×${n}`);
  }
});

test('bias_relu is the backend’s Add then Relu, bit for bit (zeros, NaN, ±∞ included)', (t) => {
  tf.setBackend('wasm');
  const rng = lcg(61);
  const [rows, n] = [9, 13];
  const z = values(rng, rows * n, true);
  z[3] = NaN;
  z[5] = Infinity;
  z[8] = new Float32Array(Uint32Array.of(0xffc00000).buffer)[0]; // the NaN 0·(−∞) makes on x86
  const bias = values(rng, n, true);
  const h = onHeap(z, new Float32Array(rows * n), bias);
  kern.biasRelu(h.at[0], h.at[1], h.at[2], rows, n);
  const [sum, relu] = [h.read(0, rows * n), h.read(1, rows * n)];
  h.free();
  const refSum = tf.add(tf.tensor2d(z, [rows, n]), tf.tensor1d(bias));
  t.is(differing(sum, refSum.dataSync() as Float32Array), 0);
  t.is(differing(relu, tf.relu(refSum).dataSync() as Float32Array), 0);
});

test('mask_step is the backend’s Multiply by Step, bit for bit', (t) => {
  tf.setBackend('wasm');
  const rng = lcg(62);
  const count = 103;
  const d = values(rng, count, true);
  const z = values(rng, count, true);
  d[7] = Infinity;
  z[7] = -1;
  z[11] = NaN;
  z[100] = NaN;
  const h = onHeap(d, z);
  kern.maskStep(h.at[0], h.at[1], count);
  const ours = h.read(0, count);
  h.free();
  t.is(differing(ours, tf.mul(tf.tensor1d(d), tf.step(tf.tensor1d(z))).dataSync() as Float32Array), 0);
});

test('column_sums is the backend’s Sum over rows, bit for bit, and the cpu backend’s to 1e-6', (t) => {
  const rng = lcg(63);
  for (const [rows, n] of [
    [32, 100],
    [1, 7],
    [500, 10],
    [3, 1],
  ]) {
    const m = values(rng, rows * n, true).map((v) => (Math.abs(v) > 1e30 ? 0 : v));
    const h = onHeap(m, new Float32Array(n));
    kern.columnSums(h.at[0], h.at[1], rows, n);
    const ours = h.read(1, n);
    h.free();
    const ref = (backend: string) => {
      tf.setBackend(backend);
      return tf.tidy(() => tf.sum(tf.tensor2d(m, [rows, n]), 0).dataSync() as Float32Array);
    };
    t.is(differing(ours, ref('wasm')), 0, `${rows}×${n}`);
    t.true(relErr(ours, ref('cpu')) < 1e-6);
  }
  tf.setBackend('wasm');
});
