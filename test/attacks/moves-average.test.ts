/**
 * Each gradient attack moves the average far from the honest mean. Setting: n = 11, f = 5
 * (seed 000), d = 50, honest gᵢ = 1 + 0.1·ξᵢ, so ‖μ‖ ≈ 7.07 and the honest mean's standard
 * error is 0.1·√(50/6) ≈ 0.29. "Far" is stated per attack, against ‖μ‖ or that spread.
 */
import test from 'ava';
import { ATTACKS } from '../../src/attacks/index.ts';
import { createAggregator, parsePipeline } from '../../src/gars/index.ts';
import { stream } from '../../src/sim/rng.ts';
import { avg, context, dist, honestSet } from './helpers.ts';

const n = 11;
const f = 5;
const d = 50;
const honest = honestSet(n - f, d);
const mu = avg(honest);
const muNorm = Math.hypot(...mu);
const spread = 0.1 * Math.sqrt(d); // ‖σ‖ of the honest noise

function shift(name: string, params = {}, aggregatorName = 'median'): number {
  const attack = ATTACKS.get(name)!;
  const aggregator = () => createAggregator(parsePipeline(aggregatorName), f, stream(1, 'agg'));
  const ctx = context(honest, f, params, { aggregator, state: new Map() });
  const byz = Array.from({ length: f }, () => attack.craft!(ctx));
  return dist(avg([...honest, ...byz]), mu);
}

// minimum ‖avg − μ‖ / ‖μ‖ each attack must reach
const FAR: [string, object, number][] = [
  ['sign-flip', {}, 0.8], // (6·μ − 5·g₀)/11 ≈ μ/11: moves 10/11 of ‖μ‖
  ['amplified-sign-flip', {}, 400],
  ['gaussian', {}, 0.3],
  ['foe', {}, 0.45], // ((6 − 0.5)/11)·μ: moves 0.5‖μ‖
  ['ipm', { epsilon: 2 }, 1.3],
  ['constant-direction', {}, 400],
  ['noise-addition', {}, 10], // five independent draws on 25 coordinates: 100·√(25·5)/11 ≈ 102 ≈ 14‖μ‖
];

for (const [name, params, ratio] of FAR) {
  test(`${name} moves the average at least ${ratio}·‖μ‖ from the honest mean`, (t) => {
    const s = shift(name, params);
    t.log(`‖avg − μ‖ = ${s.toFixed(3)} (‖μ‖ = ${muNorm.toFixed(3)})`);
    t.true(s >= ratio * muNorm);
  });
}

test("alie moves the average by (f/n)·z·‖σ‖, beyond the honest mean's standard error", (t) => {
  const s = shift('alie');
  const z = 1.3351777361189365; // n = 11, f = 5
  const sd = Math.hypot(...mu.map((m, k) => Math.sqrt(honest.reduce((a, g) => a + (g[k] - m) ** 2, 0) / (n - f - 1))));
  t.true(Math.abs(s - (f / n) * z * sd) < 1e-4);
  t.true(s > 1.5 * (spread / Math.sqrt(n - f))); // (5/11)·1.34 ≈ 0.61 ‖σ‖ vs ‖σ‖/√6 ≈ 0.41 ‖σ‖
});

test('mimic over-weights one honest worker: the average moves f/n of the way to g_ε', (t) => {
  const s = shift('mimic', { epsilon: 2 });
  t.true(Math.abs(s - (f / n) * dist(honest[2], mu)) < 1e-4);
});

test('non-finite makes the plain average non-finite', (t) => {
  t.true(Number.isNaN(shift('non-finite')));
});

/** ‖F(H ∪ byz×f) − μ‖ for the server's rule F itself. */
function ruleShift(name: string, rule: string, params = {}): number {
  const aggregator = () => createAggregator(parsePipeline(rule), f, stream(1, 'agg'));
  const byz = ATTACKS.get(name)!.craft!(context(honest, f, params, { aggregator }));
  return dist(aggregator().aggregate([...honest, ...Array.from({ length: f }, () => byz)]), mu);
}

for (const [optimal, fixed, params] of [
  ['optimal-alie', 'alie', { z: -1.5 }],
  ['optimal-foe', 'foe', { epsilon: 2 }],
] as const) {
  test(`${optimal} moves the median at least as far as ${fixed} with ByzFL's default strength`, (t) => {
    const [o, x] = [ruleShift(optimal, 'median'), ruleShift(fixed, 'median', params)];
    t.log(`median shift: ${optimal} ${o.toFixed(4)}, ${fixed} ${x.toFixed(4)}, honest standard error ${(spread / Math.sqrt(n - f)).toFixed(4)}`);
    t.true(o >= x - 1e-6);
    t.true(o > spread / Math.sqrt(n - f));
  });
}
