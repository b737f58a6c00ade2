import test from 'ava';
import { BLOCK, ROW, batcherNetwork, columnSorter, pruneNetwork } from '../../src/gars/column-sort.ts';
import { coordinateMedian } from '../../src/gars/median.ts';
import { coordinateTrimmedMean } from '../../src/gars/trimmed-mean.ts';
import { normal, stream } from '../../src/sim/rng.ts';

test('the pruned Batcher network sorts every 0/1 input for n ≤ 14 (0–1 principle)', (t) => {
  for (let n = 1; n <= 14; n++) {
    const net = batcherNetwork(n);
    for (let m = 0; m < 1 << n; m++) {
      const a = Array.from({ length: n }, (_, i) => (m >> i) & 1);
      for (const [p, q] of net) if (a[p] > a[q]) [a[p], a[q]] = [a[q], a[p]];
      for (let i = 1; i < n; i++) if (a[i - 1] > a[i]) return t.fail(`n=${n}, input ${m}`);
    }
  }
  t.pass();
});

test('networks pruned to the median or trimmed-mean wires still put the right values there (0–1 principle)', (t) => {
  for (let n = 2; n <= 12; n++) {
    for (const [lo, hi] of [
      [(n - 1) >> 1, n >> 1],
      [1, n - 2],
    ]) {
      if (lo > hi) continue;
      const net = pruneNetwork(batcherNetwork(n), lo, hi);
      for (let m = 0; m < 1 << n; m++) {
        const a = Array.from({ length: n }, (_, i) => (m >> i) & 1);
        const sorted = [...a].sort((x, y) => x - y);
        for (const [p, q] of net) if (a[p] > a[q]) [a[p], a[q]] = [a[q], a[p]];
        for (let w = lo; w <= hi; w++) if (a[w] !== sorted[w]) return t.fail(`n=${n} wires ${lo}..${hi} input ${m}`);
      }
    }
  }
  t.pass();
});

test('the SIMD column sorter sorts every column exactly, including ±∞, ties and a ragged last block', (t) => {
  for (const n of [2, 5, 11, 50, 67]) {
    const sorter = columnSorter(n);
    if (!sorter) return t.log('WebAssembly SIMD unavailable: fallback path only');
    const rng = stream(n, 'cs');
    const d = BLOCK + 37;
    const xs = Array.from({ length: n }, () =>
      Float32Array.from({ length: d }, () => (rng() < 0.05 ? (rng() < 0.5 ? Infinity : -Infinity) : Math.round(4 * normal(rng)) / 4)),
    );
    for (let k0 = 0; k0 < d; k0 += BLOCK) {
      const len = Math.min(BLOCK, d - k0);
      sorter.sortBlock(xs, k0, len);
      for (let b = 0; b < len; b++) {
        const col = xs.map((x) => x[k0 + b]).sort((a, c) => a - c);
        for (let r = 0; r < n; r++) if (sorter.rows[r * ROW + b] !== col[r]) return t.fail(`n=${n} k=${k0 + b} row ${r}`);
      }
    }
  }
  t.pass();
});

test('float32 (SIMD) and float64 (quickselect) paths of median and trimmed mean agree', (t) => {
  for (const [n, f] of [
    [11, 5],
    [12, 3],
    [50, 10],
  ]) {
    const rng = stream(n, 'paths');
    const rows = Array.from({ length: n }, () => Array.from({ length: 2100 }, () => normal(rng)));
    const f32 = rows.map((r) => Float32Array.from(r));
    const f64 = f32.map((r) => Float64Array.from(r));
    const a = coordinateMedian(f32);
    const b = coordinateMedian(f64);
    t.true(
      a.every((v, k) => v === Math.fround(b[k])),
      `median n=${n}`,
    );
    const c = coordinateTrimmedMean(f32, f);
    const e = coordinateTrimmedMean(f64, f);
    t.true(
      c.every((v, k) => Math.abs(v - e[k]) <= 1e-6 * Math.max(1, Math.abs(e[k]))),
      `trimmed mean n=${n}`,
    );
  }
});

test('MeaMed and Phocas: the float32 window path agrees with the float64 index path on tie-free data', async (t) => {
  const { meanAroundCenter } = await import('../../src/gars/meamed.ts');
  for (const [n, f] of [
    [11, 5],
    [12, 3],
    [50, 10],
  ]) {
    const rng = stream(n, 'meamed');
    const rows = Array.from({ length: n }, () => Array.from({ length: 1500 }, () => normal(rng) * (rng() < 0.1 ? 1e3 : 1)));
    const f32 = rows.map((r) => Float32Array.from(r));
    const f64 = f32.map((r) => Float64Array.from(r));
    for (const center of ['median', 'trimmed-mean'] as const) {
      const a = meanAroundCenter(f32, f, center);
      const b = meanAroundCenter(f64, f, center);
      t.true(
        a.every((v, k) => Math.abs(v - b[k]) <= 1e-6 * Math.max(1, Math.abs(b[k]))),
        `${center} n=${n}`,
      );
    }
  }
});
