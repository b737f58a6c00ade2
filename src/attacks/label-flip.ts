import type { Attack } from './types.ts';
import { NO_PARAMS } from '../gars/types.ts';

/** y → C − 1 − y for every label (C classes). */
export function flipLabels(labels: Int32Array, classes: number): Int32Array {
  const out = new Int32Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = classes - 1 - labels[i];
  return out;
}

/**
 * Label flip (data poisoning; Allen-Zhu et al. 2020, Karimireddy et al. 2021, BTARD; seed 003):
 * the attacker trains on y' = (C − 1) − y (9 − y on MNIST) and sends the honest gradient of the
 * poisoned batch. A data attack: the simulator calls `transformLabels` before the gradient.
 * @example classes 10, [0, 3, 9] → [9, 6, 0]
 */
export const labelFlip: Attack = {
  name: 'label-flip',
  summary: 'train on flipped labels y → C−1−y',
  params: {},
  schema: NO_PARAMS,
  omniscient: false,
  transformLabels: (labels, classes) => flipLabels(labels, classes),
};
