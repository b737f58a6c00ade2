/**
 * GAR speed (issues 3 and 13): at (n, d) = (11, 10⁵), (11, 10⁶), (50, 10⁵), each rule and
 * pre-aggregator at the largest f it allows (5 at n = 11, 10 at n = 50, lower only where an
 * n-vs-f bound requires it), ms per aggregation and the ratio to the floor: a WebAssembly SIMD
 * sum (f32x4) of the same n×d floats streamed the same way (block by block into the kernels'
 * memory), measured in the same run. Pre-aggregators run as inside a pipeline: into output rows
 * the pipeline lends them again on every call (row-pool.ts), as createAggregator does. Krum's pairwise distances in GFLOP/s (3 flops per coordinate
 * per pair). Then, when Debian's torch is installed (/usr/bin/python3 with `import torch`), the
 * same inputs through bench/byzfl/gars.py — ByzFL's rules as its torch code computes them, one
 * thread — against our rules under `--convention byzfl` (the same algorithm and parameters), and
 * the ratio ours ÷ torch. With --calibrate, the least-squares constants of every rule's cost law
 * (cost.ts) over the three settings, in floor values per count, to paste into the rule files.
 * `npm run bench -- gars [--json] [--quick] [--no-torch] [--calibrate]`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GARS, PRE_AGGREGATORS } from '../src/gars/index.ts';
import { RowPool } from '../src/gars/row-pool.ts';
import type { CostLaw } from '../src/gars/types.ts';
import { pairwiseSquaredDistances } from '../src/gars/linalg.ts';
import type { Convention, GarContext, Params } from '../src/gars/types.ts';
import { kernelRuntime } from '../src/gars/wasm/kernels.ts';
import { sumRows } from '../src/gars/wasm/ops.ts';
import { normal, stream } from '../src/sim/rng.ts';
import { asJson, emit } from './_report.ts';

const quick = process.argv.includes('--quick');
const calibrate = process.argv.includes('--calibrate');
const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';
const CONFIGS: readonly (readonly [number, number])[] = quick
  ? [[11, 100_000]]
  : [
      [11, 100_000],
      [11, 1_000_000],
      [50, 100_000],
    ];
/** Rules timed once (after no warm-up): exponential or iterative searches, and O(n²d) mixing. */
const HEAVY = new Set(['geometric-median', 'smea', 'mda', 'nnm', 'bulyan']);
/** ByzFL's rules (byzfl/aggregators) and the parameters both sides use; bulyan and phocas have no ByzFL counterpart. */
const BYZFL: Readonly<Record<string, Params>> = {
  average: {},
  median: {},
  'trimmed-mean': {},
  'geometric-median': {},
  krum: {},
  'multi-krum': {},
  'centered-clip': {},
  mda: {},
  meamed: {},
  smea: {},
  nnm: {},
  bucketing: { s: 2 },
  clip: { c: 2 },
  arc: {},
};

function makeInputs(n: number, d: number): Float32Array[] {
  const rng = stream(1, `bench/gars/${n}x${d}`);
  const center = Float32Array.from({ length: d }, () => normal(rng));
  return Array.from({ length: n }, () => {
    const x = new Float32Array(d);
    for (let k = 0; k < d; k++) x[k] = center[k] + 0.1 * normal(rng);
    return x;
  });
}

/** Fastest of the reps after one warm-up (the least disturbed by other jobs on a shared machine), at most budgetMs of measuring. */
function time(fn: () => unknown, heavy = false): number {
  if (heavy) {
    const t0 = performance.now(); // wall-clock-ok: a benchmark
    fn();
    return performance.now() - t0; // wall-clock-ok
  }
  const budgetMs = quick ? 300 : 1500;
  fn();
  const samples: number[] = [];
  const start = performance.now(); // wall-clock-ok
  while (samples.length < 7 && (samples.length < 2 || performance.now() - start < budgetMs)) {
    const t0 = performance.now(); // wall-clock-ok
    fn();
    samples.push(performance.now() - t0); // wall-clock-ok
  }
  return Math.min(...samples);
}

/** The largest f ≤ cap (5 at n = 11, 10 at n = 50) the rule's n-vs-f bound allows under the convention (never lowered for MDA/SMEA's search limit). */
function largestF(name: string, n: number, convention: Convention): number {
  const cap = n === 11 ? 5 : 10;
  const rule = (GARS.get(name) ?? PRE_AGGREGATORS.get(name))!;
  for (let f = cap; f >= 0; f--) if (!/needs /.test(rule.check(n, f, {}, convention) ?? '')) return f;
  return 0;
}

/** One call of the rule; a pre-aggregator runs as a pipeline step does, into rows lent again on every call (row-pool.ts). */
function runRule(name: string, xs: Float32Array[], f: number, params: Params, convention: Convention): () => unknown {
  const ctx: GarContext = { f, params, convention, rng: stream(0, 'bench') };
  const gar = GARS.get(name);
  if (gar) return () => gar.aggregate(xs, ctx, new Map());
  const pre = PRE_AGGREGATORS.get(name)!;
  const lent = { ...ctx, pool: new RowPool() };
  return () => pre.apply(xs, lent);
}

interface TorchTime {
  rule: string;
  f: number;
  list_ms: number;
  tensor_ms: number;
}

/** ByzFL's torch times on the same inputs, or a reason why there are none. */
function torchTimes(xs: Float32Array[], rules: [string, number][]): TorchTime[] | string {
  if (process.argv.includes('--no-torch')) return 'skipped (--no-torch)';
  if (!existsSync(PYTHON) || spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status !== 0) {
    return `skipped: ${PYTHON} with torch not found (apt-get install -y python3-torch)`;
  }
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-gars-'));
  try {
    const file = join(dir, 'x.f32');
    const all = new Float32Array(xs.length * xs[0].length);
    xs.forEach((x, i) => all.set(x, i * x.length));
    writeFileSync(file, new Uint8Array(all.buffer));
    const args = [
      join(here, 'byzfl', 'gars.py'),
      '--file',
      file,
      '--n',
      String(xs.length),
      '--d',
      String(xs[0].length),
      '--rules',
      rules.map(([r, f]) => `${r}:${f}`).join(','),
      '--heavy',
      [...HEAVY].join(','),
      '--budget-ms',
      quick ? '300' : '1500',
    ];
    const r = spawnSync(PYTHON, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) return `failed: ${r.stderr.trim().split('\n').pop()}`;
    return r.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as TorchTime);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One measured call, in floor values (ms ÷ the floor's ms per value), with the law's counts at that setting. */
interface Sample {
  n: number;
  d: number;
  y: number;
  counts: number[];
}
const samples = new Map<string, Sample[]>();

function record(name: string, law: CostLaw, n: number, f: number, d: number, ms: number, floorMs: number): void {
  const y = ms / (floorMs / (n * d));
  const counts = law.terms.map((t) => t.count(n, f, d, {}, 'paper'));
  samples.set(name, [...(samples.get(name) ?? []), { n, d, y, counts }]);
}

/** Least squares on relative errors, constants kept positive (a term whose fit is ≤ 0 is refitted alone). */
function fitConstants(ss: Sample[], terms: number): number[] {
  const solve = (use: number[]): number[] => {
    const k = use.length;
    const a = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    const b = new Array<number>(k).fill(0);
    for (const s of ss) {
      for (let i = 0; i < k; i++) {
        b[i] += (s.counts[use[i]] * s.y) / (s.y * s.y);
        for (let j = 0; j < k; j++) a[i][j] += (s.counts[use[i]] * s.counts[use[j]]) / (s.y * s.y);
      }
    }
    if (k === 1) return [b[0] / a[0][0]];
    const det = a[0][0] * a[1][1] - a[0][1] * a[1][0];
    return [(b[0] * a[1][1] - b[1] * a[0][1]) / det, (a[0][0] * b[1] - a[1][0] * b[0]) / det];
  };
  if (terms === 1) return solve([0]);
  const both = solve([0, 1]);
  if (both.every((c) => c > 0 && Number.isFinite(c))) return both;
  // one term explains the data: the best single-term fit, the other term at 1 % of its share
  const c0 = solve([0])[0];
  return [c0, (0.01 * c0 * ss[0].counts[0]) / Math.max(1, ss[0].counts[1])];
}

const note = (text: string) => {
  if (!asJson) process.stdout.write(`${text}\n`);
};

const rt = kernelRuntime();
if (!rt) throw new Error('bench/gars needs WebAssembly SIMD');
// warm every kernel up (V8 tiers wasm up lazily) on a small input before timing anything
for (const [name] of [...GARS, ...PRE_AGGREGATORS]) {
  const xs = makeInputs(11, 5000);
  for (const convention of ['paper', 'byzfl'] as const)
    if (!GARS.get(name)?.check(11, 2, {}, convention)) runRule(name, xs, 2, BYZFL[name] ?? {}, convention)();
}

for (const [n, d] of CONFIGS) {
  const xs = makeInputs(n, d);
  const tag = `gars/n${n}_d${d}`;
  let sink = 0;
  const floor = time(() => (sink += sumRows(rt, xs)));
  emit({ name: `${tag}/simd-sum (floor)`, value: floor, unit: 'ms' });
  emit({ name: `${tag}/floor per value`, value: (floor * 1e6) / (n * d), unit: 'ns' });
  const pairs = (n * (n - 1)) / 2;
  const pd = time(() => pairwiseSquaredDistances(xs));
  emit({ name: `${tag}/pairwise-distances`, value: (3 * pairs * d) / (pd * 1e6), unit: 'GFLOP/s' });
  for (const [name, rule] of [...GARS, ...PRE_AGGREGATORS]) {
    const f = largestF(name, n, 'paper');
    const msg = rule.check(n, f, {}, 'paper');
    if (msg) {
      note(`${`${tag}/${name} f=${f}`.padEnd(48)} refused: ${msg}`);
      continue;
    }
    const local = time(() => (sink += sumRows(rt, xs))); // the floor again, next to the rule: ratios survive a changing load
    const ms = time(runRule(name, xs, f, {}, 'paper'), HEAVY.has(name));
    emit({ name: `${tag}/${name} f=${f}`, value: ms, unit: 'ms', baseline: local, ratio: ms / local });
    record(name, rule.cost, n, f, d, ms, local);
  }
  const rules = Object.keys(BYZFL)
    .map((name) => [name, largestF(name, n, 'byzfl')] as [string, number])
    .filter(([name, f]) => !(GARS.get(name) ?? PRE_AGGREGATORS.get(name))!.check(n, f, BYZFL[name], 'byzfl'));
  const torch = torchTimes(xs, rules);
  if (typeof torch === 'string') {
    note(`${tag}/byzfl torch: ${torch}`);
    continue;
  }
  for (const t of torch) {
    const ms = time(runRule(t.rule, xs, t.f, BYZFL[t.rule], 'byzfl'), HEAVY.has(t.rule));
    emit({ name: `${tag}/${t.rule} f=${t.f} byzfl vs torch (list)`, value: ms, unit: 'ms', baseline: t.list_ms, ratio: ms / t.list_ms });
    emit({ name: `${tag}/${t.rule} f=${t.f} byzfl vs torch (stacked tensor)`, value: ms, unit: 'ms', baseline: t.tensor_ms, ratio: ms / t.tensor_ms });
  }
  if (sink === 42) note('');
}

if (calibrate) {
  for (const [name, rule] of [...GARS, ...PRE_AGGREGATORS]) {
    const ss = samples.get(name);
    if (!ss) continue;
    const constants = fitConstants(ss, rule.cost.terms.length);
    rule.cost.terms.forEach((t, i) => emit({ name: `gars/cost/${name}/${t.label}`, value: constants[i], unit: 'floor values per count' }));
    for (const s of ss) {
      const predicted = s.counts.reduce((acc, c, i) => acc + c * constants[i], 0);
      note(
        `  ${name} n=${s.n} d=${s.d}: measured ${s.y.toExponential(3)}, law ${predicted.toExponential(3)} floor values (${((predicted / s.y - 1) * 100).toFixed(0)} %)`,
      );
    }
  }
}
