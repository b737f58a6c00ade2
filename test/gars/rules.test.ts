import test from 'ava';
import { applySteps } from '../../src/gars/apply.ts';
import { CC_STATE_KEY } from '../../src/gars/centered-clip.ts';
import { GARS, PRE_AGGREGATORS, checkPipeline, createAggregator, isAdmissible, parsePipeline } from '../../src/gars/index.ts';
import { krumScores } from '../../src/gars/krum.ts';
import { medianInPlace, pairwiseSquaredDistances, select, trimmedMeanInPlace } from '../../src/gars/linalg.ts';
import { randomPermutation } from '../../src/gars/pre/bucketing.ts';
import type { Convention, GarContext, Params, Vector } from '../../src/gars/types.ts';
import { normal, stream } from '../../src/sim/rng.ts';

const ctx = (f: number, params: Params = {}, convention: Convention = 'paper'): GarContext => ({ f, params, convention, rng: stream(0, 'test') });
const f32 = (rows: number[][]) => rows.map((r) => Float32Array.from(r));
const run = (name: string, rows: number[][], f: number, params: Params = {}, convention: Convention = 'paper') =>
  Array.from(GARS.get(name)!.aggregate(f32(rows), ctx(f, params, convention), new Map()));

test('the registry holds exactly the names of the issue', (t) => {
  t.deepEqual([...GARS.keys()].sort(), [
    'average',
    'bulyan',
    'centered-clip',
    'geometric-median',
    'krum',
    'mda',
    'meamed',
    'median',
    'multi-krum',
    'phocas',
    'smea',
    'trimmed-mean',
  ]);
  t.deepEqual([...PRE_AGGREGATORS.keys()].sort(), ['arc', 'bucketing', 'clip', 'nnm']);
});

test('requirements name the rule and the bound (paper convention)', (t) => {
  const cases: [string, number, number, string][] = [
    ['krum', 6, 2, 'krum: needs n ≥ 2f+3, got n=6, f=2'],
    ['multi-krum', 6, 2, 'multi-krum: needs n ≥ 2f+3, got n=6, f=2'],
    ['bulyan', 10, 2, 'bulyan: needs n ≥ 4f+3, got n=10, f=2'],
    ['median', 4, 2, 'median: needs n ≥ 2f+1, got n=4, f=2'],
    ['trimmed-mean', 4, 2, 'trimmed-mean: needs n ≥ 2f+1, got n=4, f=2'],
    ['meamed', 4, 2, 'meamed: needs n ≥ 2f+1, got n=4, f=2'],
    ['phocas', 4, 2, 'phocas: needs n ≥ 2f+1, got n=4, f=2'],
    ['mda', 4, 2, 'mda: needs n ≥ 2f+1, got n=4, f=2'],
    ['smea', 4, 2, 'smea: needs n ≥ 2f+1, got n=4, f=2'],
    ['geometric-median', 4, 2, 'geometric-median: needs n ≥ 2f+1, got n=4, f=2'],
  ];
  for (const [name, n, f, msg] of cases) t.is(GARS.get(name)!.check(n, f, {}), msg);
  t.is(GARS.get('krum')!.check(7, 2, {}), undefined);
  t.is(GARS.get('bulyan')!.check(11, 2, {}), undefined);
});

test('MDA and SMEA refuse past their combinatorial limit with a clear message, and the limit is a parameter', (t) => {
  t.regex(GARS.get('mda')!.check(50, 10, {})!, /^mda: exact search over C\(50,10\) = 1\.027e\+10 subsets exceeds maxSubsets=2000000/);
  t.regex(GARS.get('smea')!.check(30, 8, {})!, /^smea: exact search over C\(30,8\)/);
  t.is(GARS.get('mda')!.check(11, 5, { maxSubsets: 462 }), undefined);
  t.regex(GARS.get('mda')!.check(11, 5, { maxSubsets: 461 })!, /exceeds maxSubsets=461/);
  t.throws(
    () =>
      run(
        'mda',
        Array.from({ length: 11 }, (_, i) => [i]),
        5,
        { maxSubsets: 10 },
      ),
    { message: /mda: exact search over C\(11,5\)/ },
  );
});

test('checkPipeline: bucketing shrinks the count the next rule sees; unknown and misplaced steps are named', (t) => {
  t.is(checkPipeline(parsePipeline('nnm → bucketing → krum'), 13, 1), undefined);
  t.is(checkPipeline(parsePipeline('nnm → bucketing → krum'), 7, 1), 'krum: needs n ≥ 2f+3, got n=4, f=1');
  t.is(checkPipeline(parsePipeline('krum → nnm'), 9, 1), 'krum: only the last step may be an aggregation rule');
  t.is(checkPipeline(parsePipeline('nnm → clip'), 9, 1), 'clip: a pipeline must end with an aggregation rule');
  t.regex(checkPipeline(parsePipeline('foo'), 9, 1)!, /unknown aggregation step "foo"/);
  t.is(checkPipeline(parsePipeline('arc -> nnm -> bulyan'), 11, 2), undefined);
});

test('Krum: paper scores sum the n−f−2 nearest squared distances; ByzFL counts n−f−1; ties go to the first index', (t) => {
  const rows = [[0], [1], [3], [6], [10]];
  // distances² from 0: 1, 9, 36, 100; n−f−2 = 2 nearest (f=1): 1+9 = 10
  t.deepEqual(Array.from(krumScores(f32(rows), ctx(1))), [10, 5, 13, 25, 16 + 49]);
  t.deepEqual(Array.from(krumScores(f32(rows), ctx(1, {}, 'byzfl'))), [46, 30, 22, 50, 65 + 81]);
  t.deepEqual(run('krum', [[1], [-1], [1], [-1], [1]], 1), [1]);
  t.deepEqual(run('krum', [[0], [1], [3], [6], [10]], 1), [1]);
});

test('Multi-Krum averages the m best-scoring inputs; m is checked', (t) => {
  t.deepEqual(run('multi-krum', [[0], [1], [3], [6], [10]], 1, { m: 2 }), [0.5]);
  t.is(GARS.get('multi-krum')!.check(7, 2, { m: 6 }), 'multi-krum: needs 1 ≤ m ≤ n−f, got m=6, n=7, f=2');
});

test('Bulyan selects θ = n−2f by Krum then averages the β = θ−2f values closest to the median, per coordinate', (t) => {
  const rows = [
    [0, 10],
    [0.5, 11],
    [1, 12],
    [1.5, 13],
    [2, 14],
    [1000, -1000],
    [-1000, 1000],
  ];
  t.deepEqual(run('bulyan', rows, 1), [1, 12]);
  t.deepEqual(run('bulyan', rows, 1, { base: 'median' }), [1, 12]);
  t.regex(GARS.get('bulyan')!.check(7, 1, { base: 'nope' })!, /bulyan: unknown base rule "nope"/);
  t.regex(GARS.get('bulyan')!.check(7, 1, { base: 'bulyan' })!, /unknown base rule "bulyan"/);
});

test('Centered Clipping is stateful per aggregator: the next call starts from the previous output', (t) => {
  const agg = createAggregator([{ name: 'centered-clip', params: { tau: 1, iterations: 1 } }], 0, stream(0, 'cc'));
  const xs = f32([[10], [10], [10]]);
  t.deepEqual(Array.from(agg.aggregate(xs)), [1]); // one clipped step of length τ from 0
  t.deepEqual(Array.from(agg.aggregate(xs)), [2]); // from the previous aggregate
  const fresh = createAggregator([{ name: 'centered-clip', params: { tau: 1, iterations: 1 } }], 0, stream(0, 'cc'));
  t.deepEqual(Array.from(fresh.aggregate(xs)), [1]);
});

test('Centered Clipping moves at most L·τ from its start, and can start at the median or a given vector', (t) => {
  const rng = stream(3, 'cc-bound');
  const rows = Array.from({ length: 9 }, () => [50 + 20 * normal(rng), -30 + 5 * normal(rng)]);
  const state = new Map<string, unknown>();
  const out = GARS.get('centered-clip')!.aggregate(f32(rows), ctx(2, { tau: 2, iterations: 4 }), state);
  t.true(Math.hypot(out[0], out[1]) <= 8 + 1e-5);
  t.true(state.get(CC_STATE_KEY) instanceof Float64Array);
  t.deepEqual(run('centered-clip', [[1], [2], [300]], 1, { start: 'median', tau: 0.5, iterations: 1 }), [2 + (-0.5 + 0 + 0.5) / 3]);
  t.deepEqual(run('centered-clip', [[4], [4], [4]], 0, { start: '[3]', tau: 10, iterations: 1 }), [4]);
  t.throws(() => run('centered-clip', [[4], [4]], 0, { start: 'nowhere' }), { message: /centered-clip: parameter start must be/ });
});

test('geometric median: converged Weiszfeld matches the true median in 1-D and returns a majority point exactly', (t) => {
  t.true(Math.abs(run('geometric-median', [[0], [1], [2], [7], [100]], 2)[0] - 2) < 1e-6);
  t.deepEqual(
    run(
      'geometric-median',
      [
        [3, 4],
        [3, 4],
        [3, 4],
        [0, 0],
        [100, -7],
      ],
      2,
    ),
    [3, 4],
  );
  // equilateral triangle: the Fermat point is the centre
  const tri = [
    [0, 1],
    [Math.sqrt(3) / 2, -0.5],
    [-Math.sqrt(3) / 2, -0.5],
  ];
  const gm = run('geometric-median', tri, 0);
  t.true(Math.hypot(gm[0], gm[1]) < 1e-5);
});

test('SMEA picks the subset with the flattest covariance, not the smallest diameter', (t) => {
  // four points on a line far apart vs a tight 2-D blob: MDA and SMEA agree on outlier removal
  const rows = [
    [0, 0],
    [0.1, 0],
    [0, 0.1],
    [0.1, 0.1],
    [50, 50],
  ];
  t.deepEqual(
    run('smea', rows, 1).map((v) => Number(v.toFixed(6))),
    [0.05, 0.05],
  );
  t.deepEqual(
    run('mda', rows, 1).map((v) => Number(v.toFixed(6))),
    [0.05, 0.05],
  );
});

test('MDA keeps the lexicographically first subset among equal diameters', (t) => {
  t.deepEqual(run('mda', [[0], [1], [2]], 1), [0.5]);
});

test('NNM mixes each input with its n−f nearest (itself included); ARC clips the k largest to the next norm', (t) => {
  const out = applySteps([{ name: 'nnm' }], f32([[0], [1], [10]]), { f: 1, rng: stream(0, 'x') }) as Float32Array[];
  t.deepEqual(
    out.map((r) => r[0]),
    [0.5, 0.5, 5.5],
  );
  const arc = applySteps([{ name: 'arc' }], f32([[1], [2], [3], [100], [-50]]), { f: 2, convention: 'byzfl', rng: stream(0, 'x') }) as Float32Array[];
  t.deepEqual(
    arc.map((r) => r[0]),
    [1, 2, 3, 3, -3],
  );
});

test('bucketing outputs ⌈n/s⌉ means of a partition drawn from the stream; the same stream gives the same buckets', (t) => {
  const rows = f32(Array.from({ length: 11 }, (_, i) => [i]));
  const a = applySteps([{ name: 'bucketing', params: { s: 3 } }], rows, { f: 0, rng: stream(5, 'b') }) as Float32Array[];
  const b = applySteps([{ name: 'bucketing', params: { s: 3 } }], rows, { f: 0, rng: stream(5, 'b') }) as Float32Array[];
  t.is(a.length, 4);
  t.deepEqual(a, b);
  const total = a.slice(0, 3).reduce((s, r) => s + 3 * r[0], 0) + 2 * a[3][0];
  t.true(Math.abs(total - 55) < 1e-4);
  const p = randomPermutation(20, stream(1, 'p'));
  t.deepEqual(
    [...p].sort((x, y) => x - y),
    Array.from({ length: 20 }, (_, i) => i),
  );
});

test('every rule returns the array type it was given and never mutates its inputs', (t) => {
  const rng = stream(9, 'types');
  const rows = Array.from({ length: 11 }, () => Array.from({ length: 3 }, () => normal(rng)));
  for (const [name] of GARS) {
    const makers: ((r: number[]) => Vector)[] = [(r) => Float32Array.from(r), (r) => Float64Array.from(r)];
    for (const make of makers) {
      const xs: Vector[] = rows.map(make);
      const copy = xs.map((x) => x.slice());
      const out = applySteps([{ name }], xs, { f: 2, rng: stream(0, name) }) as Float32Array | Float64Array;
      t.is(out.constructor, xs[0].constructor, name);
      t.deepEqual(xs, copy, `${name} mutated its inputs`);
    }
  }
  for (const [name] of PRE_AGGREGATORS) {
    const xs = rows.map((r) => Float32Array.from(r));
    const copy = xs.map((x) => x.slice());
    applySteps([{ name }], xs, { f: 2, rng: stream(0, name) });
    t.deepEqual(xs, copy, `${name} mutated its inputs`);
  }
});

test('rules do not crash on identical vectors or ties', (t) => {
  const same = Array.from({ length: 11 }, () => [1.5, -2, 0]);
  for (const [name] of GARS) {
    const out = applySteps([{ name, params: name === 'centered-clip' ? { start: 'median' } : {} }], f32(same), { f: 2, rng: stream(0, name) }) as Float32Array;
    t.deepEqual(Array.from(out), [1.5, -2, 0], name);
  }
});

test('selection kernels: select, median (even n averages the middle two), trimmed mean', (t) => {
  const rng = stream(4, 'select');
  for (let trial = 0; trial < 50; trial++) {
    const n = 1 + Math.floor(rng() * 60);
    const a = Float64Array.from({ length: n }, () => Math.round(10 * normal(rng)));
    const sorted = [...a].sort((x, y) => x - y);
    const k = Math.floor(rng() * n);
    const b = a.slice();
    select(b, 0, n, k);
    t.true(b[k] === sorted[k]);
    const mid = n >> 1;
    t.true(medianInPlace(a.slice(), n) === (n % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2));
    const f = Math.floor(((n - 1) / 2) * rng());
    const tm = sorted.slice(f, n - f).reduce((s, x) => s + x, 0) / (n - 2 * f);
    t.true(Math.abs(trimmedMeanInPlace(a.slice(), n, f) - tm) < 1e-9);
  }
});

test('pairwise distances are exact across tile boundaries and map non-finite entries to +∞', (t) => {
  const d = 5000;
  const a = Float32Array.from({ length: d }, (_, k) => k % 7);
  const b = Float32Array.from({ length: d }, (_, k) => (k % 7) + (k % 2));
  const dist = pairwiseSquaredDistances([a, b, Float32Array.from({ length: d }, () => Infinity)]);
  t.is(dist[1], 2500);
  t.is(dist[2], Infinity);
  t.is(dist[5], Infinity);
});

test('isAdmissible drops wrong lengths and non-finite entries', (t) => {
  t.true(isAdmissible(Float32Array.from([1, 2]), 2));
  t.false(isAdmissible(Float32Array.from([1, NaN]), 2));
  t.false(isAdmissible(Float32Array.from([1, Infinity]), 2));
  t.false(isAdmissible(Float32Array.from([1]), 2));
  t.false(isAdmissible([1, 2], 2));
});

test('MDA and SMEA prefer subsets at finite distances when some input is infinite (byzfl convention passes ∞ through)', (t) => {
  const rows = [[Infinity], [1], [2], [3], [100]];
  const inputs = rows.map((r) => Float64Array.from(r));
  for (const name of ['mda', 'smea']) {
    const out = applySteps([{ name }], inputs, { f: 2, convention: 'byzfl', rng: stream(0, name) }) as Float64Array;
    t.deepEqual(Array.from(out), [2], name);
  }
});

test('Centered Clipping at a fixed point: Σᵢ clip_τ(xᵢ − v) = 0, so BTARD’s check Σ sᵢ vanishes (theory §6.4)', (t) => {
  const rng = stream(11, 'cc-fixed');
  const rows = Array.from({ length: 9 }, () => [normal(rng), 3 * normal(rng), 10 + normal(rng)]);
  const v = run('centered-clip', rows, 2, { start: 'median', tau: 1, iterations: 500, tol: 1e-12 });
  const sum = [0, 0, 0];
  for (const x of rows) {
    const diff = x.map((xk, k) => xk - v[k]);
    const norm = Math.hypot(...diff);
    const c = Math.min(1, 1 / norm);
    diff.forEach((dk, k) => (sum[k] += c * dk));
  }
  t.true(Math.hypot(...sum) < 1e-4, JSON.stringify(sum)); // float32 output rounding
});
