import { z } from 'zod';
import { stream } from '../../../sim/rng.ts';
import { checkUse, innerAttack } from './inner.ts';
import { toAll, type ServerAttack } from './types.ts';

/**
 * Arbitrary: the replica sends one crafted vector, the same to every recipient, in place of each
 * model: a non-omniscient worker attack (`use`, default gaussian) applied to its own model,
 * e.g. `{ use: gaussian, std: 10 }` (N(0, 100·I), ignoring the model) or `{ use: non-finite }`.
 * The draws come from `replica/<i>/attack/<step>` (each channel of a step draws them afresh) and
 * the shared `replica/byz/shared`.
 *
 * Breaks: a plain average of the replicas' models (one far vector moves it anywhere).
 * Guarantees: GuanYu's coordinate-wise median of q_ps ≥ 2f_ps + 3 models stays within the
 * correct models' range; LiuBei's model filter rejects a model farther than its bound from the
 * worker's own estimate, and MeaMed at the gather discards the outliers.
 */
export const arbitrary: ServerAttack = {
  name: 'arbitrary',
  summary: 'one crafted vector to everybody: a non-omniscient worker attack on its own model (use: gaussian, std: 10)',
  breaks: 'plain averaging of replicas; GuanYu’s median and LiuBei’s model filter + MeaMed hold',
  params: { use: 'gaussian' },
  schema: z
    .object({ use: z.string() })
    .partial()
    .catchall(z.union([z.number(), z.string(), z.boolean()])),
  check: (params, nPs, fPs) => checkUse('arbitrary', params, 'gaussian', false, nPs, fPs),
  create(s) {
    const { attack, params } = innerAttack(s.params, 'gaussian');
    const state = new Map<string, unknown>();
    return {
      models: (_channel, step, own, to) =>
        toAll(
          to,
          attack.craft!({
            step,
            n: s.nPs,
            f: s.fPs,
            own,
            honest: [],
            rng: stream(s.seed, `replica/${s.index}/attack/${step}`),
            sharedRng: stream(s.seed, 'replica/byz/shared'),
            params,
            state,
          }),
        ),
      observe: () => {},
    };
  },
};
