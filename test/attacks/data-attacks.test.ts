/**
 * Data attacks: label flip and label shuffle poison the labels; the gradient of the poisoned
 * batch then points away from the honest one (MLP on MNIST at its initial parameters).
 */
import test from 'ava';
import { labelFlip } from '../../src/attacks/label-flip.ts';
import { labelShuffle } from '../../src/attacks/label-shuffle.ts';
import { tf, useBackend } from '../../src/learn/backend.ts';
import { take } from '../../src/learn/data/types.ts';
import { loadMnist } from '../../src/learn/data/mnist.ts';
import { gradient } from '../../src/learn/gradient.ts';
import { initParams } from '../../src/learn/model.ts';
import { stream } from '../../src/sim/rng.ts';
import { mlp } from '../../models/mlp.ts';

test('label flip maps y → C−1−y', (t) => {
  t.deepEqual(Array.from(labelFlip.transformLabels!(Int32Array.of(0, 3, 9), 10, () => 0, {})), [9, 6, 0]);
  t.deepEqual(Array.from(labelFlip.transformLabels!(Int32Array.of(0, 1), 2, () => 0, {})), [1, 0]);
});

test('label shuffle permutes the targets (same multiset, different pairing)', (t) => {
  const y = Int32Array.from({ length: 64 }, (_, i) => i % 10);
  const out = labelShuffle.transformLabels!(y, 10, stream(1, 'shuffle'), {});
  t.deepEqual(Array.from(out).sort(), Array.from(y).sort());
  t.true(out.some((v, i) => v !== y[i]));
  t.deepEqual(Array.from(y.slice(0, 3)), [0, 1, 2]); // input untouched
});

test('poisoned labels turn the MLP gradient away from the honest one', async (t) => {
  await useBackend('cpu');
  const ds = loadMnist().train;
  const rng = stream(5, 'data-attack');
  const batch = (k: number) =>
    take(
      ds,
      Int32Array.from({ length: 64 }, () => Math.floor(rng() * ds.y.length)),
      `b${k}`,
    );
  const def = mlp(784, 10, [32]);
  const params = initParams(def, stream(5, 'init'));
  const cos = (a: Float32Array, b: Float32Array) => {
    let [ab, aa, bb] = [0, 0, 0];
    for (let k = 0; k < a.length; k++) [ab, aa, bb] = [ab + a[k] * b[k], aa + a[k] * a[k], bb + b[k] * b[k]];
    return ab / Math.sqrt(aa * bb);
  };
  // the full gradient, estimated on 2,000 examples, against 64-example batches
  const big = take(
    ds,
    Int32Array.from({ length: 2000 }, (_, i) => (i * 5) % ds.y.length),
    'big',
  );
  const full = gradient(tf, def, params, big.x, big.y).grad;
  const b1 = batch(1);
  const honest = gradient(tf, def, params, b1.x, b1.y).grad;
  const flipped = gradient(tf, def, params, b1.x, labelFlip.transformLabels!(b1.y, 10, rng, {})).grad;
  const shuffled = gradient(tf, def, params, b1.x, labelShuffle.transformLabels!(b1.y, 10, rng, {})).grad;
  const [cHonest, cFlip, cShuffle] = [cos(full, honest), cos(full, flipped), cos(full, shuffled)];
  t.log(`cosine to the full gradient: honest batch ${cHonest.toFixed(3)}, flipped ${cFlip.toFixed(3)}, shuffled ${cShuffle.toFixed(3)}`);
  t.true(cFlip < cHonest - 0.5);
  t.true(cShuffle < cHonest - 0.2);
});
