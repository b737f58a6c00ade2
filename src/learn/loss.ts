import type { LossKind, Tensor, Tf } from './model.ts';

/**
 * Mean loss of logits z [b, k] against integer labels y [b]:
 * softmax-ce: −log softmax(z)_y; logistic: log(1+e^{−s·z}) with s = 2y−1 ∈ {−1, 1};
 * hinge (linear SVM): max(0, 1 − s·z).
 */
export function meanLoss(tf: Tf, kind: LossKind, logits: Tensor, labels: Tensor, outputs: number): Tensor {
  if (kind === 'softmax-ce') {
    const oneHot = tf.oneHot(labels as never, outputs);
    return tf.losses.softmaxCrossEntropy(oneHot, logits);
  }
  const z = logits.reshape([-1]);
  const s = labels.toFloat().mul(2).sub(1);
  const margin = z.mul(s);
  if (kind === 'logistic') return tf.softplus(margin.neg()).mean();
  return tf.relu(tf.scalar(1).sub(margin)).mean();
}

/** Predicted labels: argmax for softmax, sign of the logit for binary losses. */
export function predict(tf: Tf, kind: LossKind, logits: Tensor): Tensor {
  if (kind === 'softmax-ce') return logits.argMax(1);
  return logits.reshape([-1]).greater(0).toInt();
}
