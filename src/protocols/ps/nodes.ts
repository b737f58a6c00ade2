/** The parameter-server protocol's nodes: one trusted `server`, workers `w0 … w{n−1}` (the last f Byzantine). */
import type { RunConfig } from '../../scenario/schema.ts';
import { numbered, type NodeSpec } from '../runtime/roles.ts';

export type PsRole = 'server' | 'worker';

export const SERVER = 'server';

export function psNodes(cfg: RunConfig): NodeSpec<PsRole>[] {
  return [{ id: SERVER, role: 'server', index: 0, byzantine: false }, ...numbered('worker', 'w', cfg.workers.n, cfg.workers.f)];
}
