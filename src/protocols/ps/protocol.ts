/**
 * The parameter-server protocol's registry entry (one trusted server, n workers of which the last
 * f are Byzantine; sync or async waiting policy): metadata read by validation and the CLI without
 * loading the learning stack, and its run, loaded on demand.
 */
import type { ProtocolDef } from '../types.ts';
import { checkPs } from './check.ts';
import { psFuzz } from './fuzz.ts';
import { PS_METRICS } from './metrics.ts';
import { psNodes } from './nodes.ts';
import { psQuorum } from './quorum.ts';

export const ps: ProtocolDef = {
  name: 'ps',
  summary: 'one trusted parameter server, n workers (the last f Byzantine); sync (all n, or a quorum after a timeout) or async (first q) waiting',
  check: checkPs,
  nodes: psNodes,
  faultRole: 'worker',
  aggregation: (cfg) => ({ count: psQuorum(cfg), by: 'the server aggregates' }),
  metrics: PS_METRICS,
  figures: [
    {
      metric: 'byzantineShare',
      title: 'Byzantine share of the aggregated gradients',
      yLabel: 'Byzantine gradients ÷ aggregated',
      caption: 'Under a network adversary: the fraction of the gradients the server aggregated at each step that came from Byzantine workers.',
    },
    {
      metric: 'honestLeftOut',
      title: 'honest gradients left out',
      yLabel: 'honest workers not aggregated',
      caption: 'Under a network adversary: honest workers whose gradient for the step the server did not aggregate (late, lost or never sent).',
    },
  ],
  fuzz: psFuzz,
  run: () => import('./run.ts').then((m) => m.runPs),
};
