/**
 * bench/scale — how the per-step cost of a whole simulated run grows with the number of
 * workers: the quickstart's MLP (784-100-10 on MNIST digits) under a synchronous parameter
 * server with the average, at n = 100, 200 and 1,000 workers, in one run.
 *
 *   node --import tsx bench/scale.ts [--json] [--quick] [--n 100,200,1000] [--batch 8] [--threads 1]
 *
 * Each configuration runs STEPS steps through the real simulator (actors, links, gradient
 * oracle, engine); the wall time between the first measured step and the last, divided by the
 * steps, is the per-step cost (wall, and the process's CPU time). The batch is 8 so that n = 1,000 workers each get 9 of the
 * 9,000 training digits (a batch never exceeds a worker's share). `ratio` on the n = 1,000
 * lines is their per-step time over n = 100's (target: ≤ 11×, i.e. linear in n); per-worker
 * figures make the same point as µs per worker per step.
 *
 * With --json, one JSON object per figure per line (bench/_report.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emit } from './_report.ts';
import { planScenario } from '../src/scenario/load.ts';
import { runScenario } from '../src/sweep/run-scenario.ts';

const arg = (name: string, dflt: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : dflt);
const QUICK = process.argv.includes('--quick');
const NS = arg('--n', '100,200,1000').split(',').map(Number);
const BATCH = Number(arg('--batch', '8'));
const THREADS = arg('--threads', '1');
const WARMUP = 2;
const STEPS = WARMUP + (QUICK ? 3 : 6);

function scenario(n: number): unknown {
  return {
    name: `scale-n${n}`,
    seed: 1,
    steps: STEPS,
    evalEvery: 100_000, // one evaluation, after the last step (outside the measured steps)
    data: { name: 'mnist', train: 9000, test: 1000, partition: 'iid' },
    model: { name: 'mlp', hidden: [100] },
    workers: { n, f: 0, batch: BATCH },
    server: { gar: 'average', policy: 'sync', lr: 0.1 },
    network: { delay: { model: 'exponential', meanMs: 5, minMs: 1 }, synchrony: { mode: 'asynchronous' } },
    compute: { gradient: { fixedMs: 2, perExampleMs: 0.1 }, aggregate: { fixedMs: 0.5, perValueNs: 1 } },
    threads: THREADS === 'auto' ? 'auto' : Number(THREADS),
    backend: 'wasm',
  };
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Wall and CPU ms per step of the measured steps (after WARMUP steps) of one n. */
async function perStepMs(n: number): Promise<{ wall: number; cpu: number }> {
  const out = mkdtempSync(join(tmpdir(), 'byzsim-scale-'));
  const stamps: number[] = [];
  const cpus: number[] = [];
  try {
    await runScenario(planScenario(scenario(n), `bench/scale n=${n}`), {
      outDir: out,
      onStep: () => {
        stamps.push(performance.now());
        cpus.push(cpuMs());
      },
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  // stamps[i] is when step i ended; the measured steps are WARMUP … STEPS−2 (the last one
  // carries the final evaluation).
  const first = WARMUP - 1;
  const last = STEPS - 2;
  return { wall: (stamps[last] - stamps[first]) / (last - first), cpu: (cpus[last] - cpus[first]) / (last - first) };
}

const results = new Map<number, { wall: number; cpu: number }>();
for (const n of NS) {
  const ms = await perStepMs(n);
  results.set(n, ms);
  const base = results.get(NS[0])!;
  const vs = (k: 'wall' | 'cpu') => (n === NS[0] ? {} : { baseline: round(base[k]), ratio: round(ms[k] / base[k]) });
  emit({ name: `scale/mlp/b${BATCH}/n${n}/ms-per-step`, value: round(ms.wall), unit: 'ms', ...vs('wall') });
  // CPU time of the process per step: the work itself, which other tenants of a busy machine
  // do not inflate much.
  emit({ name: `scale/mlp/b${BATCH}/n${n}/cpu-ms-per-step`, value: round(ms.cpu), unit: 'ms', ...vs('cpu') });
  emit({ name: `scale/mlp/b${BATCH}/n${n}/us-per-worker-step`, value: round((ms.wall * 1000) / n), unit: 'µs' });
}

function round(v: number): number {
  return Number(v.toPrecision(4));
}
