/** The shared attack statistics: the same bits as stats.ts, taken once per array. */
import test from 'ava';
import { mean, std } from '../../src/attacks/stats.ts';
import { sharedMean, sharedStd } from '../../src/attacks/step-stats.ts';
import { alieVector } from '../../src/attacks/alie.ts';
import { foeVector } from '../../src/attacks/foe.ts';

const honest = [Float32Array.of(1, 2, 3), Float32Array.of(4, 5, 6.5), Float32Array.of(7, 8, 9.25)];

test('sharedMean and sharedStd equal mean and std, and are computed once per array and ddof', (t) => {
  t.deepEqual(sharedMean(honest), mean(honest));
  t.deepEqual(sharedStd(honest, 1), std(honest, 1));
  t.deepEqual(sharedStd(honest, 0), std(honest, 0));
  t.is(sharedMean(honest), sharedMean(honest));
  t.is(sharedStd(honest, 1), sharedStd(honest, 1));
  t.not(sharedMean(honest), sharedMean([...honest])); // another array: its own
});

test('FoE and ALIE leave the shared mean as it was and return fresh vectors', (t) => {
  const before = Float32Array.from(sharedMean(honest));
  const a = foeVector(honest, 2);
  const b = foeVector(honest, 2);
  t.not(a, b);
  t.deepEqual(a, b);
  t.deepEqual(sharedMean(honest), before);
  t.not(alieVector(honest, 1), alieVector(honest, 1));
  t.deepEqual(Array.from(a), [-8, -10, Math.fround(-2 * Math.fround(18.75 / 3))]);
});
