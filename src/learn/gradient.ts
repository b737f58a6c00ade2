/**
 * Gradients and evaluation of a model at a flat parameter vector, on the current tfjs
 * backend. Every tensor made here is disposed before returning (tf.tidy), so the number of
 * live tensors stays flat across steps.
 */
import type * as tfType from '@tensorflow/tfjs';
import type { ModelDef, Tf } from './model.ts';
import { dimension, unflatten } from './model.ts';
import { meanLoss, predict } from './loss.ts';

export interface GradientResult {
  readonly grad: Float32Array;
  readonly loss: number;
}

/** ∇ of the mean mini-batch loss at `params`, for the batch (x: b×features, y: b labels). */
export function gradient(tf: Tf, def: ModelDef, params: Float32Array, x: Float32Array, y: Int32Array): GradientResult {
  const b = y.length;
  const d = dimension(def);
  const grad = new Float32Array(d);
  const loss = tf.tidy(() => {
    const ps = unflatten(tf, def, params);
    const xs = tf.tensor(x, [b, ...def.inputShape]);
    const ys = tf.tensor1d(y, 'int32');
    const f = (...p: typeof ps) => meanLoss(tf, def.loss, def.forward(tf, p, xs), ys, def.outputs) as tfType.Scalar;
    const { value, grads } = tf.valueAndGrads(f)(ps);
    let off = 0;
    for (const g of grads) {
      const data = g.dataSync() as Float32Array;
      grad.set(data, off);
      off += data.length;
    }
    return value.dataSync()[0];
  });
  return { grad, loss };
}

export interface Evaluation {
  readonly loss: number;
  readonly accuracy: number;
}

/** Mean loss and accuracy on (x, y), in chunks of `chunk` examples. */
export function evaluate(tf: Tf, def: ModelDef, params: Float32Array, x: Float32Array, y: Int32Array, chunk = 1000): Evaluation {
  const n = y.length;
  const features = x.length / n;
  let lossSum = 0;
  let correct = 0;
  tf.tidy(() => {
    const ps = unflatten(tf, def, params);
    for (let s = 0; s < n; s += chunk) {
      const e = Math.min(n, s + chunk);
      tf.tidy(() => {
        const xs = tf.tensor(x.subarray(s * features, e * features), [e - s, ...def.inputShape]);
        const ys = tf.tensor1d(y.subarray(s, e), 'int32');
        const logits = def.forward(tf, ps, xs);
        lossSum += meanLoss(tf, def.loss, logits, ys, def.outputs).dataSync()[0] * (e - s);
        correct += predict(tf, def.loss, logits).equal(ys).sum().dataSync()[0];
      });
    }
  });
  return { loss: lossSum / n, accuracy: correct / n };
}
