import type { PeerBehaviour } from './types.ts';

/**
 * `false-accusation`: accuse honest members. As a validator of an honest target it accuses the
 * target's gradient (`via: gradient`, the default) or flags one of the target's check values
 * (`via: check`), whatever its recomputation says; with `anyone: true` it also accuses a random
 * honest member's gradient in its check message at every attack step, validator or not.
 *
 * What it breaks if accusations were believed: an attacker could ban every honest peer. What
 * BTARD does: every member recomputes the accused's gradient at the shared model on its batch
 * (public data, public seed) and compares it with the accused's commitment — or, for a flagged
 * check value, the part is revealed and every member recomputes the value; it checks out, so the
 * accuser is banned (seed 003 §4.3). Caught at its first accusation; as a validator only, that is
 * the first attack step at which it is drawn to validate an honest member.
 */
export const falseAccusation: PeerBehaviour = {
  name: 'false-accusation',
  summary:
    'accuses honest members: as a validator, their gradient (via: gradient) or a check value (via: check); with anyone: true, in every check message too',
  params: { anyone: false, via: 'gradient' },
  check(params) {
    if (typeof params.anyone !== 'boolean') return `false-accusation: parameter anyone must be true or false, got ${String(params.anyone)}`;
    if (params.via !== 'gradient' && params.via !== 'check') return `false-accusation: parameter via must be gradient or check, got ${String(params.via)}`;
    return undefined;
  },
  deviation(params) {
    return { accuseTarget: params.via === 'check' ? 'check' : 'gradient', accuseAnyone: params.anyone === true };
  },
};
