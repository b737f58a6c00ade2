/**
 * (f, κ)-robustness properties (Allouah et al. 2023; theory §3), fast-check on a fixed seed:
 * - unanimity: n−f identical inputs ⇒ the output equals them, bit for bit on float32 storage
 *   (float64 sums of float32 values are exact), for every rule that claims
 *   robustness (and F ∘ NNM, F ∘ ARC), whatever the f others are; the documented exceptions
 *   (Average, Centered Clipping from a far start, smoothed Weiszfeld with few iterations) fail it;
 * - the proven lower bound κ ≥ f/(n−2f) on its worked instance (f ones, n−f zeros): robust rules
 *   output 0 there, and the trimmed mean attains f/(n−2f) exactly;
 * - Average is caught (unbounded ratio) within a handful of runs;
 * - on fuzzed clouds every ratio stays below the rule's derived κ bound (src/check/derived-bounds.ts:
 *   e.g. median 4(1 + f/(n−2f))², trimmed mean 5f(n−f)/(n−2f)², SMEA 4f/(n−2f), F ∘ NNM
 *   8f/(n−f)·(κ_F + 1)), and the worst case reaches ≥ 1 % of it, so a 100× larger ratio fails;
 *   the recalled [U] values of the theory sheet are reported by `fuzz gar`, not enforced.
 */
import test from 'ava';
import fc from 'fast-check';
import { kappaLowerBound } from '../../src/check/bounds.ts';
import { derivedKappaBound } from '../../src/check/derived-bounds.ts';
import { kappaRatio, worstKappa } from '../../src/check/kappa.ts';
import { garCase } from '../../src/fuzz/arbitraries.ts';
import { FC, apply, maxF, minN } from './helpers.ts';

const ROBUST = [
  'median',
  'trimmed-mean',
  'geometric-median',
  'krum',
  'multi-krum',
  'mda',
  'bulyan',
  'meamed',
  'phocas',
  'smea',
  'nnm → krum',
  'nnm → trimmed-mean',
  'arc → median',
  'nnm → geometric-median',
];

/** n−f copies of one honest vector, the f Byzantine rows as generated. */
const unanimous = (rule: string) =>
  garCase({ n: { min: minN(rule), max: 11 }, f: (n) => maxF(rule, n), d: { min: 1, max: 3 } }).map((c) => {
    const v = Array.from(Float32Array.from(c.vectors[c.honest[0]]));
    return { ...c, vectors: c.vectors.map((r, i) => (c.honest.includes(i) ? [...v] : r)), v };
  });

for (const rule of ROBUST) {
  test(`unanimity: ${rule} returns v exactly when n−f inputs equal v`, (t) => {
    fc.assert(
      fc.property(unanimous(rule), (c) => apply(rule, c.vectors, c.f, {}, 'paper', true).every((x, k) => x === c.v[k])),
      FC,
    );
    t.pass();
  });
}

test('unanimity fails, as documented, for Average, Centered Clipping from a far start and 3-step smoothed Weiszfeld', (t) => {
  const rows = [[100], [100], [100], [100], [0]];
  t.notDeepEqual(apply('average', rows, 1), [100]);
  t.notDeepEqual(apply('centered-clip', rows, 1, { start: 'zero', tau: 10, iterations: 3 }), [100]);
  t.notDeepEqual(apply('geometric-median', rows, 1, { T: 3 }, 'byzfl'), [100]);
});

for (const [n, f] of [
  [5, 1],
  [7, 2],
  [9, 3],
  [9, 2],
  [11, 5],
  [11, 2],
]) {
  test(`κ lower bound f/(n−2f) on its worked instance, n=${n} f=${f}: robust rules output 0, the trimmed mean attains the bound`, (t) => {
    const rows = [...Array.from({ length: f }, () => [1]), ...Array.from({ length: n - f }, () => [0])];
    const inputs = rows.map((r) => Float64Array.from(r));
    const bound = kappaLowerBound(n, f);
    for (const rule of ROBUST) {
      if (n < minN(rule) || f > maxF(rule, n)) continue;
      const out = apply(rule, rows, f);
      t.deepEqual(out, [0], rule);
      t.true(worstKappa(out, inputs, f).ratio >= bound - 1e-12, rule);
    }
    const tm = worstKappa(apply('trimmed-mean', rows, f), inputs, f);
    t.true(Math.abs(tm.ratio - bound) < 1e-12, `trimmed mean: ${tm.ratio} vs ${bound}`);
  });
}

test('Average is caught: an unbounded ratio within a handful of runs', (t) => {
  const result = fc.check(
    fc.property(garCase({ n: 7, f: 2, d: 2, attacks: ['far', 'cluster-far', 'alie', 'line'], distanceExp: { min: 2, max: 6 } }), (c) => {
      const out = apply('average', c.vectors, c.f);
      return (
        kappaRatio(
          out,
          c.vectors.map((r) => Float64Array.from(r)),
          c.honest,
        ).ratio <= 100
      );
    }),
    { seed: FC.seed, numRuns: 10 },
  );
  t.true(result.failed);
  t.true(result.numRuns <= 5, `caught after ${result.numRuns} runs`);
});

for (const rule of ROBUST) {
  const formula = derivedKappaBound(rule, 7, 2)!.formula;
  test(`${rule}: fuzzed ratios (every S when C(n,f) is small) stay below the derived κ ≤ ${formula}, within 100× of it`, (t) => {
    let worst = 0;
    let tightness = 0;
    fc.assert(
      fc.property(garCase({ n: { min: minN(rule), max: 9 }, f: (n) => maxF(rule, n), d: { min: 1, max: 3 } }), (c) => {
        const out = apply(rule, c.vectors, c.f);
        const r = worstKappa(
          out,
          c.vectors.map((x) => Float64Array.from(x)),
          c.f,
          c.honest,
        ).ratio;
        const bound = derivedKappaBound(rule, c.vectors.length, c.f)!.value;
        worst = Math.max(worst, r);
        tightness = Math.max(tightness, r / bound);
        return r <= bound * (1 + 1e-9);
      }),
      { ...FC, numRuns: 20 },
    );
    t.log(`worst ratio ${worst.toPrecision(4)}, at most ${(100 * tightness).toPrecision(3)} % of the bound`);
    t.true(tightness >= 0.01, `the fuzzed cases reach only ${(100 * tightness).toPrecision(3)} % of the bound: a 100× regression could pass`);
  });
}
