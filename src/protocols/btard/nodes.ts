/**
 * BTARD's nodes: n peers `p0 … p{n−1}`, the last f Byzantine. Link streams are named from node
 * ids (`link/p3→p1`), so the names are part of every run's draws.
 */
import type { RunConfig } from '../../scenario/schema.ts';
import { numbered, type NodeSpec } from '../runtime/roles.ts';

export type BtardRole = 'peer';

export function btardNodes(cfg: RunConfig): NodeSpec<BtardRole>[] {
  return numbered('peer', 'p', cfg.workers.n, cfg.workers.f);
}
