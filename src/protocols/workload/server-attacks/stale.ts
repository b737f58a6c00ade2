import { z } from 'zod';
import type { ServerAttack } from './types.ts';

/**
 * Stale: on each channel, the replica sends the model it would have sent `k` steps ago (params:
 * `k`, default 5; before step k, its first model: the shared initial one), to everybody.
 *
 * Breaks: protocols that take any replica's word as current — a stale model drags training back
 * and gradients computed there are out of date. Guarantees: GuanYu's median of q_ps models keeps
 * it inside the correct range (stale models of one replica are outvoted); LiuBei's model filter
 * bounds how far an accepted model may lie from the worker's own estimate, so only slightly stale
 * models pass (bounded staleness, which SGD tolerates), and the Lipschitz filter watches the rest.
 */
export const stale: ServerAttack = {
  name: 'stale',
  summary: 'the model it would have sent k steps ago (default k = 5)',
  breaks: 'protocols that trust one replica’s model as current; GuanYu’s median and LiuBei’s model filter bound the staleness',
  params: { k: 5 },
  schema: z
    .object({ k: z.number().int().min(1) })
    .partial()
    .strict(),
  create(s) {
    const k = Number(s.params.k ?? 5);
    /** Per channel, the models it was handed, oldest first (only the ones it may still send). */
    const history = new Map<string, { step: number; model: Float32Array }[]>();
    return {
      models(channel, step, own, to) {
        let h = history.get(channel);
        if (h === undefined) history.set(channel, (h = []));
        h.push({ step, model: own });
        // the latest model of step ≤ step − k (a channel may not send every step), else the first one
        let pick = 0;
        while (pick + 1 < h.length && h[pick + 1].step <= step - k) pick++;
        h.splice(0, pick);
        return to.map(() => h[0].model);
      },
      observe: () => {},
    };
  },
};
