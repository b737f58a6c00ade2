import { z } from 'zod';
import { stream } from '../../../sim/rng.ts';
import { allFinite } from '../../runtime/optimizer.ts';
import { checkUse, innerAttack } from './inner.ts';
import { toAll, type ServerAttack } from './types.ts';

/**
 * Attack: a worker attack (`use`, default foe; its parameters beside `use`) applied to the models
 * the replica sends, from what it sees of the correct replicas: the latest model it received from
 * each correct replica (in GuanYu the updates replicas exchange every step; in LiuBei the gather
 * models, every T steps) and its own correct model (it runs the protocol's computation, so it
 * knows what a correct replica holds). An omniscient attack (alie, foe …) is handed those models
 * as its "honest" vectors, `own` is its own model; the same crafted model goes to everybody. E.g.
 * `{ use: alie, z: 3 }` sends μ − 3σ of those models, `{ use: foe, epsilon: 0.5 }` sends −0.5·μ.
 * Draws: `replica/<i>/model-attack/<channel>/<step>`, shared `replica/byz/shared`.
 *
 * Breaks: rules that trust the mean of replicas, and — with small deviations (alie) — filters
 * too loose to see them. Guarantees: GuanYu's median keeps the crafted model inside the correct
 * range; LiuBei's model filter rejects what lies beyond its bound of the worker's estimate, and
 * what passes is by construction close to a correct model (its harm is bounded).
 *
 * When an omniscient attack is undefined on what the replica has seen (ALIE's σ with ddof 1 over
 * its own model alone, before it has received any correct replica's model), its vector is not
 * finite; a replica that wants to go unnoticed then sends its own correct model instead of a NaN
 * model every filter would reject (`use: non-finite`, which means to send one, is left alone).
 */
export const modelAttack: ServerAttack = {
  name: 'attack',
  summary: 'a worker attack (use: foe, alie …) on the models it sends, from the correct replicas’ models it received',
  breaks: 'trust in the replicas’ mean; GuanYu’s median and LiuBei’s model filter bound what passes',
  params: { use: 'foe' },
  schema: z
    .object({ use: z.string() })
    .partial()
    .catchall(z.union([z.number(), z.string(), z.boolean()])),
  check: (params, nPs, fPs) => checkUse('attack', params, 'foe', true, nPs, fPs),
  create(s) {
    const { attack, params } = innerAttack(s.params, 'foe');
    const seen = new Map<string, { step: number; model: Float32Array }>();
    const state = new Map<string, unknown>();
    return {
      models(channel, step, own, to) {
        const honest = attack.omniscient ? [own, ...[...seen.values()].map((x) => x.model)] : [];
        const crafted = attack.craft!({
          step,
          n: s.nPs,
          f: s.fPs,
          own,
          honest,
          rng: stream(s.seed, `replica/${s.index}/model-attack/${channel}/${step}`),
          sharedRng: stream(s.seed, 'replica/byz/shared'),
          params,
          state,
        });
        return toAll(to, attack.omniscient && !allFinite(crafted) ? own : crafted);
      },
      observe(from, step, model) {
        if (!s.isCorrect(from) || !(model instanceof Float32Array) || (seen.get(from)?.step ?? -1) > step) return; // correct replicas send models
        seen.set(from, { step, model });
      },
    };
  },
};
