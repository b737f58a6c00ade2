/**
 * Lent output rows (row-pool.ts): a bound pipeline reuses its pre-aggregation steps' rows from
 * call to call; every call must still equal a fresh one-shot evaluation, never mutate its inputs,
 * and never return a row that a later call overwrites.
 */
import test from 'ava';
import { applySteps } from '../../src/gars/apply.ts';
import { createAggregator, parsePipeline } from '../../src/gars/index.ts';
import { RowPool } from '../../src/gars/row-pool.ts';
import { stream } from '../../src/sim/rng.ts';

function rows(seed: number, n: number, d: number): Float32Array[] {
  let s = seed;
  const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5;
  return Array.from({ length: n }, (_, i) => Float32Array.from({ length: d }, () => (i % 4 === 0 ? 0.01 : 3) * next()));
}

for (const pipeline of ['clip → average', 'arc → trimmed-mean', 'bucketing → clip → average', 'nnm → arc → median', 'clip → centered-clip']) {
  test(`${pipeline}: repeated calls with lent rows equal fresh evaluations, inputs untouched, results kept intact`, (t) => {
    const steps = parsePipeline(pipeline);
    const bound = createAggregator(steps, 2, stream(3, 'pool'), 'paper');
    const fresh = stream(3, 'pool');
    const state = new Map<string, unknown>();
    const kept: [Float32Array, number[]][] = [];
    for (let call = 0; call < 4; call++) {
      const xs = rows(call + 1, 9, 1000 + call);
      const copies = xs.map((x) => Array.from(x));
      const got = bound.aggregate(xs);
      const want = applySteps(steps, xs, { f: 2, rng: fresh, state }) as Float32Array;
      t.deepEqual(Array.from(got), Array.from(want));
      t.true(xs.every((x, i) => x.every((v, k) => v === copies[i][k])));
      kept.push([got, Array.from(got)]);
    }
    t.true(kept.every(([row, values]) => row.every((v, k) => v === values[k])));
  });
}

test('RowPool.take reuses rows of the same type and length, and starts over otherwise', (t) => {
  const pool = new RowPool();
  const a = pool.take(new Float32Array(5), 3);
  t.is(pool.take(new Float32Array(5), 2)[1], a[1]);
  t.not(pool.take(new Float32Array(6), 1)[0], a[0]);
  t.true(pool.take(new Float64Array(6), 1)[0] instanceof Float64Array);
});
