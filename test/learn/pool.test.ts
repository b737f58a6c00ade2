import test from 'ava';
import { availableParallelism } from 'node:os';
import { createEngine, createLocalEngine, buildModel, resolveThreads } from '../../src/learn/engine.ts';
import { createPoolEngine, type PoolEngine } from '../../src/learn/pool/pool-engine.ts';
import { initParams } from '../../src/learn/model.ts';
import { batch, lcg, sameBits, SPECS } from './helpers.ts';

// the failure one test provokes: the tensorflow backend cannot start where tfjs-node is not installed
const hasNode = await import('@tensorflow/tfjs-node' as string).then(
  () => true,
  () => false,
);

let pool: PoolEngine;
test.before(async () => {
  pool = await createPoolEngine(SPECS.cnn, { threads: 2, backend: 'wasm' });
});
test.after.always(async () => pool?.close());

test('pool gradients are bit-for-bit the in-thread ones, in any order of completion (CNN, wasm)', async (t) => {
  const local = await createLocalEngine(buildModel(SPECS.cnn), 'wasm');
  const rng = lcg(11);
  const params = initParams(local.model, rng);
  const jobs = Array.from({ length: 5 }, () => batch(rng, 4, 784, 10));
  const remote = await Promise.all(jobs.map((j) => pool.gradient(params, j.x, j.y)));
  for (const [i, j] of jobs.entries()) {
    const mine = await local.gradient(params, j.x, j.y);
    t.true(sameBits(mine.grad, remote[i].grad), `job ${i}`);
    t.is(mine.loss, remote[i].loss);
  }
  const ev = batch(rng, 20, 784, 10);
  t.deepEqual(await pool.evaluate(params, ev.x, ev.y), await local.evaluate(params, ev.x, ev.y));
  const [a, b] = [await pool.perExampleClippedSum!(params, ev.x, ev.y, 0.1), await local.perExampleClippedSum!(params, ev.x, ev.y, 0.1)];
  t.true(sameBits(a.sum, b.sum) && sameBits(a.norms, b.norms));
});

test('same-tick gradients at one parameter array are stacked (MLP) and give the one-at-a-time bits, local or pooled', async (t) => {
  const spec = SPECS.mlp;
  const plain = await createLocalEngine(buildModel(spec), 'wasm', { coalesce: false });
  const local = await createLocalEngine(buildModel(spec), 'wasm');
  const pooled = await createPoolEngine(spec, { threads: 2, backend: 'wasm' });
  try {
    const rng = lcg(15);
    const [p1, p2] = [initParams(plain.model, rng), initParams(plain.model, rng)];
    // 7 workers at p1 and 2 at p2, interleaved, batch sizes differing.
    const jobs = [3, 8, 1, 8, 5, 8, 2, 8, 4].map((b, i) => ({ params: i % 4 === 1 ? p2 : p1, ...batch(rng, b, 784, 10) }));
    const expected = [];
    for (const j of jobs) expected.push(await plain.gradient(j.params, j.x, j.y));
    for (const engine of [local, pooled]) {
      const got = await Promise.all(jobs.map((j) => engine.gradient(j.params, j.x, j.y)));
      for (const [i, g] of got.entries()) t.true(sameBits(g.grad, expected[i].grad) && g.loss === expected[i].loss, `job ${i}`);
    }
  } finally {
    await pooled.close();
  }
});

test('an evaluation over several chunks is split across threads and keeps the single-thread bits', async (t) => {
  const local = await createLocalEngine(buildModel(SPECS.cnn), 'wasm');
  const rng = lcg(16);
  const params = initParams(local.model, rng);
  const { x, y } = batch(rng, 2 * 1000 + 300, 784, 10);
  t.deepEqual(await pool.evaluate(params, x, y), await local.evaluate(params, x, y));
});

test('the pool copies inputs at submission: the caller may overwrite its arrays right away', async (t) => {
  const rng = lcg(12);
  const params = initParams(pool.model, rng);
  const j = batch(rng, 3, 784, 10);
  const before = pool.gradient(params, j.x, j.y);
  const expected = await pool.gradient(params.slice(), j.x.slice(), j.y.slice());
  params.fill(0);
  j.x.fill(0);
  t.true(sameBits((await before).grad, expected.grad));
});

test('a failing job rejects with the thread error and the pool keeps working', async (t) => {
  const rng = lcg(13);
  const params = initParams(pool.model, rng);
  const j = batch(rng, 2, 784, 10);
  await t.throwsAsync(pool.gradient(params, j.x.subarray(0, 700), j.y), { message: /pool thread/ });
  t.is((await pool.gradient(params, j.x, j.y)).grad.length, params.length);
});

test("createEngine: 1 thread computes in-thread, 'auto' means one thread per core", async (t) => {
  t.is(resolveThreads('auto'), availableParallelism());
  t.is(resolveThreads(3), 3);
  t.throws(() => resolveThreads(0), { message: /threads must be an integer ≥ 1/ });
  const e = await createEngine(SPECS.mlp, { threads: 1, backend: 'wasm' });
  t.false('threads' in e);
  t.is(e.backend, 'wasm');
  await t.throwsAsync(createEngine({ ...SPECS.mlp, name: 'resnet' }, { threads: 2 }), { message: /unknown model 'resnet'/ });
});

test('a closed pool rejects new jobs', async (t) => {
  const p = await createEngine(SPECS.logreg, { threads: 2, backend: 'cpu' });
  t.is(p.backend, 'cpu');
  const params = new Float32Array(784 * 10 + 10);
  const j = batch(lcg(14), 2, 784, 10);
  t.is((await p.gradient(params, j.x, j.y)).grad.length, params.length);
  await p.close();
  await t.throwsAsync(p.gradient(params, j.x, j.y), { message: /closed/ });
});

(hasNode ? test.skip : test)(
  `a pool whose threads cannot start their backend fails loudly and leaves no thread behind${hasNode ? ' (skipped: tfjs-node is installed, so every backend starts)' : ''}`,
  async (t) => {
    await t.throwsAsync(createPoolEngine(SPECS.logreg, { threads: 2, backend: 'tensorflow' }), {
      message: /pool thread failed to start: .*no tfjs backend could start/s,
    });
  },
);

test('the in-thread engine computes on its own backend even if the global tfjs backend moved', async (t) => {
  const { tf } = await import('../../src/learn/backend.ts');
  const wasm = await createLocalEngine(buildModel(SPECS.cnn), 'wasm');
  const rng = lcg(17);
  const params = initParams(wasm.model, rng);
  const j = batch(rng, 3, 784, 10);
  const a = await wasm.gradient(params, j.x, j.y);
  await createLocalEngine(buildModel(SPECS.cnn), 'cpu');
  t.is(tf.getBackend(), 'cpu');
  t.true(sameBits((await wasm.gradient(params, j.x, j.y)).grad, a.grad));
  tf.setBackend('wasm');
});
