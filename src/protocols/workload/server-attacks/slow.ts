import { z } from 'zod';
import type { Synchrony } from '../../../net/synchrony.ts';
import type { ServerAttack } from './types.ts';

/**
 * Its messages' raw link delay: on synchronous links `fraction`·Δ (default 0.99: just under the
 * bound, the latest a correct node's message may arrive); on partial or asynchronous links
 * `delayMs` (default 1000), which partial synchrony still cuts to GST + Δ before GST and to Δ after.
 */
export function slowDelayMs(synchrony: Synchrony, fraction: number, delayMs: number): number {
  return synchrony.mode === 'synchronous' ? fraction * synchrony.deltaMs : delayMs;
}

/**
 * Slow: the replica sends its correct models, as late as the synchrony assumption allows
 * (`slowDelayMs`). Modelled as the delay of every message it sends, so a receiver sees exactly what
 * a correct replica behind a slow link would send.
 *
 * Breaks: protocols that tell slow from faulty by timing — under asynchrony nobody can, so an
 * asynchronous protocol must never wait for it. Guarantees: GuanYu's first q_ps models rarely
 * include it (it costs nothing); on synchronous links LiuBei's pulls from it still arrive within
 * its timeout and its models pass the filters (they are correct): it costs latency only.
 */
export const slow: ServerAttack = {
  name: 'slow',
  summary: 'correct models, sent as late as the synchrony bound allows (fraction·Δ; delayMs when not synchronous)',
  breaks: 'nothing it is not allowed to: costs latency; asynchronous protocols must not wait for it',
  params: { fraction: 0.99, delayMs: 1000 },
  schema: z
    .object({ fraction: z.number().gt(0).max(1), delayMs: z.number().min(0).finite() })
    .partial()
    .strict(),
  create: (s) => ({
    models: (_channel, _step, own, to) => to.map(() => own),
    observe: () => {},
    delayMs: slowDelayMs(s.synchrony, Number(s.params.fraction ?? 0.99), Number(s.params.delayMs ?? 1000)),
  }),
};
