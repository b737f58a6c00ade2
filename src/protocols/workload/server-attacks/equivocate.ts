import { z } from 'zod';
import { normal, stream } from '../../../sim/rng.ts';
import type { ServerAttack } from './types.ts';

/**
 * Equivocate: a different model to every recipient (each worker and each replica): its own
 * model plus Gaussian noise, w + std·ξ_r with ξ_r ~ N(0, I) drawn from
 * `replica/<i>/equivocate/<channel>/<recipient>/<step>` (params: `std`, default 1).
 *
 * Breaks: agreement — correct nodes that read it hold different views, so correct replicas drift
 * apart (a protocol that trusts one replica's word, or that needs every correct node to see the
 * same inputs, diverges). Guarantees: GuanYu bounds the spread of correct replicas through the
 * median of q_ps models (drift stays bounded, not 0); LiuBei's model filter rejects a model
 * farther than its bound, and the gather's MeaMed keeps correct replicas within a constant factor
 * of the correct models' range (its drift predicate).
 */
export const equivocate: ServerAttack = {
  name: 'equivocate',
  summary: 'a different model to each recipient: its own model + std·N(0, I) per recipient',
  breaks: 'agreement between correct replicas (drift); GuanYu’s median and LiuBei’s filters bound it',
  params: { std: 1 },
  schema: z
    .object({ std: z.number().min(0).finite() })
    .partial()
    .strict(),
  create(s) {
    const std = Number(s.params.std ?? 1);
    return {
      models: (channel, step, own, to) =>
        to.map((r) => {
          const rng = stream(s.seed, `replica/${s.index}/equivocate/${channel}/${r}/${step}`);
          const out = new Float32Array(own.length);
          for (let k = 0; k < out.length; k++) out[k] = own[k] + std * normal(rng);
          return out;
        }),
      observe: () => {},
    };
  },
};
