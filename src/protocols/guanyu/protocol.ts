/**
 * GuanYu's registry entry (El Mhamdi, Guerraoui, Guirguis, Rouault 2019; seed 002): replicated
 * servers of which the last f_ps are Byzantine, workers of which the last f are Byzantine, an
 * asynchronous network, quorums on both sides.
 */
import { serverQuorum } from '../../scenario/resolve.ts';
import type { ProtocolDef } from '../types.ts';
import { guanyuAssumptions, checkGuanyu } from './check.ts';
import { guanyuFuzz } from './fuzz.ts';
import { guanyuNodes } from './nodes.ts';

export const guanyu: ProtocolDef = {
  name: 'guanyu',
  summary:
    'replicated servers (servers: { n, f, quorum, attack }), the last f_ps Byzantine; workers take the median of q_ps models, replicas the GAR of q_wr gradients and the median of q_ps updates',
  paper: 'El Mhamdi, Guerraoui, Guirguis, Rouault 2019 (seed 002)',
  check: checkGuanyu,
  assumptions: guanyuAssumptions,
  nodes: guanyuNodes,
  faultRole: 'worker',
  serverRole: 'replica',
  aggregation: (cfg) => ({ count: serverQuorum(cfg), by: 'each replica aggregates' }),
  metrics: [{ field: 'drift', summary: 'max over correct replicas of ‖w_i − w̄‖ (w̄ their mean), after the step' }],
  figures: [
    {
      metric: 'drift',
      title: 'drift between correct replicas',
      yLabel: 'drift: max ‖wᵢ − w̄‖ over correct replicas',
      log: true,
      caption: 'Replicated servers: largest distance of a correct replica’s model to the correct replicas’ mean, after each step.',
    },
  ],
  fuzz: guanyuFuzz,
  run: () => import('./run.ts').then((m) => m.runGuanyu),
};
