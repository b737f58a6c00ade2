/**
 * GAR speed (issue 3): for (n=11, d=10⁶) and (n=50, d=10⁵), each rule at the largest f it allows
 * (f=5 for the median family and MDA at n=11, 4 for Krum, 2 for Bulyan; f=10 at n=50 where
 * allowed), ms per aggregation; for the linear-time rules also the ratio to a plain sum over the
 * same n×d floats measured in the same run (the memory-bandwidth floor); Krum's pairwise
 * distances in GFLOP/s (3 flops per coordinate per pair: subtract, multiply, add).
 * `node --import tsx bench/gars.ts [--json] [--quick]`.
 */
import { GARS, PRE_AGGREGATORS } from '../src/gars/index.ts';
import { pairwiseSquaredDistances } from '../src/gars/linalg.ts';
import type { GarContext } from '../src/gars/types.ts';
import { normal, stream } from '../src/sim/rng.ts';
import { asJson, emit } from './_report.ts';

const quick = process.argv.includes('--quick');
const LINEAR = new Set(['average', 'median', 'trimmed-mean', 'meamed', 'phocas', 'centered-clip', 'clip', 'arc', 'bucketing']);

function makeInputs(n: number, d: number): Float32Array[] {
  const rng = stream(1, `bench/gars/${n}x${d}`);
  const center = Float32Array.from({ length: d }, () => normal(rng));
  return Array.from({ length: n }, () => {
    const x = new Float32Array(d);
    for (let k = 0; k < d; k++) x[k] = center[k] + 0.1 * normal(rng);
    return x;
  });
}

/** Fastest of the reps after one warm-up (the least disturbed by the other jobs on a shared machine), at most budgetMs of measuring. */
function time(fn: () => unknown, budgetMs = quick ? 300 : 1500, maxReps = 7): number {
  fn();
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < maxReps && (samples.length < 2 || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return Math.min(...samples);
}

let sink = 0;
function plainSum(xs: Float32Array[]): number {
  let s = 0;
  for (const x of xs) {
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    const d = x.length;
    let k = 0;
    for (; k + 3 < d; k += 4) {
      s0 += x[k];
      s1 += x[k + 1];
      s2 += x[k + 2];
      s3 += x[k + 3];
    }
    for (; k < d; k++) s0 += x[k];
    s += s0 + s1 + s2 + s3;
  }
  return s;
}

/** The f: 5 at n=11 (10 at n=50), lowered only for an n-vs-f bound (Krum 4, Bulyan 2), never for MDA/SMEA's search limit. */
function largestF(name: string, n: number): number {
  const cap = n === 11 ? 5 : 10;
  const rule = (GARS.get(name) ?? PRE_AGGREGATORS.get(name))!;
  for (let f = cap; f >= 0; f--) if (!/needs n ≥/.test(rule.check(n, f, {}) ?? '')) return f;
  return 0;
}

for (const [n, d] of [[11, 1_000_000], [50, 100_000]] as const) {
  const xs = makeInputs(n, d);
  const floor = time(() => (sink += plainSum(xs)));
  emit({ name: `gars/n${n}_d${d}/plain-sum (floor)`, value: floor, unit: 'ms' });
  const pairs = (n * (n - 1)) / 2;
  const pd = time(() => pairwiseSquaredDistances(xs));
  emit({ name: `gars/n${n}_d${d}/pairwise-distances`, value: (3 * pairs * d) / (pd * 1e6), unit: 'GFLOP/s' });
  for (const [name, gar] of [...GARS, ...PRE_AGGREGATORS]) {
    const f = largestF(name, n);
    const msg = gar.check(n, f, {});
    const label = `gars/n${n}_d${d}/${name} f=${f}`;
    if (msg) {
      if (!asJson) process.stdout.write(`${label.padEnd(48)} refused: ${msg}\n`);
      continue;
    }
    const ctx: GarContext = { f, params: {}, convention: 'paper', rng: stream(0, 'bench') };
    const run = 'aggregate' in gar ? () => gar.aggregate(xs, ctx, new Map()) : () => gar.apply(xs, ctx);
    const heavy = name === 'geometric-median' || name === 'smea' || name === 'mda' || name === 'nnm' || name === 'bulyan';
    const ms = time(run, heavy ? 1 : undefined, heavy ? 1 : 7);
    emit(LINEAR.has(name) ? { name: label, value: ms, unit: 'ms', baseline: floor, ratio: ms / floor } : { name: label, value: ms, unit: 'ms' });
  }
}
if (sink === 42) process.stdout.write('');
