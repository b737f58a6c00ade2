/**
 * The parameter server's own metric fields (declared in its registry entry), written when the
 * scenario names a network adversary (`network.adversary`) — rows of runs without one keep their
 * fields as before. They measure what the adversary's schedule did to the step's quorum.
 */
import type { MetricField } from '../types.ts';
import { round } from '../../sim/metrics.ts';

export const PS_METRICS: readonly MetricField[] = [
  { field: 'byzantineShare', summary: 'Byzantine gradients ÷ gradients aggregated this step (written when network.adversary is set)' },
  {
    field: 'honestLeftOut',
    summary: 'honest workers whose gradient for this step was not aggregated: late, lost or never sent (written when network.adversary is set)',
  },
];

/** The step's quorum make-up from its counts: `used` aggregated, `byzantineUsed` of them Byzantine, `honest` honest workers in all. */
export function quorumMakeup(used: number, byzantineUsed: number, honest: number): { byzantineShare: number; honestLeftOut: number } {
  return { byzantineShare: used > 0 ? round(byzantineUsed / used) : 0, honestLeftOut: honest - (used - byzantineUsed) };
}
