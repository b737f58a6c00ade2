import { z } from 'zod';
import { CALIBRATED, law } from '../cost.ts';
import { numParam, scaleByNorms } from '../linalg.ts';
import type { RowPool } from '../row-pool.ts';
import type { PreAggregator, Vector } from '../types.ts';

/**
 * Static clipping: xᵢ ← xᵢ · min(1, c/‖xᵢ‖) (ByzFL's Clipping; the zero vector is left alone).
 * Copies its inputs (ByzFL clips in place), except inside a pipeline (ctx.pool: row-pool.ts). Param c, default 2.0 (ByzFL's default).
 *
 * Requirement: c > 0. Not translation-equivariant (norm-based, origin-dependent).
 * @example clip([[0,0],[3,4]], c=2) → [[0,0],[1.2,1.6]]
 */
export const clip: PreAggregator = {
  name: 'clip',
  summary: 'scale every input down to norm at most c',
  schema: z.object({ c: z.number().positive() }).partial().strict(),
  params: { c: 2 },
  cost: law(CALIBRATED, ['n·d', (n, _f, d) => n * d, 13]),
  check(_n, _f, params) {
    if (params.c !== undefined && !(Number(params.c) > 0)) return `clip: parameter c must be > 0, got ${String(params.c)}`;
    return undefined;
  },
  outputCount: (n) => n,
  apply(inputs, ctx) {
    const c = numParam('clip', ctx.params, 'c', 2);
    return clipRows(
      inputs,
      Array.from(inputs, () => c),
      ctx.pool,
    );
  },
};

/**
 * Row i scaled by cᵢ/‖xᵢ‖ when ‖xᵢ‖ > cᵢ (cᵢ = ∞ leaves it unscaled), the norms and the scaling in
 * one staging of the rows (linalg.scaleByNorms); the unscaled rows are copies, or the inputs
 * themselves when a pool lends the outputs. `c` may be a function of the squared norms (ARC).
 */
export function clipRows<V extends Vector>(inputs: readonly V[], c: ArrayLike<number> | ((sq: Float64Array) => ArrayLike<number>), pool?: RowPool): V[] {
  return scaleByNorms(
    inputs,
    (sq) => {
      const ci = typeof c === 'function' ? c(sq) : c;
      return Array.from(inputs, (_, i) => {
        const norm = Math.sqrt(sq[i]);
        return norm > ci[i] ? ci[i] / norm : undefined;
      });
    },
    pool,
  );
}
