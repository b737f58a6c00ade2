/**
 * The WebAssembly SIMD kernels against the scalar reference, bit for bit, on random float32 rows
 * (fast-check): sizes across the staging blocks (odd d, ragged last blocks), values spanning
 * many binades, and rows with NaN and ±∞ (a rule called directly on them must neither crash nor
 * hang, and must give what the reference gives).
 */
import test from 'ava';
import fc from 'fast-check';
import { centeredClipScalar, centeredClipStreamed } from '../../src/gars/centered-clip.ts';
import { weiszfeldScalar, weiszfeldStreamed } from '../../src/gars/geometric-median.ts';
import { meanOfScalar, meansOf, pairwiseScalar, pairwiseSquaredDistances, sqNorm, sqNorms } from '../../src/gars/linalg.ts';
import { RowPool } from '../../src/gars/row-pool.ts';
import { WHOLE_ROWS_BYTES, normScaledRows } from '../../src/gars/wasm/norm-scaled-rows.ts';
import { GARS } from '../../src/gars/index.ts';
import { krumScores } from '../../src/gars/krum.ts';
import { StreamedRows } from '../../src/gars/wasm/fixed-point.ts';
import { stream } from '../../src/sim/rng.ts';
import { kernelRuntime } from '../../src/gars/wasm/kernels.ts';
import { GRAM_MIN_N, gramRows, pairwiseDirect, scoped } from '../../src/gars/wasm/ops.ts';

const rt = kernelRuntime();

/** Same values (NaN equals NaN, +0 ≠ −0). */
function identical(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) && !(Number.isNaN(a[i]) && Number.isNaN(b[i]))) return false;
  return true;
}

/**
 * n rows of d float32 values, drawn with random signs from a small pool of magnitudes spanning
 * 2⁻⁶⁰…2¹⁰⁰ (so sums cancel exactly and catastrophically, and any change in the order of the
 * float64 operations shows in the float32 results), a few NaN / ±∞ when `special`.
 */
const rowsArb = (maxN: number, maxD: number, special: boolean) =>
  fc
    .record({ n: fc.integer({ min: 1, max: maxN }), d: fc.integer({ min: 1, max: maxD }), seed: fc.integer(), special: fc.constant(special) })
    .map(({ n, d, seed, special: sp }) => {
      let s = seed >>> 0 || 1;
      const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
      const pool = Array.from({ length: 6 }, () => (1 + next()) * 2 ** Math.floor(next() * 160 - 60));
      return Array.from({ length: n }, () =>
        Float32Array.from({ length: d }, () => {
          const u = next();
          if (sp && u < 0.002) return [NaN, Infinity, -Infinity][Math.floor(next() * 3)];
          return (next() < 0.5 ? -1 : 1) * (u < 0.5 ? pool[Math.floor(next() * pool.length)] : (next() - 0.5) * 2 ** Math.floor(next() * 40 - 20));
        }),
      );
    });

const sizes = [
  { maxN: 13, maxD: 40, runs: 200 },
  { maxN: 60, maxD: 3000, runs: 30 },
  { maxN: 12, maxD: 20000, runs: 12 },
];

if (!rt) test.skip('kernels vs scalar loops: skipped, WebAssembly SIMD is unavailable on this engine (only the scalar paths run)', () => {});
else {
  for (const special of [false, true]) {
    const tag = special ? 'with NaN/±∞' : 'finite';
    test(`meansOf (mean_rows: m a power of two or not; fresh or pooled outputs) equals meanOfScalar bit for bit, ${tag}`, (t) => {
      const pool = new RowPool();
      for (const { maxN, maxD, runs } of sizes) {
        fc.assert(
          fc.property(rowsArb(maxN, maxD, special), fc.integer({ min: 0, max: 1e9 }), (xs, pick) => {
            const n = xs.length;
            const buckets = Array.from({ length: Math.ceil(n / 2) }, (_, b) => (2 * b + 1 < n ? [2 * b, 2 * b + 1] : [2 * b]));
            const some = [n - 1, ...Array.from({ length: pick % n }, (_, i) => (i * 7 + pick) % n)];
            const subsets = [Array.from(xs, (_, i) => i), some, ...buckets];
            const fast = meansOf(xs, subsets);
            const pooled = meansOf(xs, subsets, pool);
            return subsets.every((s, i) => identical(fast[i], meanOfScalar(xs, s)) && identical(pooled[i], fast[i]));
          }),
          { numRuns: runs },
        );
      }
      t.pass();
    });
    test(`pairwise distances: the direct kernel (pairwise) equals pairwiseScalar bit for bit at every n, and pairwiseSquaredDistances does below GRAM_MIN_N, ${tag}`, (t) => {
      for (const { maxN, maxD, runs } of sizes) {
        fc.assert(
          fc.property(rowsArb(maxN, maxD, special), (xs) => identical(pairwiseDirect(rt, xs), pairwiseScalar(xs))),
          { numRuns: runs },
        );
        fc.assert(
          fc.property(rowsArb(Math.min(maxN, GRAM_MIN_N - 1), maxD, special), (xs) => identical(pairwiseSquaredDistances(xs), pairwiseScalar(xs))),
          { numRuns: runs },
        );
      }
      t.pass();
    });
    test(`pairwise distances in the Gram form (dots4x2): within the dot products' error bound of pairwiseScalar, near pairs and +∞ exactly, ${tag}`, (t) => {
      for (const { maxN, maxD, runs } of sizes) {
        fc.assert(
          fc.property(rowsArb(maxN, maxD, special), (xs) => {
            const n = xs.length;
            const [gram, exact, norms] = [gramRows(rt, xs), pairwiseScalar(xs), xs.map((x) => sqNorm(x))];
            const bound = (i: number, j: number) => 4 * xs[0].length * 2 ** -53 * (norms[i] + norms[j]);
            for (let i = 0; i < n; i++)
              for (let j = 0; j < n; j++) {
                const [g, e] = [gram[i * n + j], exact[i * n + j]];
                if (e === Infinity || i === j || e <= 1e-6 * (norms[i] + norms[j])) {
                  if (!Object.is(g, e)) return false;
                } else if (!(Math.abs(g - e) <= bound(i, j))) return false;
              }
            return true;
          }),
          { numRuns: runs },
        );
      }
      t.pass();
    });
    test(`sqNorms (sqnorm_p1…8) and scaleByNorms (scale; rows staged whole or block by block, fresh or pooled outputs) equal the scalar loops bit for bit, ${tag}`, (t) => {
      const pool = new RowPool();
      for (const { maxN, maxD, runs } of sizes) {
        fc.assert(
          fc.property(rowsArb(maxN, maxD, special), (xs) => {
            const reference = xs.map((x) => sqNorm(x));
            if (!identical(sqNorms(xs), reference)) return false;
            const scales = xs.map((_, i) => (i % 3 === 0 ? undefined : 0.37 * i));
            const expected = xs.map((x, i) => {
              const y = x.slice();
              const s = scales[i];
              if (s !== undefined) for (let k = 0; k < y.length; k++) y[k] = x[k] * s;
              return y;
            });
            return [undefined, pool].every((lent) =>
              [0, WHOLE_ROWS_BYTES].every((whole) => {
                let seen: ArrayLike<number> = [];
                const fast = normScaledRows(rt, xs, (sq) => ((seen = sq), scales), lent, whole);
                const handedOn = (i: number) => (lent && scales[i] === undefined ? fast[i] === xs[i] : fast[i] !== xs[i]);
                return identical(seen, reference) && xs.every((_, i) => identical(fast[i], expected[i]) && handedOn(i));
              }),
            );
          }),
          { numRuns: runs },
        );
      }
      t.pass();
    });
    test(`geometric median under ByzFL's convention (rows with ±∞ dropped, or none checked when every first distance is finite) equals the float64 path, ${tag}`, (t) => {
      const gm = GARS.get('geometric-median')!;
      const ctx = { f: 0, params: {}, convention: 'byzfl' as const, rng: stream(0, 'test') };
      for (const { maxN, maxD, runs } of sizes) {
        fc.assert(
          fc.property(rowsArb(maxN, maxD, special), (xs) => {
            const fast = gm.aggregate(xs, ctx);
            const wide = gm.aggregate(
              xs.map((x) => Float64Array.from(x)),
              ctx,
            );
            return identical(fast, Float32Array.from(wide));
          }),
          { numRuns: Math.ceil(runs / 2) },
        );
      }
      t.pass();
    });
    test(`geometric median and Centered Clipping: the streamed iterations equal the scalar ones bit for bit, ${tag}`, (t) => {
      for (const { maxN, maxD, runs } of sizes) {
        fc.assert(
          fc.property(rowsArb(maxN, maxD, special), fc.boolean(), (xs, byzfl) => {
            const p = { byzfl, nu: byzfl ? 0.1 : 1e-6, maxIter: byzfl ? 3 : 12, tol: byzfl ? 0 : 1e-9 };
            const gmFast = scoped(rt, () => weiszfeldStreamed(new StreamedRows(rt, xs), p));
            if (!identical(gmFast, weiszfeldScalar(xs, p))) return false;
            const v0 = Float64Array.from(xs[0], (v) => v / 3);
            const ccFast = scoped(rt, () => centeredClipStreamed(new StreamedRows(rt, xs), v0, 0.5, 3));
            return identical(ccFast, centeredClipScalar(xs, v0, 0.5, 3));
          }),
          { numRuns: Math.ceil(runs / 2) },
        );
      }
      t.pass();
    });
  }
  test('Krum at n = 40 (Gram form) picks what the float64 reference picks, 8 identical Byzantine rows included', (t) => {
    let s = 7;
    const next = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32 - 0.5;
    const center = Float64Array.from({ length: 3001 }, () => next());
    const byz = Float64Array.from(center, (v) => v + 0.02);
    const rows64 = Array.from({ length: 40 }, (_, i) => (i < 8 ? byz.slice() : Float64Array.from(center, (v) => v + 0.05 * next())));
    const rows32 = rows64.map((r) => Float32Array.from(r));
    const ctx = { f: 8, params: {}, convention: 'paper' as const, rng: stream(0, 'test') };
    const pick = (rows: readonly (Float32Array | Float64Array)[]) => GARS.get('krum')!.aggregate(rows as Float32Array[], ctx, new Map());
    t.deepEqual(Array.from(pick(rows32)), Array.from(Float32Array.from(pick(rows64.map((r) => Float64Array.from(Float32Array.from(r)))))));
    const [gram, exact] = [
      krumScores(rows32, ctx),
      krumScores(
        rows32.map((r) => Float64Array.from(r)),
        ctx,
      ),
    ];
    t.true(
      gram.every((v, i) => Math.abs(v - exact[i]) <= 1e-10 * exact[i]),
      'scores agree to 10 digits',
    );
    const dist = pairwiseSquaredDistances(rows32);
    t.true(
      [1, 2, 3, 4, 5, 6, 7].every((j) => dist[j] === 0 && dist[j * 40] === 0),
      'the identical Byzantine rows are exactly 0 apart',
    );
  });
  test('the arena is released after every call, also when the kernels see non-finite rows', (t) => {
    const before = rt.mark();
    const xs = [Float32Array.from([1, NaN, 3]), Float32Array.from([Infinity, 2, -Infinity])];
    meansOf(xs, [[0, 1]]);
    pairwiseSquaredDistances(xs);
    gramRows(rt, xs);
    sqNorms(xs);
    normScaledRows(rt, xs, () => [0.5, undefined]);
    t.is(rt.mark(), before);
  });
}
