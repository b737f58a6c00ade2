import type { Gar } from './types.ts';

/**
 * Average: F(x) = (1/n) Σⱼ xⱼ.
 *
 * Requirement: none on n and f; but it is not (f, κ)-robust for any f ≥ 1 — a single
 * Byzantine input moves it anywhere (Blanchard et al. 2017, Lemma 1).
 * Paper: the non-robust baseline of every seed paper.
 * @example average([[1,2,3],[4,5,6],[7,8,9]]) → [4,5,6]
 */
export const average: Gar = {
  name: 'average',
  summary: 'arithmetic mean of the inputs (not robust)',
  params: {},
  check: () => undefined,
  aggregate(inputs) {
    return mean(inputs);
  },
};

/** Mean of the given vectors, accumulated in float64 blocks-free order (row by row). */
export function mean(inputs: readonly Float32Array[]): Float32Array {
  const n = inputs.length;
  if (n === 0) throw new Error('average: needs at least one input');
  const d = inputs[0].length;
  const acc = new Float64Array(d);
  for (const x of inputs) for (let k = 0; k < d; k++) acc[k] += x[k];
  const out = new Float32Array(d);
  for (let k = 0; k < d; k++) out[k] = acc[k] / n;
  return out;
}
