/**
 * Cost of drawing a report: CPU time (user + system of this process) of `writeReport` on a
 * synthetic run directory the size of a seed-000 figure with seeds — 24 configurations × 3 seeds
 * × 300 steps (`--steps`, `--seeds` change it) — as SVG only, and as SVG + PNG, against reading
 * the run directory alone (the baseline: what any report must pay). Median of `--reps` (default 3).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReport } from '../src/report/index.ts';
import { readRuns } from '../src/report/read.ts';
import { emit } from './_report.ts';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const STEPS = arg('--steps', 300);
const SEEDS = arg('--seeds', 3);
const REPS = arg('--reps', 3);

/** 3 variants × 2 ε × 4 batch sizes, each under SEEDS seeds: plan.json with cells, metrics.jsonl per run. */
function runDirectory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-bench-report-'));
  const runs: Record<string, unknown>[] = [];
  for (const variant of ['average (no attack)', 'MDA vs ALIE', 'MDA vs FoE'])
    for (const epsilon of ['Infinity', 0.2])
      for (const batch of [10, 50, 100, 500])
        for (let seed = 1; seed <= SEEDS; seed++) {
          const cell = `${variant}-${epsilon}-${batch}`.replace(/[^A-Za-z0-9.=-]+/g, '_');
          const slug = `${cell}-seed=${seed}`;
          runs.push({ slug, label: slug, variant, grid: { 'workers.privacy.params.epsilon': epsilon, 'workers.batch': batch }, seed, cell });
          mkdirSync(join(dir, slug));
          const lines: string[] = [];
          for (let step = 0; step < STEPS; step++) {
            const acc = (0.9 - 0.3 * Number(variant !== 'average (no attack)')) * (1 - Math.exp(-step / (batch / 5 + 20))) + 0.01 * seed;
            lines.push(
              JSON.stringify({
                step,
                timeMs: 3 * step + seed,
                trainLoss: 2.3 * Math.exp(-step / 50) + 0.01 * seed,
                ...(step % 10 === 9 ? { testAccuracy: acc } : {}),
                used: 6,
                byzantineUsed: 0,
                timedOut: false,
                vnRatio: 1 + 0.1 * Math.sin(step + seed),
                sent: 22 * step,
                delivered: 22 * step,
                dropped: 0,
                duplicated: 0,
                stale: 0,
                faulty: 0,
              }),
            );
          }
          writeFileSync(join(dir, slug, 'metrics.jsonl'), lines.join('\n') + '\n');
          writeFileSync(join(dir, slug, 'done.json'), JSON.stringify({ steps: STEPS, stalled: false, backend: 'wasm', kF: 0.42 }));
        }
  const report = { x: 'step', panels: ['workers.privacy.params.epsilon', 'workers.batch'], summary: 'workers.batch' };
  writeFileSync(join(dir, 'plan.json'), JSON.stringify({ name: 'bench', report, seeds: Array.from({ length: SEEDS }, (_, i) => i + 1), runs }));
  return dir;
}

function cpuMs(f: () => void): number {
  const xs: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const before = process.cpuUsage();
    f();
    const d = process.cpuUsage(before);
    xs.push((d.user + d.system) / 1000);
  }
  return xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

const dir = runDirectory();
const label = `${24 * SEEDS} runs × ${STEPS} steps`;
const read = cpuMs(() => readRuns(dir));
emit({ name: `read the run directory (${label})`, value: read, unit: 'ms CPU' });
const svg = cpuMs(() => writeReport(dir, { formats: ['svg'] }));
emit({ name: 'report, SVG + CSV + index.html', value: svg, unit: 'ms CPU', baseline: read, ratio: svg / read });
const png = cpuMs(() => writeReport(dir, { formats: ['svg', 'png'] }));
emit({ name: 'report, SVG + PNG + CSV + index.html', value: png, unit: 'ms CPU', baseline: svg, ratio: png / svg });
