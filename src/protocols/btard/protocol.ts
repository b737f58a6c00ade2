/**
 * BTARD-SGD's registry entry (Gorbunov, Borzunov, Diskin, Ryabinin, ICML 2022; seed 003): peers
 * without a server, a butterfly all-reduce aggregated part by part with the GAR, validators that
 * ban attackers.
 */
import type { ProtocolDef } from '../types.ts';
import { checkBtard } from './check.ts';
import { btardNodes } from './nodes.ts';

export const btard: ProtocolDef = {
  name: 'btard',
  summary: 'peers without a server (btard: { validators }): butterfly all-reduce, the GAR per part (CenteredClip), validators ban attackers; f ≤ ⌈n/2⌉−1',
  paper: 'Gorbunov, Borzunov, Diskin, Ryabinin, ICML 2022 (seed 003)',
  sections: ['btard'],
  check: checkBtard,
  nodes: btardNodes,
  faultRole: 'peer',
  // Every member's part is aggregated; bans remove Byzantine members and lower f with them.
  aggregation: (cfg) => ({ count: cfg.workers.n, by: 'each butterfly part aggregates' }),
  metrics: [
    { field: 'banned', summary: 'peers banned so far' },
    { field: 'drift', summary: 'max over honest peers of ‖w_i − w̄‖ (0: the all-reduce leaves them the same model)' },
  ],
  figures: [
    { metric: 'banned', title: 'banned peers', yLabel: 'banned peers', caption: 'BTARD: peers banned after validation caught them attacking.' },
    {
      metric: 'drift', title: 'drift between honest peers', yLabel: 'drift: max ‖wᵢ − w̄‖ over honest peers',
      caption: 'BTARD: largest distance of an honest peer’s model to the honest peers’ mean, after each step (0 while every aggregate is right).',
    },
  ],
  run: () => import('./run.ts').then((m) => m.runBtard),
};
