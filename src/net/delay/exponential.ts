import { z } from 'zod';
import { capDelay, msParam, requireNumber, type DelayModel } from './types.ts';

/** Exponential delay with mean `meanMs` (plus an optional floor `minMs`): memoryless queueing. */
export const exponential: DelayModel = {
  name: 'exponential',
  summary: 'minMs + Exp(mean meanMs)',
  params: { meanMs: 10, minMs: 0 },
  schema: z
    .object({ meanMs: msParam(true), minMs: msParam() })
    .partial()
    .strict(),
  check: (p) => requireNumber('exponential', 'meanMs', p.meanMs ?? 10, 0, true) ?? requireNumber('exponential', 'minMs', p.minMs ?? 0),
  sampler(p) {
    const mean = p.meanMs ?? 10;
    const lo = p.minMs ?? 0;
    return (rng) => capDelay(lo - mean * Math.log(1 - rng()));
  },
};
