import { z } from 'zod';
import { capDelay, msParam, requireNumber, type DelayModel } from './types.ts';

/** Fixed delay: every message takes exactly `ms`. */
export const fixed: DelayModel = {
  name: 'fixed',
  summary: 'constant delay ms',
  params: { ms: 1 },
  schema: z.object({ ms: msParam() }).partial().strict(),
  check: (p) => requireNumber('fixed', 'ms', p.ms ?? 1),
  sampler(p) {
    const ms = p.ms ?? 1;
    return () => capDelay(ms);
  },
};
