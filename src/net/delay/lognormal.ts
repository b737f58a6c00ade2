import { normal } from '../../sim/rng.ts';
import { z } from 'zod';
import { capDelay, msParam, requireNumber, type DelayModel } from './types.ts';

/** Log-normal delay: exp(μ + σ·Z) with μ = ln(medianMs), Z ~ N(0, 1); right-skewed like WAN latencies. */
export const lognormal: DelayModel = {
  name: 'lognormal',
  summary: 'exp(ln(medianMs) + sigma·Z)',
  params: { medianMs: 10, sigma: 0.5 },
  schema: z
    .object({ medianMs: msParam(true), sigma: z.number().min(0) })
    .partial()
    .strict(),
  check: (p) => requireNumber('lognormal', 'medianMs', p.medianMs ?? 10, 0, true) ?? requireNumber('lognormal', 'sigma', p.sigma ?? 0.5),
  sampler(p) {
    const mu = Math.log(p.medianMs ?? 10);
    const sigma = p.sigma ?? 0.5;
    return (rng) => capDelay(Math.exp(mu + sigma * normal(rng)));
  },
};
