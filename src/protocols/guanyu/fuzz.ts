/**
 * How `byzsim fuzz protocol guanyu` explores GuanYu: its tiny configuration (9 replicas of which 1
 * Byzantine, 7 workers of which 1 Byzantine, Krum on q_wr = 5 gradients, the median of q_ps = 7
 * models, asynchronous links: room for one correct replica to crash, n_ps ≥ 3(f_ps + 1) + 3), the Byzantine nodes' choices (workload/server-attack-choices.ts:
 * each server behaviour with its parameters, and the Byzantine workers' attack) and what stays
 * inside the assumptions: any finite delays (asynchrony), duplication, and as many honest worker
 * crashes as leave q_wr senders when every Byzantine worker's vector is refused (n − f − q_wr),
 * and as many correct replica crash-stops c as GuanYu's bounds allow with c counted in f_ps
 * (check.ts: n_ps ≥ 3(f_ps + c) + 3, 2(f_ps + c) + 3 ≤ q_ps ≤ n_ps − f_ps − c);
 * no losses (GuanYu waits on quorums over reliable links, without retransmission). Outside them
 * (`--unsafe`): q_ps = 2 < 2f_ps + 3, a median of two models a Byzantine replica pulls out of the
 * correct replicas' box (the `gather` predicate's violation).
 */
import { serverQuorum } from '../../scenario/resolve.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import type { ProtocolFuzz } from '../types.ts';
import { replicaCrashBudget } from '../runtime/crash-budget.ts';
import { guanyuAssumptions } from './check.ts';
import { guanyuNodes } from './nodes.ts';
import { SERVER_ATTACK_CHOICES } from '../workload/server-attack-choices.ts';

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
  choices: (cfg: RunConfig) => ((cfg.servers?.f ?? 0) > 0 ? SERVER_ATTACK_CHOICES : []),
  assumption: (cfg: RunConfig) => ({
    crashes: Math.max(0, cfg.workers.n - cfg.workers.f - serverQuorum(cfg)),
    serverCrashes: replicaCrashBudget(cfg, guanyuNodes(cfg), guanyuAssumptions),
    loss: false,
    duplication: true,
  }),
};
