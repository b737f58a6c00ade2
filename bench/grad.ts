/**
 * bench/grad — how fast gradients are on each backend, and what the pool buys.
 *
 *   node --import tsx bench/grad.ts [--json] [--quick] [--only grad|round|memory]
 *
 * 1. ms per gradient (and achieved GFLOP/s against the model's `flopsPerExample`) for
 *    logistic regression, the MLP 784-100-10 and the seed-000 CNN (32, 64 filters) at batch
 *    1, 32 and 500, on: cpu as shipped, cpu with our kernels, wasm as shipped, wasm with our
 *    kernels (src/learn/kernels), and tfjs-node when it is installed. "Shipped" and "ours"
 *    differ in the kernels only: the dense models' hand-written backward pass (gradient.ts)
 *    runs in every configuration. A configuration whose
 *    predicted time exceeds a few seconds (from the smaller batch) is skipped with a note.
 * 2. steps/s of an 11-worker synchronous round (every worker's gradient at the same
 *    parameters, then their mean applied): one thread vs the pool on every core, and for
 *    the MLP one-at-a-time vs batched (same-tick gradients stacked into one pass).
 * 3. peak resident memory of a 100-worker round at d ≈ 10⁶ on the pool (issue: < 2 GiB).
 *
 * With --json, one JSON object per line per figure: {name, value, unit, baseline?, ratio?}
 * (bench/_report.ts). `ratio` is the speed-up (> 1: faster) over `baseline`, the value of:
 * cpu-shipped for cpu-ours and wasm-shipped; wasm-shipped for wasm-ours (else cpu-ours,
 * else cpu-shipped: wasm as shipped cannot run the CNN); wasm-ours for tensorflow; the
 * 1-thread one-at-a-time round for the other rounds. Notes (skips) go to stderr. Inputs are random (speed does not depend on the digits); timings are wall
 * clock on a shared machine: compare ratios within one run.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as tfjs from '@tensorflow/tfjs';
import { emit as emitFigure, type Figure } from './_report.ts';
import { tf, useBackend } from '../src/learn/backend.ts';
import { gradient } from '../src/learn/gradient.ts';
import { initParams, type ModelDef } from '../src/learn/model.ts';
import { registerFastKernels, restoreShippedKernels } from '../src/learn/kernels/index.ts';
import { buildModel, createEngine, resolveThreads, type GradientEngine, type ModelSpec } from '../src/learn/engine.ts';

const QUICK = process.argv.includes('--quick');
/** `--only grad|round|memory`: one part of the bench. */
const ONLY = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const BUDGET_MS = QUICK ? 300 : 800; // per timed configuration
const SKIP_ABOVE_MS = QUICK ? 2000 : 6000; // predicted single-gradient time that we skip

/** A figure, and the name of the figure it is compared with (if that one ran). */
interface Pending extends Figure {
  vs?: string;
}
const figures = new Map<string, Figure>();
const notes: string[] = [];

function emit(f: Pending): void {
  const { vs, ...fig } = f;
  const b = vs === undefined ? undefined : figures.get(vs);
  if (b) {
    fig.baseline = b.value;
    fig.ratio = round(f.unit === 'ms' ? b.value / f.value : f.value / b.value, 3);
  }
  figures.set(fig.name, fig);
  emitFigure(fig);
}

function note(s: string): void {
  notes.push(s);
  console.error(`note: ${s}`);
}

const round = (v: number, digits = 2) => Number(v.toPrecision(digits + 2));

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

/** Mean wall time of `f` in ms: one warm-up, then as many runs as fit the budget (≥ 1). */
function timeMs(f: () => void): number {
  f();
  let t = performance.now();
  f();
  const first = performance.now() - t;
  if (first > BUDGET_MS) return first;
  const reps = Math.max(2, Math.min(200, Math.floor(BUDGET_MS / Math.max(first, 0.01))));
  t = performance.now();
  for (let i = 0; i < reps; i++) f();
  return (performance.now() - t) / reps;
}

const IMAGES = { features: 784, shape: [28, 28, 1], classes: 10 };
const SPECS: Record<string, ModelSpec> = {
  logreg: { name: 'logreg', options: {}, data: IMAGES },
  svm: { name: 'svm', options: {}, data: { features: 68, shape: [68], classes: 2 } },
  mlp: { name: 'mlp', options: { hidden: [100] }, data: IMAGES },
  cnn: { name: 'cnn', options: { filters: [32, 64] }, data: IMAGES },
};
const BATCHES = [1, 32, 500];

interface Config {
  readonly label: string;
  readonly backend: string;
  readonly ours: boolean;
  /** Labels of the configurations to compare with, first that ran. */
  readonly baseline: readonly string[];
}

async function configs(): Promise<Config[]> {
  await useBackend('cpu');
  await useBackend('wasm');
  const list: Config[] = [
    { label: 'cpu-shipped', backend: 'cpu', ours: false, baseline: [] },
    { label: 'cpu-ours', backend: 'cpu', ours: true, baseline: ['cpu-shipped'] },
    { label: 'wasm-shipped', backend: 'wasm', ours: false, baseline: ['cpu-shipped'] },
    { label: 'wasm-ours', backend: 'wasm', ours: true, baseline: ['wasm-shipped', 'cpu-ours', 'cpu-shipped'] },
  ];
  try {
    await useBackend('tensorflow');
    list.push({ label: 'tensorflow', backend: 'tensorflow', ours: false, baseline: ['wasm-ours'] });
  } catch {
    note('tfjs-node is not installed here: no tensorflow figures');
  }
  return list;
}

async function perGradient(): Promise<void> {
  for (const c of await configs()) {
    await tf.setBackend(c.backend);
    if (c.ours) registerFastKernels(c.backend);
    else restoreShippedKernels(c.backend);
    for (const [key, spec] of Object.entries(SPECS)) {
      const def = buildModel(spec);
      let lastMs = 0;
      let lastB = 0;
      for (const b of BATCHES) {
        const name = `grad/${key}/b${b}/${c.label}`;
        const predicted = lastMs * (b / lastB);
        if (lastB && predicted > SKIP_ABOVE_MS) {
          note(`${name} skipped: ≈ ${(predicted / 1000).toFixed(0)} s per gradient predicted from batch ${lastB}`);
          continue;
        }
        const ms = timeGradient(def, b);
        if (typeof ms === 'string') {
          note(`${name} does not run: ${ms}`);
          break;
        }
        [lastMs, lastB] = [ms, b];
        const base = c.baseline.map((l) => `grad/${key}/b${b}/${l}`).find((n) => figures.has(n));
        emit({ name, value: round(ms, 3), unit: 'ms', vs: base });
        emit({ name: `gflops/${key}/b${b}/${c.label}`, value: round((def.flopsPerExample * b) / ms / 1e6, 2), unit: 'GFLOP/s' });
      }
    }
    registerFastKernels(c.backend);
  }
}

function timeGradient(def: ModelDef, b: number): number | string {
  const rng = lcg(b);
  const params = initParams(def, rng);
  const features = def.inputShape.reduce((a, c) => a * c, 1);
  const classes = def.outputs > 1 ? def.outputs : 2;
  const x = Float32Array.from({ length: b * features }, rng);
  const y = Int32Array.from({ length: b }, () => Math.floor(rng() * classes));
  try {
    return timeMs(() => gradient(tf, def, params, x, y));
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}

/**
 * Steps per second of `steps` synchronous rounds of n workers at batch b, and the cores
 * the process kept busy meanwhile (CPU time / wall time: about the pool size when the
 * machine has free cores; the kernel's autogroup scheduling gives a busy machine's process
 * one fair share whatever its thread count).
 */
async function roundsPerSecond(engine: GradientEngine, n: number, b: number, steps: number): Promise<{ rate: number; cores: number }> {
  const rng = lcg(7);
  const params = initParams(engine.model, rng);
  const batches = Array.from({ length: n }, () => ({
    x: Float32Array.from({ length: b * 784 }, rng),
    y: Int32Array.from({ length: b }, () => Math.floor(rng() * 10)),
  }));
  const step = async () => {
    const gs = await Promise.all(batches.map((j) => engine.gradient(params, j.x, j.y)));
    for (const g of gs) for (let k = 0; k < params.length; k++) params[k] -= (0.01 / n) * g.grad[k];
  };
  await step();
  const t = performance.now();
  const cpu0 = process.cpuUsage();
  for (let s = 0; s < steps; s++) await step();
  const wallMs = performance.now() - t;
  const cpu = process.cpuUsage(cpu0);
  return { rate: steps / (wallMs / 1000), cores: (cpu.user + cpu.system) / 1000 / wallMs };
}

/**
 * The configurations are measured in alternation, TRIALS times, keeping each one's best:
 * on a shared machine the other tenants' load comes and goes, and alternating gives every
 * configuration the same chances.
 */
async function rounds(): Promise<void> {
  const cores = resolveThreads('auto');
  const [n, b] = [11, 32];
  const TRIALS = QUICK ? 1 : 3;
  if (cores < 2) note('one core: no pool figures');
  for (const [key, steps] of [
    ['mlp', QUICK ? 10 : 20],
    ['cnn', QUICK ? 1 : 2],
  ] as const) {
    // Stacking same-parameter gradients applies to dense models only (gradient.ts).
    const configs: { name: string; engine: GradientEngine }[] = [];
    for (const threads of cores < 2 ? [1] : [1, cores]) {
      for (const coalesce of key === 'cnn' ? [false] : [false, true]) {
        const name = `round/${key}/n${n}/b${b}/${threads === 1 ? '1-thread' : `pool-${threads}`}${coalesce ? '-batched' : ''}`;
        configs.push({ name, engine: await createEngine(SPECS[key], { threads, coalesce }) });
      }
    }
    const best = new Map<string, { rate: number; cores: number }>();
    for (let trial = 0; trial < TRIALS; trial++) {
      for (const c of configs) {
        const r = await roundsPerSecond(c.engine, n, b, steps);
        if (r.rate > (best.get(c.name)?.rate ?? 0)) best.set(c.name, r);
      }
    }
    const base = configs[0].name;
    for (const c of configs) {
      const r = best.get(c.name)!;
      emit({ name: c.name, value: round(r.rate, 3), unit: 'steps/s', vs: c.name === base ? undefined : base });
      emit({ name: `${c.name}/busy-cores`, value: round(r.cores, 2), unit: 'cores' });
      // CPU time per step: the work itself, which a busy machine does not inflate much.
      const cpuMs = (r.cores * 1000) / r.rate;
      emit({ name: `${c.name}/cpu-ms-per-step`, value: round(cpuMs, 3), unit: 'ms', vs: c.name === base ? undefined : `${base}/cpu-ms-per-step` });
      await c.engine.close();
    }
  }
}

/** Run `memory` in a fresh process: this one's heaps have grown with the figures before. */
function memoryInChild(): void {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--only', 'memory', '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  for (const line of out.split('\n')) if (line.startsWith('{')) emit(JSON.parse(line) as Figure);
}

/** Peak resident memory of a 100-worker round at d ≈ 10⁶ (MLP 784-1270-10) on the pool. */
async function memory(): Promise<void> {
  const spec: ModelSpec = { name: 'mlp', options: { hidden: [1270] }, data: IMAGES };
  const threads = resolveThreads('auto');
  const engine = await createEngine(spec, { threads });
  let peak = 0;
  const rng = lcg(9);
  let params = initParams(engine.model, rng);
  const batches = Array.from({ length: 100 }, () => ({
    x: Float32Array.from({ length: 32 * 784 }, rng),
    y: Int32Array.from({ length: 32 }, () => Math.floor(rng() * 10)),
  }));
  for (let step = 0; step < (QUICK ? 1 : 2); step++) {
    const gs = await Promise.all(batches.map((j) => engine.gradient(params, j.x, j.y)));
    params = params.map((v, k) => v - 1e-4 * gs.reduce((a, g) => a + g.grad[k], 0));
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  await engine.close();
  emit({ name: `memory/mlp-d1e6/n100/b32/${threads === 1 ? '1-thread' : `pool-${threads}`}/peak-rss`, value: Math.round(peak / 2 ** 20), unit: 'MiB' });
}

const t0 = performance.now();
tfjs.env().set('PROD', true);
if (ONLY === undefined || ONLY === 'grad') await perGradient();
if (ONLY === undefined || ONLY === 'round') await rounds();
if (ONLY === 'memory') await memory();
if (ONLY === undefined) memoryInChild();
console.error(`bench/grad: ${((performance.now() - t0) / 1000).toFixed(0)} s, ${notes.length} notes`);
