import { requireNumber, type DelayModel } from './types.ts';

/**
 * Pareto (heavy-tailed) delay: scaleMs · U^(−1/alpha), U uniform on (0, 1]; support [scaleMs, ∞).
 * alpha ≤ 1 has an infinite mean, alpha ≤ 2 an infinite variance.
 */
export const pareto: DelayModel = {
  name: 'pareto',
  summary: 'scaleMs · U^(−1/alpha), heavy tail',
  params: { scaleMs: 5, alpha: 1.5 },
  check: (p) => requireNumber('pareto', 'scaleMs', p.scaleMs ?? 5, 0, true) ?? requireNumber('pareto', 'alpha', p.alpha ?? 1.5, 0, true),
  sampler(p) {
    const scale = p.scaleMs ?? 5;
    const inv = -1 / (p.alpha ?? 1.5);
    return (rng) => scale * Math.pow(1 - rng(), inv);
  },
};
