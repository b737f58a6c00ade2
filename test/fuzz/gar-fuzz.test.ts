import test from 'ava';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { derivedKappaBound } from '../../src/check/derived-bounds.ts';
import { buildCase } from '../../src/fuzz/arbitraries.ts';
import { fuzzGar, isUnbounded } from '../../src/fuzz/gar-fuzz.ts';
import { replayCase, writeCase } from '../../src/fuzz/replay.ts';

test('fuzz finds an unbounded ratio for Krum mis-parameterised at n = 2f+1 (forced with unsafe), and writes a replayable case', (t) => {
  const r = fuzzGar({ rule: 'krum', n: 5, f: 2, unsafe: true, runs: 60, seed: 1 });
  t.true(r.unbounded, JSON.stringify(r.scan));
  t.true(r.scan[4].ratio > 1e4 * r.scan[0].ratio);
  t.truthy(r.violation);
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-fuzz-'));
  const file = writeCase(dir, r.violation!);
  const replay = replayCase(file);
  t.is(replay.ratio, replay.recorded);
});

test('fuzz refuses a mis-parameterised rule without unsafe', (t) => {
  t.throws(() => fuzzGar({ rule: 'krum', n: 5, f: 2, runs: 5 }), { message: /krum: needs n ≥ 2f\+3, got n=5, f=2 \(pass --unsafe/ });
});

for (const [rule, n, f] of [
  ['krum', 7, 2],
  ['median', 7, 3],
  ['trimmed-mean', 7, 2],
  ['bulyan', 11, 2],
  ['mda', 7, 2],
] as const) {
  const bound = derivedKappaBound(rule, n, f)!;
  test(`fuzz's worst ratio for ${rule} at n=${n}, f=${f} lies between f/(n−2f) and the derived κ ≤ ${bound.formula} = ${bound.value.toPrecision(4)}, within 100× of it`, (t) => {
    const r = fuzzGar({ rule, n, f, runs: 40, seed: 3, searchSteps: 60 });
    t.false(r.unbounded, JSON.stringify(r.scan));
    t.true(r.worst.ratio >= r.lowerBound - 1e-9, `below the lower bound ${r.lowerBound}`);
    t.true(r.worst.ratio <= bound.value, `above the derived bound ${bound.value}`);
    t.true(r.worst.ratio >= bound.value / 100, 'a 100× regression of this ratio would still pass');
    t.log(
      `${rule} worst ${r.worst.ratio.toPrecision(4)} (lower bound ${r.lowerBound.toPrecision(3)}, derived ${bound.value.toPrecision(4)}, recalled ${r.threshold.toPrecision(4)}: ${r.thresholdSource})`,
    );
  });
}

test('Average: the distance scan grows without bound', (t) => {
  const r = fuzzGar({ rule: 'average', n: 5, f: 1, runs: 10, seed: 1, searchSteps: 20 });
  t.true(r.unbounded);
  t.truthy(r.violation);
});

test('isUnbounded: infinite or still growing tenfold per decade at the far end', (t) => {
  t.true(
    isUnbounded([
      { t: 1, ratio: 1 },
      { t: 10, ratio: Infinity },
    ]),
  );
  t.true(
    isUnbounded([
      { t: 1, ratio: 1 },
      { t: 10, ratio: 100 },
    ]),
  );
  t.false(
    isUnbounded([
      { t: 1, ratio: 3 },
      { t: 10, ratio: 3 },
    ]),
  );
});

test('cases are reproducible from their shape', (t) => {
  const shape = { n: 7, f: 2, d: 3, attack: 'alie' as const, distanceExp: 1, spread: 1, byzantine: [0, 4], seed: 42 };
  t.deepEqual(buildCase(shape), buildCase(shape));
  t.deepEqual(buildCase(shape).honest, [1, 2, 3, 5, 6]);
});
