import test from 'ava';
import { loadData } from '../../src/learn/data/index.ts';
import { buildModel, createLocalEngine, type GradientEngine } from '../../src/learn/engine.ts';
import { dimension } from '../../src/learn/model.ts';
import { clipToNorm } from '../../src/privacy/clip.ts';
import { PRIVACY } from '../../src/privacy/index.ts';
import { vnRatio, vnRatioAgainst } from '../../src/privacy/vn-ratio.ts';
import { runPs } from '../../src/protocols/ps/run.ts';
import type { RunInput } from '../../src/protocols/types.ts';
import { VnReference } from '../../src/protocols/runtime/vn-reference.ts';
import { planScenario } from '../../src/scenario/load.ts';
import { resolveRun } from '../../src/scenario/resolve.ts';
import { normal, stream } from '../../src/sim/rng.ts';

/** h vectors gᵢ = μ + σ·ξᵢ, ξᵢ ~ N(0, I_d): the true ratio is σ√d / ‖μ‖. */
function synthetic(h: number, d: number, mu: Float32Array, sigma: number, seed: number): Float32Array[] {
  const rng = stream(seed, 'test/vn');
  return Array.from({ length: h }, () => mu.map((m) => m + sigma * normal(rng)));
}

test('known ratio: against the true mean the estimate is σ√d/‖μ‖; against their own mean it is ≈ √h whatever the truth', (t) => {
  const d = 2000;
  const h = 11;
  const mu = new Float32Array(d).fill(0.01); // ‖μ‖ = 0.01·√d
  for (const truth of [0.5, 3, 100, 1000]) {
    const sigma = (truth * 0.01 * Math.sqrt(d)) / Math.sqrt(d); // σ√d/‖μ‖ = truth
    const g = synthetic(h, d, mu, sigma, truth);
    const measured = vnRatioAgainst(g, mu).ratio;
    t.true(Math.abs(measured / truth - 1) < 0.05, `truth ${truth}: measured ${measured}`);
    const own = vnRatio(g).ratio; // the old estimator: ‖ḡ‖ ≈ √(‖μ‖² + σ²d/h)
    const expectedOwn = truth / Math.sqrt(1 + truth ** 2 / h);
    t.true(Math.abs(own / expectedOwn - 1) < 0.1, `truth ${truth}: own-mean estimate ${own}, expected ≈ ${expectedOwn}`);
    if (truth >= 100) t.true(Math.abs(own / Math.sqrt(h) - 1) < 0.05, `noise-dominated: ${own} ≈ √h = ${Math.sqrt(h)}`);
  }
  t.throws(() => vnRatioAgainst(synthetic(2, 3, new Float32Array(3), 1, 1), new Float32Array(4)), { message: /dimension/ });
});

// Real gradients of a small task (logistic regression, 20 synthetic features, 2 classes).
const data = { name: 'synthetic', features: 20, examples: 1200, train: 1100, test: 100 };
const ds = loadData(data as never, 2);
const model = buildModel({ name: 'logreg', options: {}, data: { features: 20, shape: [20], classes: 2 } });
let engine: GradientEngine;
test.before(async () => {
  engine = await createLocalEngine(model, 'cpu');
});

test('the reference batch: ⌈B/h⌉ distinct examples of each honest shard, from its own stream per step; the whole shards give the full gradient', async (t) => {
  const shards = [0, 1, 2].map((j) => Int32Array.from({ length: 300 }, (_, k) => j * 300 + k));
  const base = { seed: 1, engine, train: ds.train, shards, workerBatch: 10, privacy: [] };
  const ref = new VnReference({ ...base, batch: 100 });
  const [a] = ref.batches(5);
  t.is(a.length, 3 * 34);
  for (const [j, s] of shards.entries()) {
    const mine = [...a].filter((r) => r >= s[0] && r <= s[s.length - 1]);
    t.is(mine.length, 34);
    t.is(new Set(mine).size, 34, `shard ${j}: distinct examples`);
  }
  t.deepEqual(ref.batches(5), [a], 'the same draw for the same step');
  t.notDeepEqual(ref.batches(6), [a]);
  const params = Float32Array.from({ length: dimension(model) }, (_, k) => 0.05 * Math.sin(k));
  const all = new VnReference({ ...base, batch: 10_000 });
  const full = await engine.gradient(params, ds.train.x.subarray(0, 900 * 20), ds.train.y.subarray(0, 900));
  const g = await all.gradient(0, params);
  for (let k = 0; k < g.length; k++) t.true(Math.abs(g[k] - full.grad[k]) < 1e-5);
});

test('under a privacy mechanism the reference is the mean of the mechanism’s noise-free output over mini-batches of b (the Gaussian mechanism: clipped, no noise)', async (t) => {
  const shards = [0, 1].map((j) => Int32Array.from({ length: 500 }, (_, k) => j * 500 + k));
  const gmax = 0.05;
  const privacy = [{ mech: PRIVACY.get('gaussian')!, params: { gmax, epsilon: 0.2, delta: 1e-6 } }];
  const ref = new VnReference({ seed: 2, engine, train: ds.train, shards, batch: 200, workerBatch: 10, privacy });
  const lists = ref.batches(0);
  t.is(lists.length, 2 * 10);
  t.true(lists.every((l) => l.length === 10));
  const d = dimension(model);
  const params = Float32Array.from({ length: d }, (_, k) => 0.3 * Math.cos(k));
  const expected = new Float64Array(d);
  for (const idx of lists) {
    const x = new Float32Array(idx.length * 20);
    const y = new Int32Array(idx.length);
    idx.forEach((r, k) => {
      x.set(ds.train.x.subarray(r * 20, (r + 1) * 20), k * 20);
      y[k] = ds.train.y[r];
    });
    const c = clipToNorm((await engine.gradient(params, x, y)).grad, gmax);
    for (let k = 0; k < d; k++) expected[k] += c[k] / lists.length;
  }
  const g = await ref.gradient(0, params);
  for (let k = 0; k < d; k++) t.true(Math.abs(g[k] - expected[k]) < 1e-6, `coordinate ${k}: ${g[k]} vs ${expected[k]}`);
  t.true(Math.hypot(...g) <= gmax * (1 + 1e-6), 'a mean of vectors of norm ≤ G_max');
});

const input = (doc: object): RunInput => {
  const config = planScenario({ name: 'v', seed: 3, steps: 6, evalEvery: 3, data, model: { name: 'logreg' }, ...doc }, 'v.yaml').runs[0].config;
  return { plan: resolveRun(config), model, train: ds.train, test: ds.test, engine };
};

test('under the Gaussian mechanism at ε = 0.2 the logged ratio is far above √h (noise ≫ signal), and far below without noise', async (t) => {
  const workers = (epsilon: number) => ({ n: 11, f: 0, batch: 10, privacy: { name: 'gaussian', params: { gmax: 1, epsilon, delta: 1e-6 } } });
  const noisy = await runPs(input({ workers: workers(0.2), server: { gar: 'average', lr: 0.5 } }));
  const clean = await runPs(input({ workers: workers(Infinity), server: { gar: 'average', lr: 0.5 } }));
  const logged = (r: typeof noisy) => r.rows.filter((row) => row.vnRatio !== undefined).map((row) => [row.step, row.vnRatio!]);
  t.deepEqual(
    logged(noisy).map(([s]) => s),
    [2, 5],
    'logged at the evaluated steps',
  );
  for (const [, v] of logged(noisy)) t.true(v > 10 * Math.sqrt(11), `ε = 0.2: ${v}`);
  for (const [, v] of logged(clean)) t.true(v < 10, `ε = ∞: ${v}`);
});

test('logVnRatio: k logs every k-th step and the last; false never', async (t) => {
  const base = { workers: { n: 5, f: 0, batch: 8 }, server: { gar: 'average', lr: 0.5 } };
  const every2 = await runPs(input({ ...base, logVnRatio: 4, vnBatch: 64 }));
  t.deepEqual(
    every2.rows.filter((r) => r.vnRatio !== undefined).map((r) => r.step),
    [3, 5],
  );
  t.deepEqual(Object.keys(every2.rows[3]).slice(0, 7), ['step', 'timeMs', 'trainLoss', 'used', 'byzantineUsed', 'vnRatio', 'timedOut']);
  const none = await runPs(input({ ...base, logVnRatio: false }));
  t.true(none.rows.every((r) => r.vnRatio === undefined));
});
