import { CALIBRATED, law } from '../cost.ts';
import { argsortBy } from '../linalg.ts';
import { clipRows } from './clip.ts';
import type { PreAggregator } from '../types.ts';
import { NO_PARAMS } from '../types.ts';

/**
 * ARC — adaptive robust clipping (Allouah, Guerraoui, Gupta, Pinot, Stephan 2024, arXiv 2405.14432;
 * ByzFL's ARC): k = ⌊2·(f/n)·(n−f)⌋; C = the (n−k)-th smallest input norm; the k inputs of
 * largest norm (ties: the later index counts as larger) are scaled to norm C. Copies its inputs,
 * except inside a pipeline (ctx.pool: row-pool.ts).
 *
 * Requirement: n ≥ 2f+1 (f < n/2); ByzFL only checks f ≤ n.
 * @example arc([[1,2,3],[4,5,6],[7,8,9]], f=1) → [[1,2,3],[4,5,6],[4.41004009,5.04004582,5.67005155]]
 */
export const arc: PreAggregator = {
  name: 'arc',
  summary: 'clip the ⌊2f(n−f)/n⌋ largest inputs to the next largest norm',
  schema: NO_PARAMS,
  params: {},
  cost: law(CALIBRATED, ['n·d', (n, _f, d) => n * d, 7.9]),
  check(n, f, _params, convention) {
    if (convention === 'byzfl') return f <= n ? undefined : `arc: needs f ≤ n (ByzFL), got n=${n}, f=${f}`;
    return n >= 2 * f + 1 ? undefined : `arc: needs n ≥ 2f+1, got n=${n}, f=${f}`;
  },
  outputCount: (n) => n,
  apply(inputs, ctx) {
    const n = inputs.length;
    const k = Math.floor(2 * (ctx.f / n) * (n - ctx.f));
    return clipRows(
      inputs,
      (sq) => {
        const norms = Array.from(sq, Math.sqrt);
        const order = argsortBy(norms);
        const c = new Float64Array(n).fill(Infinity);
        if (k > 0 && k < n) for (let r = n - k; r < n; r++) c[order[r]] = norms[order[n - k - 1]];
        return c;
      },
      ctx.pool,
    );
  },
};
