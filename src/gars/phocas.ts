import { CALIBRATED, comparators, law } from './cost.ts';
import { meanAroundCenter } from './meamed.ts';
import type { Gar } from './types.ts';
import { NO_PARAMS } from './types.ts';

/**
 * Phocas (Xie, Koyejo, Gupta 2018, "Generalized Byzantine-tolerant SGD"): per coordinate k, the
 * mean of the n−f values [xⱼ]ₖ closest to the coordinate-wise trimmed mean TM_f(x)ₖ
 * (see `trimmed-mean`); ties at the boundary go to the lower index.
 *
 * Requirement: n ≥ 2f+1 (LPD). κ and k_F: none verified [U].
 * @example phocas([[1,2,3],[4,5,6],[7,8,9]], f=1) → [2.5,3.5,4.5]
 */
export const phocas: Gar = {
  name: 'phocas',
  summary: 'coordinate-wise mean of the n−f values closest to the trimmed mean (Xie et al. 2018)',
  schema: NO_PARAMS,
  params: {},
  cost: law(CALIBRATED, ['(comparators(n) + n)·d', (n, _f, d) => (comparators(n) + n) * d, 4.6]),
  check(n, f) {
    return n >= 2 * f + 1 ? undefined : `phocas: needs n ≥ 2f+1, got n=${n}, f=${f}`;
  },
  aggregate(inputs, ctx) {
    return meanAroundCenter(inputs, ctx.f, 'trimmed-mean');
  },
};
