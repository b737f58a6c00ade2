/**
 * Exact search over the subsets of size n−f (MDA, SMEA): depth-first in lexicographic
 * order, so that on ties the lexicographically first subset wins (itertools.combinations
 * order, as in the LPD and ByzFL code), with a combinatorial limit checked up front.
 */
import { z } from 'zod';
import { binomial } from './linalg.ts';
import type { Params } from './types.ts';

/** Default cap on C(n, f) for the exact subset searches. */
export const DEFAULT_MAX_SUBSETS = 2_000_000;

/** The parameters of MDA and SMEA. */
export const SUBSET_PARAMS = z
  .object({ maxSubsets: z.number().int().min(1) })
  .partial()
  .strict();

/** The requirement and the combinatorial limit shared by MDA and SMEA. */
export function subsetCheck(rule: string, n: number, f: number, params: Params): string | undefined {
  if (!(n >= 2 * f + 1)) return `${rule}: needs n ≥ 2f+1, got n=${n}, f=${f}`;
  const limit = params.maxSubsets === undefined ? DEFAULT_MAX_SUBSETS : Number(params.maxSubsets);
  if (!(limit >= 1)) return `${rule}: parameter maxSubsets must be ≥ 1, got ${String(params.maxSubsets)}`;
  const count = binomial(n, f);
  if (count > limit) {
    return `${rule}: exact search over C(${n},${f}) = ${count.toExponential(3)} subsets exceeds maxSubsets=${limit} (raise --param maxSubsets=… or lower f)`;
  }
  return undefined;
}

/** Throws the check's message when the search would be too large (rules call it before searching). */
export function assertSubsetsOk(rule: string, n: number, f: number, params: Params): void {
  const msg = subsetCheck(rule, n, f, params);
  if (msg) throw new Error(msg);
}
