/** LiuBei's nodes: replicas `s0 … s{n_ps−1}` (the last f_ps Byzantine) and workers `w0 … w{n−1}` (the last f Byzantine). */
import type { RunConfig } from '../../scenario/schema.ts';
import { numbered, type NodeSpec } from '../runtime/roles.ts';

export type LiubeiRole = 'replica' | 'worker';

export function liubeiNodes(cfg: RunConfig): NodeSpec<LiubeiRole>[] {
  const s = cfg.servers ?? { n: 0, f: 0 };
  return [...numbered('replica', 's', s.n, s.f), ...numbered('worker', 'w', cfg.workers.n, cfg.workers.f)];
}
