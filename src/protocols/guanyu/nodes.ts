/** GuanYu's nodes: replicas `s0 … s{n_ps−1}` (the last f_ps Byzantine) and workers `w0 … w{n−1}` (the last f Byzantine). */
import type { RunConfig } from '../../scenario/schema.ts';
import { numbered, type NodeSpec } from '../runtime/roles.ts';

export type GuanyuRole = 'replica' | 'worker';

export function guanyuNodes(cfg: RunConfig): NodeSpec<GuanyuRole>[] {
  const s = cfg.servers ?? { n: 0, f: 0 };
  return [...numbered('replica', 's', s.n, s.f), ...numbered('worker', 'w', cfg.workers.n, cfg.workers.f)];
}

/** q_ps: replica models a worker or replica waits for (default n_ps − f_ps). */
export const replicaQuorum = (cfg: RunConfig): number => (cfg.servers ? (cfg.servers.quorum ?? cfg.servers.n - cfg.servers.f) : 0);
