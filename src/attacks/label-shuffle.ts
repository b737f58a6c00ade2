import { shuffle } from '../sim/rng.ts';
import type { Attack } from './types.ts';
import { NO_PARAMS } from '../gars/types.ts';

/**
 * Label shuffle (Zaharia, seed 003): the attacker computes its gradient correctly but on an
 * arbitrary permutation of the batch's targets — here a uniform Fisher–Yates permutation drawn
 * from the attacker's stream each step. The multiset of labels is kept, their pairing with
 * inputs is lost. A data attack: the simulator calls `transformLabels` before the gradient.
 */
export const labelShuffle: Attack = {
  name: 'label-shuffle',
  summary: 'train on a random permutation of the batch targets',
  params: {},
  schema: NO_PARAMS,
  omniscient: false,
  transformLabels(labels, _classes, rng) {
    const out = Int32Array.from(labels);
    shuffle(out, rng);
    return out;
  },
};
