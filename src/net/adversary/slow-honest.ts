import { z } from 'zod';
import { latestDelay } from '../synchrony.ts';
import type { NetworkAdversary } from './types.ts';

/**
 * slow-honest: a message between two honest nodes takes the longest the synchrony mode allows
 * (`latestDelay`: Δ when synchronous; GST + Δ − now before GST and Δ after when partial; `holdMs`
 * when asynchronous — late, but delivered); a message from or to a Byzantine node (the
 * adversary's own, whose mail it reads at once) takes `fastMs`. So Byzantine messages arrive first
 * and honest ones at the edge of the bound.
 *
 * Shows (seed 002, Payberah's "Robust Learning", GuanYu): under asynchrony a node cannot tell a
 * slow honest worker from a Byzantine one, so a quorum of the first q replies is mostly Byzantine
 * whenever q < 2f: an asynchronous protocol needs q ≥ 2f + 1 of the first replies, hence n ≥ 3f + 1;
 * a synchronous server that waits for all n (or for Δ) keeps its honest majority. Any n, f.
 */
export const slowHonest: NetworkAdversary = {
  name: 'slow-honest',
  summary: 'honest↔honest messages at the edge of the synchrony bound (holdMs when asynchronous), messages from or to Byzantine nodes after fastMs',
  shows: 'an asynchronous quorum of the first q replies is mostly Byzantine when q < 2f (seed 002); a synchronous server keeps its honest majority',
  params: { holdMs: 100, fastMs: 0 },
  schema: z
    .object({ holdMs: z.number().finite().min(0), fastMs: z.number().finite().min(0) })
    .partial()
    .strict(),
  create: (s) => {
    const hold = Number(s.params.holdMs ?? 100);
    const fast = Number(s.params.fastMs ?? 0);
    return (from, to, _msg, nowMs) => (s.isByzantine(from) || s.isByzantine(to) ? fast : latestDelay(s.synchrony, nowMs, hold));
  },
};
