import { replicatedFuzz } from '../runtime/crash-budget.ts';
import type { ProtocolFuzz } from '../types.ts';
import { liubeiAssumptions } from './check.ts';
import { liubeiNodes } from './nodes.ts';

export const liubeiFuzz: ProtocolFuzz = {
  predicates: () => import('./predicates.ts').then((m) => m.LIUBEI_PREDICATES),
  tiny: {
    protocol: 'liubei',
    servers: { n: 7, f: 1, attack: 'arbitrary' },
    workers: { n: 5, f: 1, batch: 4, attack: 'sign-flip' },
    server: { gar: 'median', quorum: 3, lr: 0.1 },
    liubei: { T: 2 },
    network: { synchrony: { mode: 'synchronous', deltaMs: 10 } },
  },
  outside: { network: { synchrony: { mode: 'asynchronous' } }, liubei: { deltaMs: 10 } },
  ...replicatedFuzz(liubeiNodes, liubeiAssumptions),
};
