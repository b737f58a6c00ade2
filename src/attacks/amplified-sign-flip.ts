import { signFlip } from './sign-flip.ts';
import type { Attack } from './types.ts';

/**
 * Amplified sign flip (BTARD, Gorbunov et al. ICML 2022; seed 003): byz = −1000·g, the
 * attacker's own honest gradient negated and amplified. The `sign-flip` attack with
 * `scale` defaulting to 1000 (any positive scale may be given).
 * Not omniscient: it needs only its own gradient.
 * @example own [1, −2, 0.5] → [−1000, 2000, −500]
 */
export const amplifiedSignFlip: Attack = {
  name: 'amplified-sign-flip',
  summary: 'own gradient negated and amplified: −1000·g',
  params: { scale: 1000 },
  schema: signFlip.schema,
  omniscient: false,
  check: (params) => signFlip.check!({ scale: 1000, ...params })?.replace('sign-flip', 'amplified-sign-flip'),
  craft: (ctx) => signFlip.craft!({ ...ctx, params: { scale: 1000, ...ctx.params } }),
};
