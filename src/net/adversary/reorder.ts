import { z } from 'zod';
import { stream } from '../../sim/rng.ts';
import { latestDelay } from '../synchrony.ts';
import type { NetworkAdversary } from './types.ts';

/**
 * reorder: every message's delay is uniform on [0, latest], where latest is the longest the
 * synchrony mode allows (`latestDelay`: Δ when synchronous; GST + Δ − now before GST and Δ after
 * when partial; `holdMs` when asynchronous), drawn from the named stream `network/adversary/reorder`
 * in send order. Messages overtake each other as much as the bound permits, and no more.
 *
 * Shows: which protocol steps rely on FIFO links or on replies arriving in send order (stale
 * models, out-of-order gradients): within the bound every order is allowed. Any n, f.
 */
export const reorder: NetworkAdversary = {
  name: 'reorder',
  summary: 'every delay uniform on [0, the synchrony bound] (holdMs when asynchronous): any order the bound allows',
  shows: 'what relies on FIFO delivery or send order: within the bound every order is allowed',
  params: { holdMs: 100 },
  schema: z
    .object({ holdMs: z.number().finite().min(0) })
    .partial()
    .strict(),
  create: (s) => {
    const hold = Number(s.params.holdMs ?? 100);
    const rng = stream(s.seed, 'network/adversary/reorder');
    return (_from, _to, _msg, nowMs) => rng() * latestDelay(s.synchrony, nowMs, hold);
  },
};
