/**
 * The derived κ bounds (src/check/derived-bounds.ts) against what else is known: never below the
 * lower bound f/(n−2f) that every rule obeys (theory §3.2), never below the worst ratios the
 * theory sheet's Nelder–Mead search reached (§3.3's empirical table: lower bounds on each rule's
 * true κ), and equal to the closed forms they state.
 */
import test from 'ava';
import { kappaLowerBound } from '../../src/check/bounds.ts';
import { derivedKappaBound } from '../../src/check/derived-bounds.ts';

const RULES = [
  'median',
  'trimmed-mean',
  'geometric-median',
  'krum',
  'multi-krum',
  'mda',
  'smea',
  'meamed',
  'phocas',
  'bulyan',
  'nnm → krum',
  'nnm → trimmed-mean',
  'nnm → median',
  'arc → median',
  'arc → krum',
  'nnm → arc → trimmed-mean',
];

test('closed forms at n = 7, f = 2 (r = f/(n−2f) = 2/3)', (t) => {
  const at = (rule: string) => derivedKappaBound(rule, 7, 2)!.value;
  const r = 2 / 3;
  const near = (a: number, b: number) => t.true(Math.abs(a - b) < 1e-12 * Math.max(1, b), `${a} vs ${b}`);
  near(at('median'), 4 * (1 + r) ** 2);
  near(at('geometric-median'), 4 * (1 + r) ** 2);
  near(at('trimmed-mean'), (5 * 2 * 5) / 9);
  near(at('smea'), 4 * r);
  near(at('mda'), r * (1 + Math.sqrt(5)) ** 2);
  near(at('meamed'), 36);
  // Krum: m′ = 3 neighbours, h = 1: (√(2·3·5/(4·1)) + √(4/1))²
  near(at('krum'), (Math.sqrt(7.5) + 2) ** 2);
  near(at('nnm → krum'), (16 / 5) * (at('krum') + 1));
  // ARC at (7, 2): k = ⌊2·2·5/7⌋ = 2, u = 7 − 2 − 2 = 3
  near(at('arc → median'), (Math.sqrt(at('median')) + 1 + Math.sqrt(2 / 3)) ** 2);
  t.is(derivedKappaBound('average', 7, 2)!.value, Infinity);
  t.is(derivedKappaBound('average', 7, 0)!.value, 0);
});

test('no bound where the rule has none, or where the requirement fails', (t) => {
  for (const rule of ['centered-clip', 'bucketing → krum', 'clip → average']) t.is(derivedKappaBound(rule, 7, 2), undefined, rule);
  t.is(derivedKappaBound('krum', 5, 2), undefined, 'Krum at n < 2f+3: fewer than f+1 neighbours');
  t.is(derivedKappaBound('median', 4, 2), undefined, 'n ≤ 2f');
  t.truthy(derivedKappaBound('krum', 7, 2, {}, 'byzfl'), 'ByzFL Krum: n−f−1 neighbours');
});

test('every derived bound is at least the lower bound f/(n−2f) any rule obeys', (t) => {
  for (let n = 3; n <= 30; n++)
    for (let f = 0; 2 * f < n; f++)
      for (const rule of RULES) {
        const b = derivedKappaBound(rule, n, f);
        if (b) t.true(b.value >= kappaLowerBound(n, f) - 1e-12, `${rule} (${n}, ${f}): ${b.value}`);
      }
});

// theory §3.3: worst ratios a Nelder–Mead search reached on the honest set, per (n, f, d) — lower bounds on the true κ
const FLOORS: [number, number, Record<string, number>][] = [
  [
    5,
    1,
    {
      'trimmed-mean': 0.326,
      median: 0.947,
      'geometric-median': 0.96,
      krum: 2.025,
      'krum/byzfl': 1.256,
      mda: 1.295,
      meamed: 1.414,
      'nnm → trimmed-mean': 1.046,
      'nnm → median': 1.464,
      'nnm → krum': 1.334,
    },
  ],
  [
    7,
    2,
    {
      'trimmed-mean': 0.657,
      median: 1.309,
      'geometric-median': 1.208,
      krum: 2.285,
      'krum/byzfl': 2.768,
      mda: 3.04,
      meamed: 2.963,
      'nnm → trimmed-mean': 1.957,
      'nnm → median': 2.563,
      'nnm → krum': 3.158,
    },
  ],
  [
    9,
    3,
    {
      'trimmed-mean': 0.961,
      median: 0.969,
      'geometric-median': 1.087,
      krum: 1.905,
      'krum/byzfl': 1.833,
      mda: 4.558,
      meamed: 2.474,
      'nnm → trimmed-mean': 3.624,
      'nnm → median': 3.394,
      'nnm → krum': 2.638,
    },
  ],
  [
    9,
    2,
    {
      'trimmed-mean': 0.32,
      median: 0.598,
      'geometric-median': 0.674,
      krum: 1.23,
      'krum/byzfl': 1.15,
      mda: 1.285,
      meamed: 1.577,
      'nnm → trimmed-mean': 0.521,
      'nnm → median': 1.162,
      'nnm → krum': 1.23,
    },
  ],
];

test('every derived bound is above the worst ratio the theory sheet’s search reached (§3.3)', (t) => {
  for (const [n, f, floors] of FLOORS)
    for (const [key, floor] of Object.entries(floors)) {
      const [rule, convention] = key.split('/');
      const b = derivedKappaBound(rule, n, f, {}, convention === 'byzfl' ? 'byzfl' : 'paper');
      t.truthy(b, key);
      t.true(b!.value >= floor, `${key} at (${n}, ${f}): derived ${b!.value} < searched ${floor}`);
    }
});
