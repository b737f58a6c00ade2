import { finiteParam, type PeerBehaviour } from './types.ts';

/**
 * `false-check`: frame an honest aggregator — as a contributor, add `shift` (default 1) to its
 * check value sᵢʲ for one random part j whose aggregator is honest, so that the part's check
 * Σᵢ sᵢʲ ≈ 0 fails.
 *
 * What it breaks if a failed check banned the aggregator: any contributor could ban any
 * aggregator. What BTARD does: the contributors reveal part j (checked against their commitments),
 * every member recomputes each sᵢʲ and CenteredClip; the aggregator's result is right, the liar's
 * sᵢʲ is not, and the liar is banned for a false accusation — at the first step it acts.
 */
export const falseCheck: PeerBehaviour = {
  name: 'false-check',
  summary: 'adds shift to its check value of one honest aggregator’s part, so that the check fails (frames the aggregator)',
  params: { shift: 1 },
  check(params) {
    const bad = finiteParam('false-check', params, 'shift');
    if (bad) return bad;
    return params.shift === 0 ? 'false-check: parameter shift must be non-zero (0 sends the right check value)' : undefined;
  },
  deviation(params) {
    const shift = Number(params.shift);
    return {
      checks(s, honestParts, rng) {
        const out = [...s];
        const open = honestParts.filter((j) => out[j] !== null);
        if (open.length > 0) {
          const j = open[Math.floor(rng() * open.length)];
          out[j] = (out[j] as number) + shift;
        }
        return out;
      },
    };
  },
};
