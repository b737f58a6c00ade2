/** The parameter server's quorum. */
import { serverQuorum } from '../../scenario/resolve.ts';
import type { RunConfig } from '../../scenario/schema.ts';

/**
 * The fewest gradients the server aggregates in a step: q (default n − f) for async; for sync,
 * all n — or, with a timeout, q (default n − f) once Δ has passed.
 */
export function psQuorum(cfg: RunConfig): number {
  const waitsForAll = cfg.server.policy === 'sync' && cfg.server.timeoutMs === undefined;
  return waitsForAll ? cfg.workers.n : serverQuorum(cfg);
}
