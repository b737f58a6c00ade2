import { z } from 'zod';
import { capDelay, msParam, requireNumber, type DelayModel } from './types.ts';

/** Uniform delay on [minMs, maxMs]. */
export const uniform: DelayModel = {
  name: 'uniform',
  summary: 'uniform on [minMs, maxMs]',
  params: { minMs: 0, maxMs: 10 },
  schema: z.object({ minMs: msParam(), maxMs: msParam() }).partial().strict(),
  check(p) {
    const lo = p.minMs ?? 0;
    const hi = p.maxMs ?? 10;
    return (
      requireNumber('uniform', 'minMs', lo) ??
      requireNumber('uniform', 'maxMs', hi) ??
      (hi >= lo ? undefined : `network.delay.maxMs: uniform needs maxMs ≥ minMs, got minMs=${lo}, maxMs=${hi}`)
    );
  },
  sampler(p) {
    const lo = p.minMs ?? 0;
    const width = (p.maxMs ?? 10) - lo;
    return (rng) => capDelay(lo + width * rng());
  },
};
