import test from 'ava';
import { CLAIMS_ROBUSTNESS, kappaLowerBound, kappaUpperBound } from '../../src/check/bounds.ts';
import { kappaRatio, worstKappa } from '../../src/check/kappa.ts';

const f64 = (rows: number[][]) => rows.map((r) => Float64Array.from(r));

test('kappaRatio is ‖F − x̄_S‖² / ((1/|S|) Σ ‖xᵢ − x̄_S‖²)', (t) => {
  const xs = f64([
    [0, 0],
    [2, 0],
    [0, 2],
    [100, 100],
  ]);
  // S = {0,1,2}: mean (2/3, 2/3); var = (8/9 + (16/9 + 4/9) + (4/9 + 16/9)) / 3 = (48/9)/3 = 16/9
  const r = kappaRatio([1, 1], xs, [0, 1, 2]);
  t.true(Math.abs(r.variance - 16 / 9) < 1e-12);
  t.true(Math.abs(r.error - 2 / 9) < 1e-12);
  t.true(Math.abs(r.ratio - 1 / 8) < 1e-12);
});

test('zero honest variance: ratio 0 when F equals their value, +∞ otherwise', (t) => {
  const xs = f64([[3], [3], [3], [9]]);
  t.is(kappaRatio([3], xs, [0, 1, 2]).ratio, 0);
  t.is(kappaRatio([3.001], xs, [0, 1, 2]).ratio, Infinity);
});

test('worstKappa enumerates every S of size n−f, or judges the honest set only when C(n,f) is too large', (t) => {
  const xs = f64([[1], [0], [0], [0], [0]]);
  const w = worstKappa([0], xs, 1);
  t.true(w.exhaustive);
  t.deepEqual(w.subset, [0, 1, 2, 3]);
  t.true(Math.abs(w.ratio - kappaLowerBound(5, 1)) < 1e-12);
  const few = worstKappa([0], xs, 1, [1, 2, 3, 4], 2);
  t.false(few.exhaustive);
  t.is(few.ratio, 0);
  t.throws(() => worstKappa([0], xs, 1, undefined, 2), { message: /give the honest set/ });
});

test('theory bounds: the derived lower bound, Average infinite (derived), per-rule values flagged as recalled [U]', (t) => {
  t.is(kappaLowerBound(7, 2), 2 / 3);
  t.deepEqual(kappaUpperBound('average', 7, 2)?.value, Infinity);
  t.is(kappaUpperBound('average', 7, 2)?.status, 'derived');
  for (const rule of ['trimmed-mean', 'median', 'geometric-median', 'krum']) t.is(kappaUpperBound(rule, 7, 2)?.status, 'recalled');
  t.is(kappaUpperBound('krum', 5, 1)?.value, 8); // theory §3.3: Krum 8 at (5,1)
  t.true(Math.abs(kappaUpperBound('trimmed-mean', 7, 2)!.value - 6.667) < 1e-3);
  t.is(kappaUpperBound('mda', 7, 2), undefined);
  t.false(CLAIMS_ROBUSTNESS.has('average'));
  t.false(CLAIMS_ROBUSTNESS.has('centered-clip'));
});
