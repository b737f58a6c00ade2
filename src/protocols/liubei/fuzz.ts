/**
 * How `byzsim fuzz protocol liubei` explores LiuBei: its tiny configuration (7 replicas of which 1
 * Byzantine — n_ps = 3(f_ps + 1) + 1: room for one correct replica to crash-stop —, 5 workers of
 * which 1 Byzantine, the coordinate-wise median of q_wr = 3 gradients after the round's deadline, a
 * gather every T = 2 steps, synchronous links with Δ = 10 ms), the Byzantine nodes' choices
 * (workload/server-attack-choices.ts, shared with GuanYu: each server behaviour with its
 * parameters, and the Byzantine workers' attack) and what stays inside the assumptions: delays up
 * to Δ, duplication, as many honest worker crashes as leave q_wr gradients at the deadline when
 * every Byzantine worker's vector is refused (n − f − q_wr), and as many correct replica
 * crash-stops c as n_ps ≥ 3(f_ps + c) + 1 allows (check.ts counts them in f_ps; the nodes are
 * configured for F = f_ps + c); no losses (a lost gradient or gather model is not sent again: a
 * replica short of its quorum waits).
 *
 * Outside them (`--unsafe`: the same on asynchronous links, the protocol still assuming Δ = 10 ms,
 * `liubei.deltaMs`; no replica crash): a correct replica's reply later than 2Δ times out as if it
 * were silent, and a gather's deadline passes without a correct replica's model — the `timely`
 * predicate's violation.
 */
import { serverQuorum } from '../../scenario/resolve.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import { replicaCrashBudget } from '../runtime/crash-budget.ts';
import type { ProtocolFuzz } from '../types.ts';
import { SERVER_ATTACK_CHOICES } from '../workload/server-attack-choices.ts';
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
  choices: (cfg: RunConfig) => ((cfg.servers?.f ?? 0) > 0 ? SERVER_ATTACK_CHOICES : []),
  assumption: (cfg: RunConfig) => ({
    crashes: Math.max(0, cfg.workers.n - cfg.workers.f - serverQuorum(cfg)),
    serverCrashes: replicaCrashBudget(cfg, liubeiNodes(cfg), liubeiAssumptions),
    loss: false,
    duplication: true,
  }),
};
