import test from 'ava';
import { loadData } from '../../src/learn/data/index.ts';
import { buildModel, createLocalEngine, type GradientEngine } from '../../src/learn/engine.ts';
import { runBtard } from '../../src/protocols/btard/run.ts';
import { runGuanyu } from '../../src/protocols/guanyu/run.ts';
import { runPs } from '../../src/protocols/ps/run.ts';
import { learningRate, optimizerStep, ServerOptimizer, sgdStep, workerMomentum } from '../../src/protocols/runtime/optimizer.ts';
import type { RunInput } from '../../src/protocols/types.ts';
import { GradientOracle } from '../../src/protocols/workload/oracle.ts';
import { planScenario } from '../../src/scenario/load.ts';
import { resolveRun } from '../../src/scenario/resolve.ts';
import { byzsim } from '../e2e/cli.ts';

const f32 = (...xs: number[]) => Float32Array.from(xs);

test('step decay: × factor at every multiple of `every`, or at each milestone', (t) => {
  t.is(learningRate(0.1, undefined, 1000), 0.1);
  const every = { every: 300, factor: 0.1 };
  t.deepEqual(
    [0, 299, 300, 599, 600].map((s) => learningRate(0.1, every, s)),
    [0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1, 0.1 * 0.1 ** 2],
  );
  const ms = { milestones: [10, 25], factor: 0.5 };
  t.deepEqual(
    [9, 10, 24, 25, 1000].map((s) => learningRate(1, ms, s)),
    [1, 0.5, 0.5, 0.25, 0.25],
  );
});

test('without momentum and weight decay the step is exactly w − γ·a (bit for bit)', (t) => {
  const w = f32(0.3, -1.7, 2e-8, 5);
  const a = f32(0.11, 0.9, -3, 1e-3);
  t.deepEqual(optimizerStep(w, a, undefined, 0.07)!.params, sgdStep(w, a, 0.07));
  t.is(optimizerStep(w, a, undefined, 0.07)!.buffer, undefined);
});

test('momentum and weight decay follow PyTorch SGD: d = a + λw, u = μu + d (u⁰ = d), w ← w − γu', (t) => {
  const mu = 0.9;
  const lambda = 0.01;
  const lr = 0.05;
  const opt = new ServerOptimizer({ lr, momentum: mu, weightDecay: lambda, lrSchedule: { every: 2, factor: 0.5 } });
  const aggs = [f32(1, -2), f32(0.5, 0.5), f32(-1, 3), f32(2, 0)];
  let w: Float32Array = f32(1, 1);
  let ref = [1, 1];
  let u: number[] | undefined;
  for (const [s, a] of aggs.entries()) {
    w = opt.step(s, w, a);
    const d = ref.map((x, k) => a[k] + lambda * x);
    u = u === undefined ? d : u.map((x, k) => mu * x + d[k]);
    const g = lr * 0.5 ** Math.floor(s / 2);
    ref = ref.map((x, k) => x - g * u![k]);
    for (let k = 0; k < 2; k++) t.true(Math.abs(w[k] - ref[k]) < 1e-5, `step ${s}, coordinate ${k}: ${w[k]} vs ${ref[k]}`);
  }
});

test('a non-finite aggregate, or a step that would overflow, never reaches the model or the momentum buffer', (t) => {
  const opt = new ServerOptimizer({ lr: 0.1, momentum: 0.9 });
  const w0 = opt.step(0, f32(1, 2), f32(1, 1));
  const buffer = opt.momentumBuffer();
  for (const bad of [f32(Number.NaN, 0), f32(0, Number.POSITIVE_INFINITY)]) {
    const w = opt.step(1, w0, bad);
    t.is(w, w0);
    t.deepEqual(opt.momentumBuffer(), buffer);
  }
  const big = new ServerOptimizer({ lr: 1, momentum: 0.99 });
  let w: Float32Array = f32(0); // 3e38 is finite, the buffer 0.99·u + 3e38 is not from the second step on
  for (let s = 0; s < 5; s++) w = big.step(s, w, f32(3e38));
  t.true(big.refused > 0);
  t.true(Number.isFinite(w[0]));
  t.true(big.momentumBuffer()!.every(Number.isFinite));
});

test('worker momentum is ByzFL’s exponential average: m = β·m + (1 − β)·g from m = 0', (t) => {
  const m1 = workerMomentum(undefined, f32(1, -1), 0.75);
  t.deepEqual(m1, f32(0.25, -0.25));
  t.deepEqual(workerMomentum(m1, f32(1, 1), 0.75), f32(0.75 * 0.25 + 0.25, -0.75 * 0.25 + 0.25));
});

// Real gradients of a tiny task (logistic regression on 4 synthetic features).
const data = { name: 'synthetic', features: 4, examples: 240, train: 200, test: 40 };
const ds = loadData(data as never, 1);
const model = buildModel({ name: 'logreg', options: {}, data: { features: 4, shape: [4], classes: 2 } });
let engine: GradientEngine;
test.before(async () => {
  engine = await createLocalEngine(model, 'cpu');
});

test('the oracle sends the momentum of the gradients a worker computed; what attackers see does not advance it', async (t) => {
  const shards = [Int32Array.from({ length: 100 }, (_, k) => k), Int32Array.from({ length: 100 }, (_, k) => 100 + k)];
  const cfg = { seed: 4, engine, train: ds.train, shards, batch: 8, privacy: [] };
  const plain = new GradientOracle(cfg);
  const oracle = new GradientOracle({ ...cfg, momentum: 0.5 });
  const params = [0, 1, 2].map((s) => Float32Array.from({ length: 10 }, (_, k) => 0.01 * (k - s)));
  let m: Float32Array | undefined;
  for (const [s, p] of params.entries()) {
    const seen = await oracle.honestPayload(0, s, p); // an omniscient attacker looks first
    const sent = await oracle.ownPayload(0, s, p);
    m = workerMomentum(m, (await plain.ownPayload(0, s, p)).grad, 0.5);
    t.deepEqual(sent.grad, m);
    t.deepEqual(seen.grad, m);
  }
  const again = await oracle.honestPayload(0, 2, params[2]);
  t.deepEqual(again.grad, m, 'looking again changes nothing');
});

const input = (doc: object): RunInput => {
  const config = planScenario({ name: 'o', seed: 3, steps: 12, evalEvery: 4, logVnRatio: false, data, model: { name: 'logreg' }, ...doc }, 'o.yaml').runs[0]
    .config;
  return { plan: resolveRun(config), model, train: ds.train, test: ds.test, engine };
};

test('ps with worker and server momentum, weight decay and a schedule learns, and differs from plain SGD', async (t) => {
  const base = { workers: { n: 5, f: 0, batch: 8 }, server: { gar: 'average', lr: 0.5 } };
  const plain = await runPs(input(base));
  const opt = await runPs(
    input({
      workers: { ...base.workers, momentum: 0.9 },
      server: { ...base.server, momentum: 0.5, weightDecay: 1e-3, lrSchedule: { every: 6, factor: 0.5 } },
    }),
  );
  t.false(opt.stalled);
  t.notDeepEqual(opt.finalParams, plain.finalParams);
  t.true(opt.rows.at(-1)!.testAccuracy! > 0.6, `accuracy ${opt.rows.at(-1)!.testAccuracy}`);
});

test('ps with server momentum under an attack whose finite vectors overflow the buffer: the model stays finite', async (t) => {
  const r = await runPs(
    input({
      workers: { n: 5, f: 1, batch: 8, attack: { name: 'gaussian', params: { mean: 3e38, std: 0 } }, momentum: 0.5 },
      server: { gar: 'average', lr: 1, momentum: 0.99, weightDecay: 0.5 },
    }),
  );
  t.is(r.rows.length, 12);
  t.true(r.finalParams.every(Number.isFinite));
});

test('guanyu replicas and btard peers apply the same optimiser (momentum on each node) and learn', async (t) => {
  const server = { momentum: 0.5, weightDecay: 1e-4, lrSchedule: { milestones: [8], factor: 0.5 }, lr: 0.5 };
  const g = await runGuanyu(
    input({ protocol: 'guanyu', servers: { n: 3, f: 0 }, workers: { n: 5, f: 0, batch: 8, momentum: 0.5 }, server: { gar: 'median', ...server } }),
  );
  const b = await runBtard(input({ protocol: 'btard', workers: { n: 4, f: 0, batch: 8, momentum: 0.5 }, server: { gar: 'centered-clip', ...server } }));
  for (const r of [g, b]) {
    t.false(r.stalled);
    t.true(r.rows.at(-1)!.testAccuracy! > 0.6, `accuracy ${r.rows.at(-1)!.testAccuracy}`);
  }
});

test('a bad optimiser setting is refused before anything runs: one line naming the field, the value and the rule, exit 2', async (t) => {
  for (const [set, text] of [
    ['server.lrSchedule={"every":300,"factor":1.5}', 'server.lrSchedule.factor'],
    ['server.lrSchedule={"factor":0.1}', 'server.lrSchedule: {factor: 0.1} — give exactly one of every'],
    ['server.momentum=1', 'server.momentum'],
    ['workers.momentum=-0.5', 'workers.momentum'],
  ]) {
    const r = await byzsim('run', 'test/fixtures/small.yaml', '--set', set, '--no-report');
    t.is(r.code, 2, set);
    t.is(r.stderr.trim().split('\n').length, 1, r.stderr);
    t.true(r.stderr.includes(text), r.stderr);
  }
});
