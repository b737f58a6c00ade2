import { z } from 'zod';
import { latestDelay } from '../synchrony.ts';
import type { NetworkAdversary } from './types.ts';

/**
 * isolate: every message from or to node `node` takes the longest the synchrony mode allows
 * (`latestDelay`: Δ when synchronous; GST + Δ − now before GST and Δ after when partial;
 * `holdMs` when asynchronous); every other message keeps the delay model. The node is slow, not
 * cut off: each of its messages is delivered.
 *
 * Shows: what one slow node costs — a server waiting for all n waits Δ per step; a quorum of the
 * first q (q ≤ n − 1) leaves it out, and its gradients arrive stale. Any n, f; `node` names a node of
 * the protocol (server, w0 …).
 */
export const isolate: NetworkAdversary = {
  name: 'isolate',
  summary: 'messages from or to node (required: a node name) at the edge of the synchrony bound (holdMs when asynchronous)',
  shows: 'the cost of one slow node: a wait-for-all server waits Δ per step, a first-q quorum leaves it out',
  params: { holdMs: 100 },
  schema: z.object({ node: z.string().min(1), holdMs: z.number().finite().min(0).optional() }).strict(),
  check: (p, nodes) =>
    nodes.includes(String(p.node))
      ? undefined
      : `node: ${JSON.stringify(p.node)} — isolate needs a node of the run (${nodes.slice(0, 4).join(', ')}${nodes.length > 4 ? ', …' : ''})`,
  create: (s) => {
    const node = String(s.params.node);
    const hold = Number(s.params.holdMs ?? 100);
    return (from, to, _msg, nowMs) => (from === node || to === node ? latestDelay(s.synchrony, nowMs, hold) : undefined);
  },
};
