import test from 'ava';
import { tf, useBackend } from '../../src/learn/backend.ts';
import { gradient } from '../../src/learn/gradient.ts';
import { initParams } from '../../src/learn/model.ts';
import { buildModel } from '../../src/learn/engine.ts';
import { batch, lcg, SPECS } from './helpers.ts';

test.before(async () => {
  await useBackend('cpu');
  await useBackend('wasm');
});

function relErr(a: Float32Array, ref: Float32Array): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return err / scale;
}

for (const name of ['logreg', 'mlp', 'cnn']) {
  test(`${name}: the whole gradient on wasm (our kernels) agrees with cpu to 1e-4`, async (t) => {
    const def = buildModel(SPECS[name]);
    const rng = lcg(21);
    const params = initParams(def, rng);
    const { x, y } = batch(rng, 6, 784, 10);
    await tf.setBackend('cpu');
    const ref = gradient(tf, def, params, x, y);
    await tf.setBackend('wasm');
    const ours = gradient(tf, def, params, x, y);
    t.true(relErr(ours.grad, ref.grad) < 1e-4);
    t.true(Math.abs(ours.loss - ref.loss) < 1e-5 * Math.abs(ref.loss));
  });
}

test('no tensor or backend buffer outlives a gradient step (wasm, CNN and MLP)', async (t) => {
  await tf.setBackend('wasm');
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
