import { copyOf, numParam, sqNorm } from '../linalg.ts';
import type { PreAggregator, Vector } from '../types.ts';

/**
 * Static clipping: xᵢ ← xᵢ · min(1, c/‖xᵢ‖) (ByzFL's Clipping; the zero vector is left alone).
 * Copies its inputs (ByzFL clips in place). Param c, default 2.0 (ByzFL's default).
 *
 * Requirement: c > 0. Not translation-equivariant (norm-based, origin-dependent).
 * @example clip([[0,0],[3,4]], c=2) → [[0,0],[1.2,1.6]]
 */
export const clip: PreAggregator = {
  name: 'clip',
  summary: 'scale every input down to norm at most c',
  params: { c: 2 },
  check(_n, _f, params) {
    if (params.c !== undefined && !(Number(params.c) > 0)) return `clip: parameter c must be > 0, got ${String(params.c)}`;
    return undefined;
  },
  outputCount: (n) => n,
  apply(inputs, ctx) {
    const c = numParam('clip', ctx.params, 'c', 2);
    return inputs.map((x) => clipTo(x, c));
  },
};

/** A copy of x scaled to norm min(‖x‖, c). */
export function clipTo<V extends Vector>(x: V, c: number): V {
  const y = copyOf(x);
  const norm = Math.sqrt(sqNorm(x));
  if (norm > c) {
    const s = c / norm;
    for (let k = 0; k < y.length; k++) y[k] = x[k] * s;
  }
  return y;
}
