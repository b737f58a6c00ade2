import test from 'ava';
import fc from 'fast-check';
import { tf, useBackend } from '../../src/learn/backend.ts';
import { loadMnist } from '../../src/learn/data/mnist.ts';
import { take } from '../../src/learn/data/types.ts';
import { gradient } from '../../src/learn/gradient.ts';
import { initParams } from '../../src/learn/model.ts';
import { clipPerExample, dpsgdGradient, fixedSample, perExampleGradients, poissonSample, privatize } from '../../src/privacy/dpsgd.ts';
import { stream } from '../../src/sim/rng.ts';
import { mlp } from '../../models/mlp.ts';

const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

test('property: clipped per-example norms are ≤ C, and short gradients are untouched', (t) => {
  fc.assert(
    fc.property(
      fc.array(fc.array(fc.float({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 20 }), { minLength: 1, maxLength: 8 }),
      fc.double({ min: 1e-3, max: 100, noNaN: true }),
      (rows, c) => {
        const d = rows[0].length;
        const grads = rows.map((r) => Float32Array.from({ length: d }, (_, k) => r[k % r.length]));
        return clipPerExample(grads, c).every((g, i) => norm(g) <= c * (1 + 1e-6) && (norm(grads[i]) + 1e-6 > c || g.every((v, k) => v === grads[i][k])));
      },
    ),
    { seed: 7, numRuns: 300 },
  );
  t.pass();
});

test('privatize: σ = 0 gives the mean of the clipped gradients over the expected batch', (t) => {
  const g = [Float32Array.of(3, 4), Float32Array.of(0.3, 0.4)];
  const out = privatize(g, 2, { clip: 1, sigma: 0, expectedBatch: 4 }, stream(1, 'x'));
  // (3,4) → (0.6,0.8) (factor 1/(5+1e−6)); (0.3,0.4) unchanged; sum (0.9,1.2); / 4
  t.true(Math.abs(out[0] - 0.225) < 1e-6 && Math.abs(out[1] - 0.3) < 1e-6);
});

test('privatize: noise std is σ·C/L', (t) => {
  const d = 20000;
  const out = privatize([], d, { clip: 2, sigma: 1.5, expectedBatch: 10 }, stream(2, 'x'));
  const sd = Math.sqrt(out.reduce((s, v) => s + v * v, 0) / d);
  t.true(Math.abs(sd - 0.3) < 0.01, `sd ${sd}`);
});

test('samplers: Poisson rate ≈ q; fixed size gives b distinct indices', (t) => {
  const p = poissonSample(100000, 0.01, stream(3, 's'));
  t.true(Math.abs(p.length - 1000) < 4 * Math.sqrt(1000));
  const f = fixedSample(50, 20, stream(3, 'f'));
  t.is(new Set(f).size, 20);
  t.true(f.every((i) => i >= 0 && i < 50));
});

test('per-example gradients on the MLP average to the batch gradient; DP-SGD norms bounded', async (t) => {
  await useBackend('cpu');
  const ds = take(
    loadMnist().train,
    Int32Array.from({ length: 8 }, (_, i) => i * 997),
  );
  const def = mlp(784, 10, [16]);
  const params = initParams(def, stream(4, 'init'));
  const per = perExampleGradients(tf, def, params, ds.x, ds.y);
  const batch = gradient(tf, def, params, ds.x, ds.y).grad;
  let err = 0;
  for (let k = 0; k < batch.length; k++) err = Math.max(err, Math.abs(per.reduce((s, g) => s + g[k], 0) / per.length - batch[k]));
  t.true(err < 1e-5, `max error ${err}`);
  t.true(clipPerExample(per, 0.1).every((g) => norm(g) <= 0.1 + 1e-6));
  const noiseless = dpsgdGradient(tf, def, params, ds.x, ds.y, { clip: 0.1, sigma: 0 }, stream(4, 'n'));
  t.true(norm(noiseless) <= 0.1 + 1e-6); // mean of vectors of norm ≤ C
});
