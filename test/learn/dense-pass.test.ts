import test from 'ava';
import { tf, useBackend } from '../../src/learn/backend.ts';
import { denseGradientsTf, gradients } from '../../src/learn/gradient.ts';
import { initParams, type ModelDef } from '../../src/learn/model.ts';
import { CHUNK_ROWS } from '../../src/learn/wasm/dense-pass.ts';
import { logreg } from '../../models/logreg.ts';
import { mlp } from '../../models/mlp.ts';
import { svm } from '../../models/svm.ts';
import { batch, lcg, relErr } from './helpers.ts';
import { fastKernelsOn } from '../../src/learn/kernels/index.ts';

test.before(async () => {
  await useBackend('cpu');
  await useBackend('wasm');
});

/** Bitwise equality, zeros' signs included. */
function identical(t: { true(v: boolean, m?: string): void }, a: Float32Array, b: Float32Array, what: string): void {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let diff = 0;
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) diff++;
  t.true(a.length === b.length && diff === 0, `${what}: ${diff} of ${a.length} entries differ`);
}

/** Inputs like images: many exact zeros (dead ReLUs, zero columns of hᵀ·δ). */
function sparseBatch(rng: () => number, b: number, features: number, classes: number) {
  const { x, y } = batch(rng, b, features, classes);
  for (let i = 0; i < x.length; i++) if (rng() < 0.6) x[i] = 0;
  return { x, y };
}

const models: [string, ModelDef, number][] = [
  ['MLP 784-100-10 (the quickstart’s)', mlp(784, 10, [100]), 10],
  ['MLP 784-32-16-10', mlp(784, 10, [32, 16]), 10],
  ['MLP 68-7-1, logistic', mlp(68, 2, [7]), 2],
  ['multinomial logistic regression', logreg(784, 10), 10],
  ['binary logistic regression', logreg(784, 2), 2],
  ['linear SVM (hinge)', svm(69), 2],
];

for (const [name, def, classes] of models) {
  test(`the fused wasm dense pass gives the tfjs pass's bits, batch by batch: ${name}`, (t) => {
    tf.setBackend('wasm');
    const rng = lcg(41);
    const params = initParams(def, rng).map((v) => v + 0.05 * (rng() - 0.5));
    const f = def.inputShape[0];
    const batches = [1, 32, 7, 500, 3].map((b) => sparseBatch(rng, b, f, classes));
    const ours = gradients(tf, def, params, batches);
    const ref = denseGradientsTf(tf, def, params, batches);
    for (const [j, r] of ref.entries()) {
      identical(t, ours[j].grad, r.grad, `batch ${j}`);
      t.is(ours[j].loss, r.loss, `batch ${j} loss`);
    }
  });
}

test('batches spanning several chunks keep their bits', (t) => {
  tf.setBackend('wasm');
  const def = mlp(784, 10, [20]);
  const rng = lcg(42);
  const params = initParams(def, rng);
  const sizes = [CHUNK_ROWS - 5, 10, CHUNK_ROWS + 3, 1];
  const batches = sizes.map((b) => sparseBatch(rng, b, 784, 10));
  const ours = gradients(tf, def, params, batches);
  for (const [j, b] of batches.entries()) identical(t, ours[j].grad, denseGradientsTf(tf, def, params, [b])[0].grad, `batch ${j}`);
});

for (const [name, def, classes] of models) {
  test(`non-finite parameters or inputs: the fused pass does not crash and gives the tfjs pass's bits (NaNs as NaNs): ${name}`, (t) => {
    tf.setBackend('wasm');
    const rng = lcg(43);
    const f = def.inputShape[0];
    for (const poison of [Infinity, -Infinity, NaN, 3e38]) {
      const params = initParams(def, rng).map((v) => v + 0.05 * (rng() - 0.5));
      params[Math.floor(rng() * params.length)] = poison;
      const batches = [4, 9].map((b) => sparseBatch(rng, b, f, classes));
      batches[1].x[5] = poison;
      const ours = gradients(tf, def, params, batches);
      const ref = denseGradientsTf(tf, def, params, batches);
      for (const [j, r] of ref.entries()) {
        const nan = (a: Float32Array) => a.map((v) => (Number.isNaN(v) ? 0 : v)); // NaN payloads may differ
        identical(t, nan(ours[j].grad), nan(r.grad), `${poison}, batch ${j}`);
        t.true(
          ours[j].grad.every((v, i) => Number.isNaN(v) === Number.isNaN(r.grad[i])),
          `${poison}, batch ${j}: NaN positions`,
        );
        t.true(Object.is(ours[j].loss, r.loss) || (Number.isNaN(ours[j].loss) && Number.isNaN(r.loss)));
      }
    }
  });
}

test('the fused pass is the one that runs on wasm, and it agrees with the cpu backend to 1e-5', (t) => {
  const def = mlp(784, 10, [100]);
  const rng = lcg(44);
  const params = initParams(def, rng);
  const b = sparseBatch(rng, 32, 784, 10);
  t.true(fastKernelsOn('wasm'));
  tf.setBackend('wasm');
  const ours = gradients(tf, def, params, [b])[0];
  tf.setBackend('cpu');
  const cpu = gradients(tf, def, params, [b])[0];
  tf.setBackend('wasm');
  t.true(relErr(ours.grad, cpu.grad) < 1e-5);
  t.true(Math.abs(ours.loss - cpu.loss) < 1e-6 * cpu.loss);
});
