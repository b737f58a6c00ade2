import { z } from 'zod';
import { capDelay, MAX_DELAY_MS, msParam, requireNumber, type DelayModel } from './types.ts';

/**
 * Pareto (heavy-tailed) delay: scaleMs · U^(−1/alpha), U uniform on (0, 1]; support [scaleMs, ∞)
 * (cut at MAX_DELAY_MS). alpha ≤ 1 has an infinite mean, alpha ≤ 2 an infinite variance.
 * Requirement: the median scaleMs · 2^(1/alpha) ≤ MAX_DELAY_MS (alpha = 0.001 is refused: its
 * draws would almost all overflow).
 */
export const pareto: DelayModel = {
  name: 'pareto',
  summary: 'scaleMs · U^(−1/alpha), heavy tail',
  params: { scaleMs: 5, alpha: 1.5 },
  schema: z
    .object({ scaleMs: msParam(true), alpha: z.number().positive() })
    .partial()
    .strict(),
  check(p) {
    const msg = requireNumber('pareto', 'scaleMs', p.scaleMs ?? 5, 0, true) ?? requireNumber('pareto', 'alpha', p.alpha ?? 1.5, 0, true);
    if (msg) return msg;
    const median = (p.scaleMs ?? 5) * 2 ** (1 / (p.alpha ?? 1.5));
    return median <= MAX_DELAY_MS
      ? undefined
      : `network.delay.alpha: pareto with alpha = ${p.alpha ?? 1.5} has a median delay scaleMs·2^(1/alpha) ≈ ${median.toPrecision(3)} ms; needs ≤ 1e12 ms, the longest delay byzsim simulates (raise alpha)`;
  },
  sampler(p) {
    const scale = p.scaleMs ?? 5;
    const inv = -1 / (p.alpha ?? 1.5);
    return (rng) => capDelay(scale * Math.pow(1 - rng(), inv));
  },
};
