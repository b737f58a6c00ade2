import test from 'ava';
import { tf, useBackend } from '../../src/learn/backend.ts';
import { autodiffGradient, gradient, gradients, isDense } from '../../src/learn/gradient.ts';
import { initParams, type ModelDef } from '../../src/learn/model.ts';
import { buildModel } from '../../src/learn/engine.ts';
import { logreg } from '../../models/logreg.ts';
import { mlp } from '../../models/mlp.ts';
import { svm } from '../../models/svm.ts';
import { batch, lcg, relErr, sameBits, SPECS } from './helpers.ts';

test.before(async () => {
  await useBackend('cpu');
  await useBackend('wasm');
});

for (const name of ['logreg', 'mlp', 'cnn']) {
  test(`${name}: the whole gradient on wasm (our kernels) agrees with cpu to 1e-4`, async (t) => {
    const def = buildModel(SPECS[name]);
    const rng = lcg(21);
    const params = initParams(def, rng);
    const { x, y } = batch(rng, 6, 784, 10);
    tf.setBackend('cpu');
    const ref = gradient(tf, def, params, x, y);
    tf.setBackend('wasm');
    const ours = gradient(tf, def, params, x, y);
    t.true(relErr(ours.grad, ref.grad) < 1e-4);
    t.true(Math.abs(ours.loss - ref.loss) < 1e-5 * Math.abs(ref.loss));
  });
}

test('no tensor or backend buffer outlives a gradient step (wasm, CNN and MLP)', async (t) => {
  tf.setBackend('wasm');
  const rng = lcg(22);
  for (const name of ['cnn', 'mlp']) {
    const def = buildModel(SPECS[name]);
    const params = initParams(def, rng);
    const { x, y } = batch(rng, 4, 784, 10);
    gradient(tf, def, params, x, y);
    const before = tf.memory();
    for (let i = 0; i < 30; i++) gradient(tf, def, params, x, y);
    const after = tf.memory();
    t.is(after.numTensors, before.numTensors, name);
    t.is(after.numDataBuffers, before.numDataBuffers, name);
  }
});

const denseModels: [string, ModelDef, number][] = [
  ['MLP 784-32-16-10', mlp(784, 10, [32, 16]), 10],
  ['multinomial logistic regression', logreg(784, 10), 10],
  ['binary logistic regression', logreg(784, 2), 2],
  ['linear SVM', svm(784), 2],
];

for (const [name, def, classes] of denseModels) {
  test(`dense models' hand-written backward pass agrees with tfjs autodiff to 1e-5: ${name}`, async (t) => {
    tf.setBackend('wasm');
    t.true(isDense(def));
    const rng = lcg(23);
    const params = initParams(def, rng).map((v) => v + 0.02 * (rng() - 0.5));
    const { x, y } = batch(rng, 9, 784, classes);
    const ours = gradient(tf, def, params, x, y);
    const ref = autodiffGradient(tf, def, params, x, y);
    t.true(relErr(ours.grad, ref.grad) < 1e-5);
    t.true(Math.abs(ours.loss - ref.loss) < 1e-5 * ref.loss);
  });
}

for (const backend of ['wasm', 'cpu']) {
  test(`batched gradients of k batches are bit-for-bit the one-at-a-time gradients (MLP, ${backend})`, async (t) => {
    tf.setBackend(backend);
    const def = mlp(784, 10, [32, 16]);
    const rng = lcg(24);
    const params = initParams(def, rng);
    const batches = [7, 1, 32, 5, 12].map((b) => batch(rng, b, 784, 10));
    const together = gradients(tf, def, params, batches);
    for (const [j, b] of batches.entries()) {
      const alone = gradient(tf, def, params, b.x, b.y);
      t.true(sameBits(together[j].grad, alone.grad), `batch ${j}`);
      t.is(together[j].loss, alone.loss);
    }
  });
}

test('the CNN has no batched pass: gradients() is one gradient per batch', async (t) => {
  tf.setBackend('wasm');
  const def = buildModel(SPECS.cnn);
  t.false(isDense(def));
  const rng = lcg(25);
  const params = initParams(def, rng);
  const batches = [2, 3].map((b) => batch(rng, b, 784, 10));
  const together = gradients(tf, def, params, batches);
  t.true(sameBits(together[1].grad, gradient(tf, def, params, batches[1].x, batches[1].y).grad));
});
