import { wrongAggregate } from './wrong-aggregate.ts';
import type { PeerBehaviour } from './types.ts';

/**
 * `covert-aggregate`: publish a wrong aggregate x′ = scale·x + shift·u for its part (as
 * `wrong-aggregate`) and hide it: as a contributor of its own part, send the check value
 * s_me = −Σ_{i ≠ me} ⟨z, clip_τ(gᵢ − x′)⟩ — it holds the other contributors' parts, and z is
 * public once drawn — so that Σᵢ sᵢ = 0 and the check passes.
 *
 * What it breaks: the check alone (every contributor's check value is self-reported). What BTARD
 * does: a validator recomputes its target's whole computation — its gradient, and from it the
 * check values it owed; a forged one is flagged, the part is revealed and recomputed by every
 * member, and the aggregator is banned for the wrong aggregate. So it is caught only when
 * validated: the wrong aggregate is applied at every attack step before, and the ban step depends
 * on the validation rate (`btard.validators`, `btard.probability`) — BTARD's guarantee here is the
 * expected number of steps before the ban, not a check at every step.
 */
export const covertAggregate: PeerBehaviour = {
  name: 'covert-aggregate',
  summary: 'publishes a wrong aggregate for its part and forges its own check value so that the check passes (caught by validators only)',
  params: wrongAggregate.params,
  check: (params) => wrongAggregate.check?.(params)?.replace(/^wrong-aggregate/, 'covert-aggregate'),
  deviation(params) {
    return { ...wrongAggregate.deviation(params), cover: true };
  },
};
