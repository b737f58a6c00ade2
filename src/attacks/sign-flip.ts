import { z } from 'zod';
import type { Attack } from './types.ts';

/**
 * Sign flip: send −s·g, the worker's own honest gradient negated and scaled by s.
 * s = 1 is the plain bit/sign-flipping worker (Karimireddy et al.); s = 1000 is BTARD's
 * "amplified sign flip" (Gorbunov et al. 2022, seed 003).
 * Not omniscient: it needs only its own gradient.
 */
export const signFlip: Attack = {
  name: 'sign-flip',
  summary: 'own gradient negated and scaled: −scale·g',
  params: { scale: 1 },
  schema: z.object({ scale: z.number().positive() }).partial().strict(),
  omniscient: false,
  check(params) {
    const s = params.scale ?? 1;
    return typeof s === 'number' && Number.isFinite(s) && s > 0 ? undefined : `sign-flip: scale must be a positive number, got ${s}`;
  },
  craft(ctx) {
    const s = Number(ctx.params.scale ?? 1);
    const out = new Float32Array(ctx.own.length);
    for (let k = 0; k < out.length; k++) out[k] = -s * ctx.own[k];
    return out;
  },
};
