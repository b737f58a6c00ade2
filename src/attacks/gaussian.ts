import { z } from 'zod';
import { normal } from '../sim/rng.ts';
import type { Attack } from './types.ts';

/**
 * Gaussian random vector: send v ~ N(mean, std²·I), ignoring the data.
 * ByzFL's `Gaussian` uses mean 0, std 1 (its defaults are ours).
 */
export const gaussian: Attack = {
  name: 'gaussian',
  summary: 'random vector N(mean, std² I)',
  params: { mean: 0, std: 1 },
  schema: z
    .object({ mean: z.number(), std: z.number().min(0) })
    .partial()
    .strict(),
  omniscient: false,
  check(params) {
    const std = params.std ?? 1;
    return typeof std === 'number' && std >= 0 && Number.isFinite(std) ? undefined : `gaussian: std must be a finite number ≥ 0, got ${std}`;
  },
  craft(ctx) {
    const mu = Number(ctx.params.mean ?? 0);
    const std = Number(ctx.params.std ?? 1);
    const out = new Float32Array(ctx.own.length);
    for (let k = 0; k < out.length; k++) out[k] = mu + std * normal(ctx.rng);
    return out;
  },
};
