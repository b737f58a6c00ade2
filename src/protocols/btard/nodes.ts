/**
 * BTARD's nodes: n peers, the last f Byzantine. They keep the workers' names `w0 … w{n−1}` for
 * now: link streams are named from node ids (`link/w3→w1`), so renaming them changes every run.
 */
import type { RunConfig } from '../../scenario/schema.ts';
import { numbered, type NodeSpec } from '../runtime/roles.ts';

export type BtardRole = 'peer';

export function btardNodes(cfg: RunConfig): NodeSpec<BtardRole>[] {
  return numbered('peer', 'w', cfg.workers.n, cfg.workers.f);
}
