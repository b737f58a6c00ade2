import type { ProtocolFuzz } from '../types.ts';
import { replicatedFuzz } from '../runtime/crash-budget.ts';
import { guanyuAssumptions } from './check.ts';
import { guanyuNodes } from './nodes.ts';

export const guanyuFuzz: ProtocolFuzz = {
  predicates: () => import('./predicates.ts').then((m) => m.GUANYU_PREDICATES),
  tiny: {
    protocol: 'guanyu',
    servers: { n: 9, f: 1, quorum: 7, attack: 'silent' },
    workers: { n: 7, f: 1, batch: 4, attack: 'sign-flip' },
    server: { gar: 'krum', quorum: 5, lr: 0.1 },
    network: { synchrony: { mode: 'asynchronous' } },
  },
  outside: { servers: { quorum: 2 } },
  ...replicatedFuzz(guanyuNodes, guanyuAssumptions),
};
