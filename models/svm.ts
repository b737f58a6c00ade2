import type { ModelDef } from '../src/learn/model.ts';

/** Linear SVM: z = x·w + b with the hinge loss max(0, 1 − s·z), s ∈ {−1, 1} (binary tasks only). */
export function svm(features: number): ModelDef {
  return {
    name: 'svm',
    inputShape: [features],
    outputs: 1,
    loss: 'hinge',
    params: [
      { name: 'w', shape: [features, 1], init: 'zeros' },
      { name: 'b', shape: [1], init: 'zeros' },
    ],
    flopsPerExample: 6 * features,
    forward(tf, [w, b], x) {
      return tf.add(tf.matMul(x.reshape([-1, features]), w), b);
    },
  };
}
