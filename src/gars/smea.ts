import { CALIBRATED, law, pairs, subsets } from './cost.ts';
import { meanOf, pairwiseSquaredDistances } from './linalg.ts';
import { assertSubsetsOk, SUBSET_PARAMS, subsetCheck } from './subsets.ts';
import type { Gar } from './types.ts';

/**
 * SMEA — smallest maximum eigenvalue averaging (Allouah, Farhadkhani, Guerraoui, Gupta, Pinot,
 * Stephan, AISTATS 2023; seed 001): S* ∈ argmin_{|S| = n−f} λ_max( (1/|S|) Σ_{i∈S} (xᵢ − x̄_S)(xᵢ − x̄_S)ᵀ ),
 * F(x) = x̄_{S*}. Exact search over the C(n, f) subsets; λ_max from the subset's centred Gram
 * matrix −½·H·D_S·H (D = squared distances, H the centring matrix: same non-zero spectrum as
 * the covariance, and free of the cancellation a raw Gram matrix suffers), by cyclic Jacobi.
 * Ties (within 1e−12 relative) go to the lexicographically first subset; ByzFL's pick on ties
 * depends on its RNG. Refuses when C(n, f) > maxSubsets (default 2·10⁶): exponential in f.
 *
 * Requirement: n ≥ 2f+1 (ByzFL: 2f < n).
 * κ: O(f/n)-type bound claimed by the paper, value not read here [U].
 * @example smea([[0],[1],[10]], f=1) → [0.5]
 */
export const smea: Gar = {
  name: 'smea',
  summary: 'mean of the n−f inputs whose covariance has the smallest top eigenvalue (exact search)',
  schema: SUBSET_PARAMS,
  params: { maxSubsets: 2_000_000 },
  cost: law(CALIBRATED, ['n(n−1)/2·d', (n, _f, d) => pairs(n) * d, 4.9], ['C(n,f)·(n−f)³', (n, f) => subsets(n, f) * (n - f) ** 3, 1300]),
  check(n, f, params) {
    return subsetCheck('smea', n, f, params);
  },
  aggregate(inputs, ctx) {
    const n = inputs.length;
    assertSubsetsOk('smea', n, ctx.f, ctx.params);
    return meanOf(inputs, minEigenSubset(pairwiseSquaredDistances(inputs), n, n - ctx.f));
  },
};

/** The subset of size m minimising the covariance's top eigenvalue (first on ties). */
export function minEigenSubset(dist: Float64Array, n: number, m: number): Int32Array {
  const cur = new Int32Array(m);
  const best = new Int32Array(m);
  const gram = new Float64Array(m * m);
  const r = new Float64Array(m);
  let bestVal = Infinity;
  let found = false;
  const visit = (): void => {
    let s = 0;
    for (let a = 0; a < m; a++) {
      let ra = 0;
      for (let b = 0; b < m; b++) ra += dist[cur[a] * n + cur[b]];
      r[a] = ra / m;
      s += ra;
    }
    s /= m * m;
    for (let a = 0; a < m; a++) for (let b = 0; b < m; b++) gram[a * m + b] = -0.5 * (dist[cur[a] * n + cur[b]] - r[a] - r[b] + s);
    const val = Number.isFinite(s) ? maxEigenvalue(gram, m) / m : Infinity;
    const better = !found || (Number.isFinite(bestVal) ? val < bestVal - 1e-12 * Math.abs(bestVal) : val < bestVal);
    if (better) {
      bestVal = val;
      best.set(cur);
      found = true;
    }
  };
  const rec = (depth: number, start: number): void => {
    if (depth === m) return visit();
    for (let i = start; i <= n - (m - depth); i++) {
      cur[depth] = i;
      rec(depth + 1, i + 1);
    }
  };
  rec(0, 0);
  return best;
}

/** Largest eigenvalue of a symmetric m×m matrix (row-major, destroyed) by cyclic Jacobi rotations. */
export function maxEigenvalue(a: Float64Array, m: number): number {
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    let diag = 0;
    for (let p = 0; p < m; p++) {
      diag += a[p * m + p] * a[p * m + p];
      for (let q = p + 1; q < m; q++) off += a[p * m + q] * a[p * m + q];
    }
    if (off <= 1e-30 * diag || off === 0) break;
    for (let p = 0; p < m; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q];
        if (apq === 0) continue;
        const theta = (a[q * m + q] - a[p * m + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < m; k++) {
          const akp = a[k * m + p];
          const akq = a[k * m + q];
          a[k * m + p] = c * akp - s * akq;
          a[k * m + q] = s * akp + c * akq;
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p * m + k];
          const aqk = a[q * m + k];
          a[p * m + k] = c * apk - s * aqk;
          a[q * m + k] = s * apk + c * aqk;
        }
      }
    }
  }
  let mx = -Infinity;
  for (let p = 0; p < m; p++) if (a[p * m + p] > mx) mx = a[p * m + p];
  return mx;
}
