import { z } from 'zod';
import type { NetworkAdversary } from './types.ts';

/**
 * rush-byzantine: every message a Byzantine node sends takes `fastMs` (default 0); every other
 * message keeps the links' delay model. Byzantine replies win every race without slowing anyone.
 *
 * Shows: how much a first-q quorum's Byzantine share grows from f·q/n on average to min(f, q)/q when
 * the attackers are simply faster (closer to the server, idle machines) — no synchrony bound is
 * stretched, so it is allowed in every mode. Any n, f.
 */
export const rushByzantine: NetworkAdversary = {
  name: 'rush-byzantine',
  summary: 'messages from Byzantine nodes after fastMs, the rest from the delay model',
  shows: "a first-q quorum's Byzantine share grows to min(f, q)/q without any honest message being late",
  params: { fastMs: 0 },
  schema: z
    .object({ fastMs: z.number().finite().min(0) })
    .partial()
    .strict(),
  create: (s) => {
    const fast = Number(s.params.fastMs ?? 0);
    return (from) => (s.isByzantine(from) ? fast : undefined);
  },
};
