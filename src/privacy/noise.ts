import { z } from 'zod';
import { normal } from '../sim/rng.ts';
import type { PrivacyMechanism } from './types.ts';

/**
 * Additive Gaussian noise of a fixed standard deviation, the "noisy gradients" defence of Zhu,
 * Liu, Han ("Deep leakage from gradients", NeurIPS 2019, §5.1): the worker sends g + N(0, σ²·I_d),
 * with no clipping and no dependence on the batch size — so a scenario can grid over the noise
 * alone (seed 000's `gaussian` ties its noise to b and ε). DLG reports that its attack fails
 * once the noise variance reaches about 10⁻² (σ ≈ 0.1). No (ε, δ) guarantee is claimed: with no
 * clipping the sensitivity is unbounded. σ = 0 sends the gradient unchanged.
 * Params: `std` σ ≥ 0 (default 0.01).
 */
export const noise: PrivacyMechanism = {
  name: 'noise',
  summary: 'add N(0, std²) to every coordinate, no clipping (DLG’s noisy-gradient defence)',
  params: { std: 0.01 },
  schema: z
    .object({ std: z.number().finite().min(0) })
    .partial()
    .strict(),
  check(params) {
    const s = Number(params.std ?? 0.01);
    return Number.isFinite(s) && s >= 0 ? undefined : `noise: std must be a finite number ≥ 0, got ${params.std}`;
  },
  apply(grad, ctx) {
    const s = Number(ctx.params.std ?? 0.01);
    const out = Float32Array.from(grad);
    if (s > 0) for (let k = 0; k < out.length; k++) out[k] += s * normal(ctx.rng);
    return out;
  },
  /** The noise is zero-mean: the gradient itself. */
  expected: (grad) => Float32Array.from(grad),
};
