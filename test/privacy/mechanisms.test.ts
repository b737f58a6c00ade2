import test from 'ava';
import { gaussian, gaussianStd } from '../../src/privacy/gaussian.ts';
import { PRIVACY } from '../../src/privacy/index.ts';
import { noise } from '../../src/privacy/noise.ts';
import { sparsify, sparsifyVector } from '../../src/privacy/sparsify.ts';
import { stream } from '../../src/sim/rng.ts';

test('seed-000 noise std: s = 2·G_max·√(2 ln(1.25/δ))/(b·ε) (theory sheet §5.2 values)', (t) => {
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * b;
  t.true(close(gaussianStd(0.01, 10, 0.2, 1e-6), 5.298803e-2));
  t.true(close(gaussianStd(0.01, 500, 0.2, 1e-6), 1.059761e-3));
  t.true(close(gaussianStd(0.01, 10, 0.1, 1e-6), 1.059761e-1));
  t.true(close(gaussianStd(0.01, 500, 0.5, 1e-6), 4.239042e-4));
  t.is(gaussianStd(0.01, 10, Infinity, 1e-6), 0);
});

test('gaussian mechanism clips to G_max and adds noise of the stated std', (t) => {
  const grad = new Float32Array(20000).fill(1); // norm ≈ 141
  const out = gaussian.apply(grad, { batch: 10, rng: stream(1, 'dp'), params: { gmax: 0.01, epsilon: 0.2, delta: 1e-6 } });
  const clipped = 0.01 / Math.sqrt(20000);
  let m = 0;
  let v = 0;
  for (const x of out) m += (x - clipped) / out.length;
  for (const x of out) v += (x - clipped - m) ** 2 / out.length;
  t.true(Math.abs(Math.sqrt(v) - 5.298803e-2) < 0.02 * 5.298803e-2);
  t.true(Math.abs(m) < (5 * 5.3e-2) / Math.sqrt(20000));
  t.is(grad[0], 1); // input untouched
});

test('gaussian mechanism with ε = ∞ only clips', (t) => {
  const out = gaussian.apply(Float32Array.of(3, 4), { batch: 10, rng: stream(1, 'dp'), params: { gmax: 1, epsilon: Infinity } });
  t.deepEqual(
    Array.from(out).map((x) => +x.toFixed(6)),
    [0.6, 0.8],
  );
  t.regex(gaussian.check!({ delta: 2 }) ?? '', /gaussian: delta must be in \(0, 1\)/);
});

test('sparsify prunes ⌊p·#pos⌋ positives and ⌊p·#neg⌋ negatives of smallest magnitude', (t) => {
  t.deepEqual(Array.from(sparsifyVector(Float32Array.of(5, 1, 2, -1, -4, -3, 0, 3), 0.34)), [5, 0, 2, 0, -4, -3, 0, 3]);
  const g = Float32Array.from({ length: 1000 }, (_, k) => (k % 2 ? 1 : -1) * (k + 1));
  const out = sparsify.apply(g, { batch: 1, rng: () => 0, params: {} });
  t.is(out.filter((x) => x === 0).length, 250);
  t.is(out.filter((x) => x > 0).length, 375);
  // the survivors are exactly the larger half-sorted magnitudes
  for (let k = 0; k < 1000; k++) t.is(out[k] === 0, k < 250);
});

test('privacy registry lists gaussian, sparsify and noise with valid defaults', (t) => {
  t.deepEqual([...PRIVACY.keys()], ['gaussian', 'sparsify', 'noise']);
  for (const m of PRIVACY.values()) t.is(m.check?.({}), undefined);
});

test('noise adds N(0, std²) to every coordinate, without clipping; std 0 sends the gradient unchanged', (t) => {
  const grad = new Float32Array(20000).fill(3);
  const out = noise.apply(grad, { batch: 7, rng: stream(1, 'noise'), params: { std: 0.1 } });
  let m = 0;
  let v = 0;
  for (const x of out) m += (x - 3) / out.length;
  for (const x of out) v += (x - 3 - m) ** 2 / out.length;
  t.true(Math.abs(Math.sqrt(v) - 0.1) < 0.002, `std ${Math.sqrt(v)}`);
  t.true(Math.abs(m) < (5 * 0.1) / Math.sqrt(20000), `mean ${m}`);
  t.is(grad[0], 3); // input untouched
  t.deepEqual(Array.from(noise.apply(Float32Array.of(3, -4), { batch: 1, rng: stream(1, 'noise'), params: { std: 0 } })), [3, -4]);
  t.regex(noise.check!({ std: -1 }) ?? '', /noise: std must be a finite number ≥ 0/);
});
