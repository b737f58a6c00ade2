import test from 'ava';
import { tf, useBackend } from '../../src/learn/backend.ts';
import { gradient } from '../../src/learn/gradient.ts';
import { initParams, type ModelDef } from '../../src/learn/model.ts';
import { perExampleClippedSum, perExamplePath } from '../../src/learn/per-example.ts';
import { buildModel } from '../../src/learn/engine.ts';
import { logreg } from '../../models/logreg.ts';
import { mlp } from '../../models/mlp.ts';
import { svm } from '../../models/svm.ts';
import { batch, lcg, relErr, SPECS } from './helpers.ts';

test.before(async () => {
  await useBackend('wasm');
});

/** The definition: b batch-1 gradients, each clipped, summed. */
function reference(def: ModelDef, params: Float32Array, x: Float32Array, y: Int32Array, C: number) {
  const f = x.length / y.length;
  const sum = new Float64Array(params.length);
  const norms: number[] = [];
  for (let i = 0; i < y.length; i++) {
    const g = gradient(tf, def, params, x.subarray(i * f, (i + 1) * f), y.subarray(i, i + 1)).grad;
    const n = Math.hypot(...g);
    norms.push(n);
    for (let k = 0; k < g.length; k++) sum[k] += g[k] * Math.min(1, C / n);
  }
  return { sum: Float32Array.from(sum), norms: Float32Array.from(norms) };
}

const dense: [string, ModelDef, number][] = [
  ['MLP 784-32-16-10, softmax cross-entropy', mlp(784, 10, [32, 16]), 10],
  ['binary logistic regression', logreg(784, 2), 2],
  ['linear SVM, hinge loss', svm(784), 2],
];

for (const [name, def, classes] of dense) {
  test(`dense path (‖x⊗δ‖ = ‖x‖·‖δ‖) equals clipping b batch-1 gradients: ${name}`, (t) => {
    t.is(perExamplePath(def), 'dense');
    const rng = lcg(31);
    const params = initParams(def, rng).map((v) => v + 0.01 * (rng() - 0.5));
    const { x, y } = batch(rng, 12, 784, classes);
    const ref = reference(def, params, x, y, 0.5);
    const ours = perExampleClippedSum(tf, def, params, x, y, 0.5);
    t.true(relErr(ours.norms, ref.norms) < 1e-5);
    t.true(relErr(ours.sum, ref.sum) < 1e-5);
    t.true(
      ref.norms.some((n) => n > 0.5),
      'some examples are clipped',
    );
  });
}

test('the CNN falls back to the loop; with C above every norm the sum is b × the mean gradient', (t) => {
  const def = buildModel(SPECS.cnn);
  t.is(perExamplePath(def), 'loop');
  const rng = lcg(32);
  const params = initParams(def, rng);
  const { x, y } = batch(rng, 5, 784, 10);
  const r = perExampleClippedSum(tf, def, params, x, y, 1e9);
  const g = gradient(tf, def, params, x, y);
  t.true(
    relErr(
      r.sum,
      g.grad.map((v) => v * 5),
    ) < 1e-4,
  );
  t.true(Math.abs(r.loss - g.loss) < 1e-5 * g.loss);
  t.is(r.norms.length, 5);
});

test('every clipped contribution has norm ≤ C, so ‖sum‖ ≤ b·C', (t) => {
  const def = mlp(784, 10, [32]);
  const rng = lcg(33);
  const params = initParams(def, rng);
  const { x, y } = batch(rng, 16, 784, 10);
  const r = perExampleClippedSum(tf, def, params, x, y, 0.01);
  t.true(Math.hypot(...r.sum) <= 16 * 0.01 * (1 + 1e-5));
  t.throws(() => perExampleClippedSum(tf, def, params, x, y, 0), { message: /C must be > 0/ });
});

test('per-example clipping leaks no tensors', (t) => {
  const def = mlp(784, 10, [32]);
  const rng = lcg(34);
  const params = initParams(def, rng);
  const { x, y } = batch(rng, 8, 784, 10);
  perExampleClippedSum(tf, def, params, x, y, 1);
  const n = tf.memory().numTensors;
  for (let i = 0; i < 10; i++) perExampleClippedSum(tf, def, params, x, y, 1);
  t.is(tf.memory().numTensors, n);
});
