import { z } from 'zod';
import { CALIBRATED, law, pairs } from './cost.ts';
import { argsortBy, intParam, meanOf } from './linalg.ts';
import { krumCheck, krumScores } from './krum.ts';
import type { Gar } from './types.ts';

/**
 * Multi-Krum(m) (Blanchard et al. 2017, §6; as implemented by LPD, Flower and ByzFL): compute the
 * Krum scores once (see `krum`), average the m best-scoring inputs (ties to the smaller index).
 * Defaults: m = n−f−2 with n−f−2 neighbours (paper convention, LPD's default m);
 * m = n−f with n−f−1 neighbours under `--convention byzfl` (ByzFL's MultiKrum).
 * (Blanchard's iterated "Krum, remove, repeat" variant is a different rule, which byzsim does not provide.)
 *
 * Requirement: as Krum (n ≥ 2f+3; ByzFL: 2f < n), and 1 ≤ m ≤ n−f (so n−f identical honest
 * inputs are averaged alone: unanimity).
 * κ: none verified [U]. k_F(n, f) = 1/η(n, f) as Krum (LPD code).
 * @example multiKrum([[1,2,3],[4,5,6],[7,8,9]], f=1, byzfl) → [2.5,3.5,4.5]
 */
export const multiKrum: Gar = {
  name: 'multi-krum',
  summary: 'mean of the m inputs with the best Krum scores',
  schema: z
    .object({ m: z.number().int().min(1), neighbours: z.enum(['n-f-2', 'n-f-1']) })
    .partial()
    .strict(),
  params: { m: 'n-f-2 (byzfl: n-f)', neighbours: 'n-f-2' },
  cost: law(CALIBRATED, ['(n(n−1)/2 + m)·d', (n, f, d) => (pairs(n) + n - f) * d, 1.2]),
  check(n, f, params, convention) {
    const msg = krumCheck('multi-krum', n, f, params, convention);
    if (msg) return msg;
    if (params.m === undefined) return undefined;
    const m = Number(params.m);
    if (!Number.isInteger(m) || m < 1 || m > n - f) return `multi-krum: needs 1 ≤ m ≤ n−f, got m=${String(params.m)}, n=${n}, f=${f}`;
    return undefined;
  },
  aggregate(inputs, ctx) {
    const n = inputs.length;
    const m = intParam('multi-krum', ctx.params, 'm', ctx.convention === 'byzfl' ? n - ctx.f : n - ctx.f - 2, 1);
    const order = argsortBy(krumScores(inputs, ctx));
    return meanOf(inputs, order.slice(0, Math.min(m, n)));
  },
};
