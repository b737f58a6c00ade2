import type { ModelDef } from '../src/learn/model.ts';

/**
 * Logistic regression: z = x·W + b. With `classes` > 2 it is multinomial (softmax-ce);
 * with 2 classes it is the binary model with one logit and the logistic loss.
 */
export function logreg(features: number, classes: number): ModelDef {
  const outputs = classes > 2 ? classes : 1;
  return {
    name: 'logreg',
    inputShape: [features],
    outputs,
    loss: classes > 2 ? 'softmax-ce' : 'logistic',
    params: [
      { name: 'W', shape: [features, outputs], init: 'zeros' },
      { name: 'b', shape: [outputs], init: 'zeros' },
    ],
    flopsPerExample: 6 * features * outputs,
    forward(tf, [W, b], x) {
      return tf.add(tf.matMul(x.reshape([-1, features]), W), b);
    },
  };
}
