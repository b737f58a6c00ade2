import type { ModelDef } from '../src/learn/model.ts';

/** Multi-layer perceptron features → hidden… (ReLU) → classes, softmax cross-entropy. */
export function mlp(features: number, classes: number, hidden: readonly number[] = [100]): ModelDef {
  const widths = [features, ...hidden, classes > 2 ? classes : 1];
  const params = [];
  let flops = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    const [a, b] = [widths[l], widths[l + 1]];
    params.push({ name: `W${l}`, shape: [a, b], init: l + 2 < widths.length ? ('he' as const) : ('glorot' as const), fanIn: a, fanOut: b });
    params.push({ name: `b${l}`, shape: [b], init: 'zeros' as const });
    flops += 6 * a * b;
  }
  return {
    name: 'mlp',
    inputShape: [features],
    outputs: widths[widths.length - 1],
    loss: classes > 2 ? 'softmax-ce' : 'logistic',
    params,
    flopsPerExample: flops,
    forward(tf, p, x) {
      let h = x.reshape([-1, features]);
      const layers = p.length / 2;
      for (let l = 0; l < layers; l++) {
        h = tf.add(tf.matMul(h, p[2 * l]), p[2 * l + 1]);
        if (l + 1 < layers) h = tf.relu(h);
      }
      return h;
    },
  };
}
