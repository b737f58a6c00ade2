import { z } from 'zod';
import quantile from '@stdlib/stats-base-dists-normal-quantile';
import type { Attack, Params } from './types.ts';
import { honestOf } from './stats.ts';
import { sharedMean, sharedStd } from './step-stats.ts';

/** How z is derived from (n, f) when it is not given. */
export type AlieConvention = 'paper' | 'epfl';

/**
 * The largest z ALIE can use unseen, from (n, f) (Baruch et al. 2019):
 * s = ⌊n/2 + 1⌋ − f (workers the attackers must win over to hold a majority), then
 * - `paper`: z = Φ⁻¹((n − s)/n) — the formula as the paper states it;
 * - `epfl`:  z = Φ⁻¹((n − f − s)/(n − f)) — the variant in EPFML `alittle.py` and BLADES.
 * Returns NaN when the probability falls outside (0, 1) (z undefined, e.g. s ≤ 0).
 * @example alieZ(11, 5, 'paper') ≈ 1.335178; alieZ(10, 2, 'epfl') = 0
 */
export function alieZ(n: number, f: number, convention: AlieConvention = 'paper'): number {
  const s = Math.floor(n / 2 + 1) - f;
  const p = convention === 'paper' ? (n - s) / n : (n - f - s) / (n - f);
  return p > 0 && p < 1 ? quantile(p, 0, 1) : Number.NaN;
}

/** μ − z·σ per coordinate (σ with `ddof`; μ and σ taken once per array of honest vectors: step-stats.ts). */
export function alieVector(honest: readonly Float32Array[], z: number, ddof = 1): Float32Array {
  const mu = sharedMean(honest);
  const sd = sharedStd(honest, ddof);
  const out = new Float32Array(mu.length);
  for (let k = 0; k < out.length; k++) out[k] = mu[k] - z * sd[k];
  return out;
}

function zOf(n: number, f: number, params: Params): number {
  const z = params.z ?? 'auto';
  if (z === 'auto') return alieZ(n, f, (params.convention ?? 'paper') as AlieConvention);
  return Number(z);
}

/**
 * A Little Is Enough (Baruch, Baruch, Goldberg, NeurIPS 2019): every Byzantine worker sends
 * byz = μ − z·σ, coordinate-wise, where μ and σ are the mean and standard deviation (ddof 1
 * by default, as ByzFL and the LPD code) of the honest gradients of the round. The shift hides
 * inside the honest spread, so median- and distance-based rules keep it.
 *
 * Params: `z` — a number, or `'auto'` (default) for {@link alieZ}(n, f, `convention`);
 * `convention` — `'paper'` (default) or `'epfl'`; `ddof` — 1 (default) or 0.
 * ByzFL's `ALittleIsEnough(τ)` sends μ + τσ: that is z = −τ here.
 * Requirement: z must be defined for (n, f) when `z: 'auto'`.
 * Omniscient: the simulator hands it the honest gradients of the round.
 * @example honest [[1,2,3],[4,5,6],[7,8,9]], z = −1.5 → [8.5, 9.5, 10.5]
 */
export const alie: Attack = {
  name: 'alie',
  summary: 'a little is enough: μ − z·σ over the honest gradients',
  params: { z: 'auto', convention: 'paper', ddof: 1 },
  schema: z
    .object({ z: z.number().or(z.literal('auto')), convention: z.enum(['paper', 'epfl']), ddof: z.union([z.literal(0), z.literal(1)]) })
    .partial()
    .strict(),
  omniscient: true,
  check(params) {
    const z = params.z ?? 'auto';
    if (z !== 'auto' && !(typeof z === 'number' && Number.isFinite(z))) return `alie: z must be a finite number or "auto", got ${z}`;
    const c = params.convention ?? 'paper';
    if (c !== 'paper' && c !== 'epfl') return `alie: convention must be "paper" or "epfl", got ${c}`;
    const ddof = params.ddof ?? 1;
    if (ddof !== 0 && ddof !== 1) return `alie: ddof must be 0 or 1, got ${ddof}`;
    return undefined;
  },
  checkSetting(n, f, params) {
    const z = zOf(n, f, params);
    return Number.isFinite(z) ? undefined : `alie: z = Φ⁻¹(…) is undefined for n=${n}, f=${f} (convention ${params.convention ?? 'paper'}); give z explicitly`;
  },
  craft(ctx) {
    const z = zOf(ctx.n, ctx.f, ctx.params);
    if (!Number.isFinite(z)) throw new Error(alie.checkSetting!(ctx.n, ctx.f, ctx.params));
    return alieVector(honestOf('alie', ctx.honest), z, Number(ctx.params.ddof ?? 1));
  },
};
