/**
 * How `byzsim fuzz protocol ps` explores the parameter-server protocol: on its skeleton
 * (fuzz-run.ts: the real actors, constant payloads — no learning stack), its tiny configuration
 * (n = 7 workers of which f = 1 sends malformed vectors, async first q = 6, a 30 ms timeout with
 * retransmission, loss and duplication 0.05, asynchronous links), its safety predicates
 * (predicates.ts) and what stays inside the assumptions: any finite delays; duplication; loss only
 * with a timeout (the server re-sends; without one a lost message is never replaced); as many
 * honest worker crashes as leave the quorum it needs (async q; sync with a timeout q; sync
 * without one all n): n − f − that. The Byzantine workers' one choice is the malformed vector.
 */
import type { RunConfig } from '../../scenario/schema.ts';
import type { ProtocolFuzz } from '../types.ts';
import { psQuorum } from './quorum.ts';

export const psFuzz: ProtocolFuzz = {
  predicates: () => import('./predicates.ts').then((m) => m.PS_PREDICATES),
  tiny: {
    protocol: 'ps',
    workers: { n: 7, f: 1, batch: 4, attack: 'non-finite' },
    server: { gar: 'median', policy: 'async', quorum: 6, timeoutMs: 30 },
    network: { loss: 0.05, duplication: 0.05 },
  },
  assumption: (cfg: RunConfig) => ({
    crashes: Math.max(0, cfg.workers.n - cfg.workers.f - psQuorum(cfg)),
    loss: cfg.server.timeoutMs !== undefined,
    duplication: true,
  }),
  skeleton: () => import('./fuzz-run.ts').then((m) => m.runPsCase),
};
