/**
 * Cost laws (issue 12 item 4): what one aggregation costs, in units of the floor — the time the
 * WebAssembly SIMD sum of `bench/gars` takes per input value (one float of the n×d inputs). A law
 * is a sum of terms cᵢ·countᵢ(n, f, d, params, convention): the count follows the rule's
 * complexity (n·d for an average, n(n−1)/2·d for pairwise distances, C(n, f)·(n−f)² for an exact
 * subset search, iterations·n·d, …) and the constant cᵢ was fitted to `npm run bench -- gars
 * --calibrate` on the development machine (recorded next to each rule, with the command).
 * Multiply by a machine's floor (ns per value) to get time: `aggregationCostMs` in index.ts.
 */
import { batcherNetwork, pruneNetwork } from './column-sort.ts';
import { binomial } from './linalg.ts';
import type { Convention, CostLaw, CostTerm, Params } from './types.ts';

export type { CostLaw, CostTerm } from './types.ts';

/** The cost of one call in floor-value units (≥ 0). */
export function lawCost(law: CostLaw, n: number, f: number, d: number, params: Params = {}, convention: Convention = 'paper'): number {
  let c = 0;
  for (const t of law.terms) c += t.constant * t.count(n, f, d, params, convention);
  return Math.max(0, c);
}

/** Where the constants below come from (bench/gars.ts prints fitted constants with --calibrate). */
export const CALIBRATED =
  'npm run bench -- gars --calibrate (least squares over n = 11, d = 10⁵ and 10⁶; n = 50, d = 10⁵; 2-core development machine under heavy shared load, 2026-12-02: fits within ≈ ±50 %)';

/** Pairs of inputs: the count of a pairwise-distance pass is pairs(n)·d. */
export const pairs = (n: number) => (n * (n - 1)) / 2;

const networkSizes = new Map<string, number>();

/** Comparators of the column-sort network for n rows pruned to wires lo..hi (the median family's per-coordinate work). */
export function comparators(n: number, lo = 0, hi = n - 1): number {
  const key = `${n}:${lo}:${hi}`;
  let c = networkSizes.get(key);
  if (c === undefined) {
    c = pruneNetwork(batcherNetwork(n), lo, hi).length;
    networkSizes.set(key, c);
  }
  return c;
}

/** C(n, f): the subsets of size n − f an exact search (MDA, SMEA) visits. */
export const subsets = (n: number, f: number) => binomial(n, f);

/** A cost law from [label, count, constant] triples. */
export function law(measured: string, ...terms: [string, CostTerm['count'], number][]): CostLaw {
  return { measured, terms: terms.map(([label, count, constant]) => ({ label, count, constant })) };
}
