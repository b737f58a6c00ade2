/** The DLG experiment's nodes: the curious `server` and the one honest worker `w0` it attacks. */
import type { RunConfig } from '../../scenario/schema.ts';
import { numbered, type NodeSpec } from '../runtime/roles.ts';

export type DlgRole = 'server' | 'worker';

export function dlgNodes(cfg: RunConfig): NodeSpec<DlgRole>[] {
  return [{ id: 'server', role: 'server', index: 0, byzantine: false }, ...numbered('worker', 'w', cfg.workers.n, cfg.workers.f)];
}
