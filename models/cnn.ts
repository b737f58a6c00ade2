import type { Tensor4D } from '@tensorflow/tfjs';
import type { ModelDef } from '../src/learn/model.ts';

/**
 * The seed-000 CNN on 28×28×1 digits: conv5×5×c1 (ReLU) → maxpool 2 → conv5×5×c2 (ReLU) →
 * maxpool 2 → dense `classes`, 'same' padding. Default c1 = 32, c2 = 64
 * (62.9 MFLOP per example forward+backward).
 */
export function cnn(classes = 10, filters: readonly [number, number] = [32, 64], side = 28): ModelDef {
  const [c1, c2] = filters;
  const s1 = side;
  const s2 = Math.ceil(s1 / 2);
  const s3 = Math.ceil(s2 / 2);
  const flat = s3 * s3 * c2;
  const convFlops = 2 * 25 * (s1 * s1 * c1 + s2 * s2 * c1 * c2);
  return {
    name: 'cnn',
    inputShape: [side, side, 1],
    outputs: classes,
    loss: 'softmax-ce',
    params: [
      { name: 'k1', shape: [5, 5, 1, c1], init: 'he', fanIn: 25, fanOut: 25 * c1 },
      { name: 'b1', shape: [c1], init: 'zeros' },
      { name: 'k2', shape: [5, 5, c1, c2], init: 'he', fanIn: 25 * c1, fanOut: 25 * c2 },
      { name: 'b2', shape: [c2], init: 'zeros' },
      { name: 'W', shape: [flat, classes], init: 'glorot', fanIn: flat, fanOut: classes },
      { name: 'b', shape: [classes], init: 'zeros' },
    ],
    flopsPerExample: 3 * (convFlops + 2 * flat * classes),
    forward(tf, [k1, b1, k2, b2, W, b], x) {
      let h = x.reshape([-1, side, side, 1]) as Tensor4D;
      h = tf.relu(tf.add(tf.conv2d(h, k1 as Tensor4D, 1, 'same'), b1)) as Tensor4D;
      h = tf.maxPool(h, 2, 2, 'same');
      h = tf.relu(tf.add(tf.conv2d(h, k2 as Tensor4D, 1, 'same'), b2)) as Tensor4D;
      h = tf.maxPool(h, 2, 2, 'same');
      return tf.add(tf.matMul(h.reshape([-1, flat]), W), b);
    },
  };
}
