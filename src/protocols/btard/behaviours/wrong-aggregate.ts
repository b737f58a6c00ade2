import { normal } from '../../../sim/rng.ts';
import { finiteParam, type PeerBehaviour } from './types.ts';

/**
 * `wrong-aggregate`: as the aggregator of its part, publish x′ = scale·x + shift·u instead of the
 * CenteredClip x of the parts it received (u a random unit vector from its own stream). Defaults
 * scale = −1, shift = 1: the sign-flipped aggregate, moved off any symmetric point.
 *
 * What it breaks without BTARD's check: every member applies x′ on part j (an all-reduce trusts
 * its aggregators). What the check says: x′ fails Σᵢ⟨z, clip_τ(gᵢ − x′)⟩ ≈ 0 unless
 * |⟨z, Σᵢ clip_τ(gᵢ − x′)⟩| ≤ m‖z‖η, so it is caught at the step it acts with probability
 * ≈ 1 − P(|N(0,1)| ≤ √len·η/‖x′ − x‖): the contributors reveal their parts, every member
 * recomputes CenteredClip and the aggregator is banned (seed 003 eq. (3); theory §6.4).
 */
export const wrongAggregate: PeerBehaviour = {
  name: 'wrong-aggregate',
  summary: 'publishes scale·x + shift·u for its part instead of CenteredClip x (default: −x + a unit shift)',
  params: { scale: -1, shift: 1 },
  check(params) {
    const bad = finiteParam('wrong-aggregate', params, 'scale') ?? finiteParam('wrong-aggregate', params, 'shift');
    if (bad) return bad;
    if (params.scale === 1 && (params.shift ?? 1) === 0) return 'wrong-aggregate: scale = 1 and shift = 0 publish the right aggregate';
    return undefined;
  },
  deviation(params) {
    const scale = Number(params.scale);
    const shift = Number(params.shift);
    return {
      aggregate(x, rng) {
        const u = Float64Array.from(x, () => normal(rng));
        let sq = 0;
        for (const v of u) sq += v * v;
        const norm = Math.sqrt(sq) || 1;
        return Float64Array.from(x, (v, k) => scale * v + (shift * u[k]) / norm);
      },
    };
  },
};
