/**
 * Exact laws of the rules (theory §1.13), property-tested with fast-check on a fixed seed:
 * permutation invariance, translation and scale equivariance, the honest range of
 * median / trimmed mean / Bulyan, and Krum returning one of its inputs. Inputs are continuous
 * (no accidental ties); comparisons allow float64 summation-order noise (1e-9 relative), and
 * 1e-6 for the geometric median (a converged iteration with an absolute smoothing ν).
 */
import test from 'ava';
import fc from 'fast-check';
import { garCase } from '../../src/fuzz/arbitraries.ts';
import type { Params } from '../../src/gars/types.ts';
import { FC, apply, maxF, minN, near } from './helpers.ts';

const DETERMINISTIC = [
  'average',
  'median',
  'trimmed-mean',
  'geometric-median',
  'krum',
  'multi-krum',
  'mda',
  'bulyan',
  'meamed',
  'phocas',
  'smea',
  'nnm → krum',
  'nnm → trimmed-mean',
  'arc → median',
];
const EQUIVARIANT = DETERMINISTIC.filter((r) => r !== 'arc → median'); // clipping/ARC are origin-dependent
const cases = (rule: string) => garCase({ n: { min: minN(rule), max: 11 }, f: (n) => maxF(rule, n), d: { min: 1, max: 3 } });
const tol = (rule: string) => (rule.includes('geometric') ? 1e-6 : 1e-9);

for (const rule of [...DETERMINISTIC.filter((r) => r !== 'mda'), 'centered-clip']) {
  test(`${rule} is permutation invariant`, (t) => {
    const params: Params = rule === 'centered-clip' ? { start: 'zero' } : {};
    fc.assert(
      fc.property(cases(rule), fc.integer({ min: 1, max: 1000 }), (c, shift) => {
        const perm = c.vectors.map((_, i) => (i * (2 * shift + 1) + shift) % c.n);
        const unique = new Set(perm).size === c.n ? perm : c.vectors.map((_, i) => c.n - 1 - i);
        return near(
          apply(
            rule,
            unique.map((i) => c.vectors[i]),
            c.f,
            params,
          ),
          apply(rule, c.vectors, c.f, params),
          tol(rule),
        );
      }),
      FC,
    );
    t.pass();
  });
}

test('mda is permutation invariant up to its (structural) diameter ties: any order yields the mean of a minimum-diameter subset', (t) => {
  fc.assert(
    fc.property(cases('mda'), fc.integer({ min: 0, max: 1000 }), (c, seed) => {
      const order = c.vectors.map((_, i) => i).sort((a, b) => ((a * 7919 + seed) % 101) - ((b * 7919 + seed) % 101) || a - b);
      const out = apply(
        'mda',
        order.map((i) => c.vectors[i]),
        c.f,
      );
      const subsets = combinations(c.n, c.n - c.f).map((s) => ({ s, diam: diameter(s.map((i) => c.vectors[i])) }));
      const best = Math.min(...subsets.map((x) => x.diam));
      return subsets.filter((x) => x.diam <= best * (1 + 1e-12)).some((x) => near(out, meanRows(x.s.map((i) => c.vectors[i]))));
    }),
    FC,
  );
  t.pass();
});

function combinations(n: number, k: number, start = 0): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  for (let i = start; i <= n - k; i++) for (const rest of combinations(n, k - 1, i + 1)) out.push([i, ...rest]);
  return out;
}
const diameter = (rows: number[][]) => Math.max(...rows.flatMap((a) => rows.map((b) => a.reduce((s, v, k) => s + (v - b[k]) ** 2, 0))));
const meanRows = (rows: number[][]) => rows[0].map((_, k) => rows.reduce((s, r) => s + r[k], 0) / rows.length);

for (const rule of EQUIVARIANT) {
  test(`${rule} is translation and scale equivariant: F(a·x + c) = a·F(x) + c`, (t) => {
    fc.assert(
      fc.property(cases(rule), fc.constantFrom(-2, 0.5, 3), fc.double({ min: -100, max: 100, noNaN: true }), (x, a, shift) => {
        const moved = x.vectors.map((r) => r.map((v, k) => a * v + shift * (k + 1)));
        const expected = apply(rule, x.vectors, x.f).map((v, k) => a * v + shift * (k + 1));
        return near(apply(rule, moved, x.f), expected, tol(rule) * 10);
      }),
      FC,
    );
    t.pass();
  });
}

for (const rule of ['median', 'trimmed-mean', 'bulyan']) {
  test(`${rule} stays within the per-coordinate range of the honest inputs when at most f are Byzantine`, (t) => {
    fc.assert(
      fc.property(cases(rule), (c) => {
        const out = apply(rule, c.vectors, c.f);
        return out.every((v, k) => {
          const col = c.honest.map((i) => c.vectors[i][k]);
          return v >= Math.min(...col) - 1e-9 && v <= Math.max(...col) + 1e-9;
        });
      }),
      FC,
    );
    t.pass();
  });
}

test('krum returns one of its inputs, exactly', (t) => {
  fc.assert(
    fc.property(cases('krum'), (c) => {
      const out = apply('krum', c.vectors, c.f);
      return c.vectors.some((r) => r.every((v, k) => v === out[k]));
    }),
    FC,
  );
  t.pass();
});
