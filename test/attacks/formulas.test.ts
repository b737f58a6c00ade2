/** Each attack's formula on a hand-checkable case. */
import test from 'ava';
import { alie, alieZ } from '../../src/attacks/alie.ts';
import { amplifiedSignFlip } from '../../src/attacks/amplified-sign-flip.ts';
import { constantDirection } from '../../src/attacks/constant-direction.ts';
import { foe, ipm } from '../../src/attacks/foe.ts';
import { ATTACKS } from '../../src/attacks/index.ts';
import { lineMaximize } from '../../src/attacks/line-maximize.ts';
import { mimic } from '../../src/attacks/mimic.ts';
import { mimicVariant } from '../../src/attacks/mimic-variant.ts';
import { noiseAddition } from '../../src/attacks/noise-addition.ts';
import { nonFinite } from '../../src/attacks/non-finite.ts';
import { optimalFoe } from '../../src/attacks/optimal-foe.ts';
import { signFlip } from '../../src/attacks/sign-flip.ts';
import { isAdmissible } from '../../src/gars/index.ts';
import { averageAggregator, context } from './helpers.ts';

const H = [Float32Array.of(1, 2, 3), Float32Array.of(4, 5, 6), Float32Array.of(7, 8, 9)];
const arr = (v: Float32Array) => Array.from(v);

test('alie sends μ − zσ with σ unbiased (σ = 3 on the 3×3 example)', (t) => {
  t.deepEqual(arr(alie.craft!(context(H, 1, { z: 1 }))), [1, 2, 3]);
  t.deepEqual(arr(alie.craft!(context(H, 1, { z: -1.5 }))), [8.5, 9.5, 10.5]);
  t.deepEqual(
    arr(alie.craft!(context(H, 1, { z: 1, ddof: 0 }))).map((v) => +v.toFixed(5)),
    [1 + 3 - Math.sqrt(6), 2 + 3 - Math.sqrt(6), 3 + 3 - Math.sqrt(6)].map((v) => +v.toFixed(5)),
  );
});

test('alie z: auto uses the (n, f) of the run', (t) => {
  const honest = [...H, ...H, ...H.slice(0, 2)];
  const out = alie.craft!(context(honest, 3, {}));
  // n = 8 + 3 = 11, f = 3 ⇒ s = ⌊6.5⌋ − 3 = 3, z = Φ⁻¹(8/11)
  const z = alieZ(11, 3);
  t.true(Math.abs(z - 0.6045853465832371) < 1e-12);
  // coordinate 0: values 1,4,7,1,4,7,1,4 — mean 29/8, unbiased variance 43.875/7
  t.true(Math.abs(out[0] - (29 / 8 - z * Math.sqrt(43.875 / 7))) < 1e-5);
});

test('alie checkSetting rejects (n, f) where z is undefined, with a precise message', (t) => {
  t.regex(alie.checkSetting!(4, 3, {}) ?? '', /alie: z = Φ⁻¹\(…\) is undefined for n=4, f=3/);
  t.is(alie.checkSetting!(4, 3, { z: 1 }), undefined);
  t.is(alie.checkSetting!(11, 5, {}), undefined);
});

test('foe / ipm send −ε·μ', (t) => {
  t.deepEqual(arr(foe.craft!(context(H, 1, { epsilon: 2 }))), [-8, -10, -12]);
  t.deepEqual(arr(ipm.craft!(context(H, 1, { epsilon: 0.5 }))), [-2, -2.5, -3]);
  t.deepEqual(
    arr(foe.craft!(context(H, 1, {}))).map((v) => +v.toFixed(6)),
    [-0.4, -0.5, -0.6],
  );
});

test('mimic copies honest worker ε and rejects ε ≥ n − f', (t) => {
  t.deepEqual(arr(mimic.craft!(context(H, 1, { epsilon: 2 }))), [7, 8, 9]);
  t.regex(mimic.checkSetting!(4, 1, { epsilon: 3 }) ?? '', /smaller than the number of honest workers n−f=3/);
});

test('sign flips: −g and −1000·g on the own gradient', (t) => {
  const own = Float32Array.of(1, -2, 0.5);
  t.deepEqual(arr(signFlip.craft!(context(H, 1, {}, { own }))), [-1, 2, -0.5]);
  t.deepEqual(arr(amplifiedSignFlip.craft!(context(H, 1, {}, { own }))), [-1000, 2000, -500]);
  t.deepEqual(arr(amplifiedSignFlip.craft!(context(H, 1, { scale: 10 }, { own }))), [-10, 20, -5]);
  t.regex(amplifiedSignFlip.check!({ scale: -1 }) ?? '', /^amplified-sign-flip: scale must be/);
});

test('constant direction: norm 1000·‖g‖, the same direction across steps and colluders', (t) => {
  const state = new Map<string, unknown>();
  const a = constantDirection.craft!(context(H, 1, {}, { own: Float32Array.of(3, 4, 0), state }));
  const b = constantDirection.craft!(context(H, 1, {}, { own: Float32Array.of(0, 0, 10), state, step: 5 }));
  const norm = (v: Float32Array) => Math.hypot(...v);
  t.true(Math.abs(norm(a) - 5000) < 1e-2);
  t.true(Math.abs(norm(b) - 10000) < 1e-2);
  for (let k = 0; k < 3; k++) t.true(Math.abs(a[k] / 5000 - b[k] / 10000) < 1e-6);
  // another colluder with its own state but the same shared stream draws the same direction
  const other = constantDirection.craft!(context(H, 1, {}, { own: Float32Array.of(3, 4, 0), state: new Map() }));
  t.deepEqual(arr(other), arr(a));
  // without state: a fixed direction from the seed, also constant
  const s1 = constantDirection.craft!(context(H, 1, {}, { own: Float32Array.of(3, 4, 0) }));
  const s2 = constantDirection.craft!(context(H, 1, {}, { own: Float32Array.of(3, 4, 0), step: 9 }));
  t.deepEqual(arr(s1), arr(s2));
});

test('noise addition perturbs every other coordinate only, with std ≈ 100', (t) => {
  const own = new Float32Array(20000).fill(1);
  const out = noiseAddition.craft!(context(H, 1, {}, { own }));
  let s2 = 0;
  for (let k = 0; k < own.length; k++) {
    if (k % 2 === 1) t.is(out[k], 1);
    else s2 += (out[k] - 1) ** 2;
  }
  const sd = Math.sqrt(s2 / (own.length / 2));
  t.true(sd > 97 && sd < 103, `std ${sd}`);
});

test('non-finite vectors are inadmissible', (t) => {
  for (const value of ['nan', 'inf', '-inf', 'mixed']) {
    const v = nonFinite.craft!(context(H, 1, { value }));
    t.false(isAdmissible(v, 3));
  }
  t.deepEqual(arr(nonFinite.craft!(context(H, 1, { value: 'inf' }))), [Infinity, Infinity, Infinity]);
  t.regex(nonFinite.check!({ value: 'zero' }) ?? '', /non-finite: value must be one of/);
});

test('line search: exact evaluation count and ByzFL expansion/contraction path', (t) => {
  const seen: number[] = [];
  const best = lineMaximize((x) => (seen.push(x), -((x - 37) ** 2)), { evals: 20, start: 0, delta: 10, ratio: 0.8 });
  t.is(seen.length, 20);
  t.deepEqual(seen.slice(0, 4), [0, 10, 30, 70]); // accept 10, 30; reject 70 (δ = 40 → 32)
  t.is(seen[4], 30 + 32);
  // only x + δ is probed, so the search never steps back below 43.1 once it has accepted it
  t.true(Math.abs(best.tau - 43.1072) < 1e-9);
  t.is(seen[19], 44.23309990684263);
});

test('optimal-foe against the average grows τ without bound within its evaluations', (t) => {
  const out = optimalFoe.craft!(context(H, 1, {}, { aggregator: averageAggregator }));
  // average is linear in τ: every expansion is accepted, τ = 10·(2¹⁹ − 1)
  t.true(Math.abs(out[0] / -4 - 10 * (2 ** 19 - 1)) < 1);
  t.throws(() => optimalFoe.craft!(context(H, 1, {})), { message: /needs the server's aggregator/ });
});

test('every registered attack has a kebab-case name, a summary and valid default params', (t) => {
  for (const [name, a] of ATTACKS) {
    t.regex(name, /^[a-z]+(-[a-z]+)*$/);
    t.is(a.name, name);
    t.truthy(a.summary);
    t.is(a.check?.({}), undefined, name);
    t.true(Boolean(a.craft) !== Boolean(a.transformLabels), `${name}: exactly one of craft / transformLabels`);
  }
});

test('mimic-variant copies an extreme honest worker along the top principal axis, then sticks to it', (t) => {
  // principal axis = first coordinate; the extremes along it are workers 1 (−4) and 3 (+6)
  const honest = [Float32Array.of(0, 0), Float32Array.of(-4, 0.1), Float32Array.of(1, -0.1), Float32Array.of(6, 0)];
  const state = new Map<string, unknown>();
  const first = mimicVariant.craft!(context(honest, 2, { warmup: 1 }, { state }));
  const picked = honest.findIndex((g) => g[0] === first[0] && g[1] === first[1]);
  t.true(picked === 1 || picked === 3, `picked ${picked}`);
  // after the warm-up the target is fixed even though the gradients move
  const moved = honest.map((g, i) => Float32Array.of(g[0] + (i === picked ? 0 : 100), g[1]));
  const next = mimicVariant.craft!(context(moved, 2, { warmup: 1 }, { state, step: 1 }));
  t.deepEqual(Array.from(next), Array.from(moved[picked]));
  // argmax: false picks the other extreme
  const other = mimicVariant.craft!(context(honest, 2, { warmup: 1, argmax: false }, { state: new Map() }));
  t.deepEqual(Array.from(other), Array.from(honest[picked === 1 ? 3 : 1]));
});
