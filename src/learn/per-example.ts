/**
 * Per-example gradient clipping for DP-SGD (Abadi et al. 2016): for a batch of b examples,
 *
 *   sum = Σᵢ gᵢ · min(1, C / ‖gᵢ‖),   gᵢ = ∇ℓ(θ; xᵢ, yᵢ) (the example's own loss, not the mean)
 *
 * returned with every ‖gᵢ‖ (before clipping). The mechanism (src/privacy/dpsgd.ts) adds
 * noise and divides by b.
 *
 * Dense models (logreg, svm, mlp: affine layers with ReLU between) need no per-example
 * tensors: a layer's per-example weight gradient is the outer product hᵢ ⊗ δᵢ of its input
 * and its output gradient, whose norm is ‖hᵢ‖·‖δᵢ‖; so one manual backward pass gives every
 * ‖gᵢ‖² = Σ_layers ‖δᵢ‖²(‖hᵢ‖² + 1) (the + 1 is the bias), and the clipped sum is one matMul
 * per layer, hᵀ·(s ⊙ δ). Other models (the CNN) fall back to b batch-1 gradients.
 */
import type * as tfType from '@tensorflow/tfjs';
import type { ModelDef, Tensor, Tf } from './model.ts';
import { dimension, unflatten } from './model.ts';
import { gradient } from './gradient.ts';

export interface ClippedSum {
  /** Σᵢ min(1, C/‖gᵢ‖)·gᵢ, length d. */
  readonly sum: Float32Array;
  /** ‖gᵢ‖ before clipping, length b. */
  readonly norms: Float32Array;
  /** Mean loss over the batch (as `gradient` reports it). */
  readonly loss: number;
}

/** Which path `perExampleClippedSum` takes for `def`: 'dense' (norm identity) or 'loop'. */
export function perExamplePath(def: ModelDef): 'dense' | 'loop' {
  return isDense(def) ? 'dense' : 'loop';
}

export function perExampleClippedSum(
  tf: Tf, def: ModelDef, params: Float32Array, x: Float32Array, y: Int32Array, C: number,
): ClippedSum {
  if (!(C > 0)) throw new Error(`per-example clipping: C must be > 0, got ${C}`);
  if (y.length === 0) throw new Error('per-example clipping: empty batch');
  return isDense(def) ? denseClippedSum(tf, def, params, x, y, C) : loopClippedSum(tf, def, params, x, y, C);
}

/** Affine layers (W [a,b], bias [b]) with ReLU between: the models built this way. */
function isDense(def: ModelDef): boolean {
  if (!['logreg', 'svm', 'mlp'].includes(def.name) || def.params.length % 2 !== 0) return false;
  let width = def.inputShape.length === 1 ? def.inputShape[0] : -1;
  for (let l = 0; l < def.params.length; l += 2) {
    const [W, b] = [def.params[l].shape, def.params[l + 1].shape];
    if (W.length !== 2 || b.length !== 1 || W[0] !== width || b[0] !== W[1]) return false;
    width = W[1];
  }
  return width === def.outputs;
}

/** Clipping scale min(1, C/‖g‖) (1 for a zero gradient). */
function scale(norm: number, C: number): number {
  return norm > C ? C / norm : 1;
}

function loopClippedSum(tf: Tf, def: ModelDef, params: Float32Array, x: Float32Array, y: Int32Array, C: number): ClippedSum {
  const b = y.length;
  const features = x.length / b;
  const acc = new Float64Array(dimension(def));
  const norms = new Float32Array(b);
  let lossSum = 0;
  for (let i = 0; i < b; i++) {
    const g = gradient(tf, def, params, x.subarray(i * features, (i + 1) * features), y.subarray(i, i + 1));
    let sq = 0;
    for (let k = 0; k < g.grad.length; k++) sq += g.grad[k] * g.grad[k];
    norms[i] = Math.sqrt(sq);
    const s = scale(norms[i], C);
    for (let k = 0; k < g.grad.length; k++) acc[k] += s * g.grad[k];
    lossSum += g.loss;
  }
  return { sum: Float32Array.from(acc), norms, loss: lossSum / b };
}

function denseClippedSum(tf: Tf, def: ModelDef, params: Float32Array, x: Float32Array, y: Int32Array, C: number): ClippedSum {
  const b = y.length;
  const sum = new Float32Array(dimension(def));
  let norms = new Float32Array(b);
  let loss = 0;
  tf.tidy(() => {
    const ps = unflatten(tf, def, params);
    const layers = ps.length / 2;
    // Forward, keeping each layer's input h and pre-activation z.
    const hs: Tensor[] = [tf.tensor2d(x, [b, x.length / b])];
    const zs: Tensor[] = [];
    for (let l = 0; l < layers; l++) {
      zs.push(tf.add(tf.matMul(hs[l], ps[2 * l]), ps[2 * l + 1]));
      if (l + 1 < layers) hs.push(tf.relu(zs[l]));
    }
    const { delta, losses } = outputGradient(tf, def, zs[layers - 1], y);
    loss = losses.mean().dataSync()[0];
    // Backward: δ per layer, and ‖gᵢ‖² = Σ_l ‖δ_l,ᵢ‖² (‖h_l,ᵢ‖² + 1).
    const deltas: Tensor[] = new Array(layers);
    deltas[layers - 1] = delta;
    for (let l = layers - 1; l > 0; l--) {
      deltas[l - 1] = tf.mul(tf.matMul(deltas[l], ps[2 * l], false, true), tf.step(zs[l - 1]));
    }
    let sq: Tensor = tf.zeros([b]);
    for (let l = 0; l < layers; l++) {
      const hsq = tf.add(tf.sum(tf.square(hs[l]), 1), 1);
      sq = tf.add(sq, tf.mul(tf.sum(tf.square(deltas[l]), 1), hsq));
    }
    const norm = tf.sqrt(sq);
    norms = Float32Array.from(norm.dataSync() as Float32Array);
    const s = tf.div(tf.scalar(C), tf.maximum(norm, C)).reshape([b, 1]); // min(1, C/‖gᵢ‖)
    let off = 0;
    for (let l = 0; l < layers; l++) {
      const sd = tf.mul(deltas[l], s);
      for (const g of [tf.matMul(hs[l], sd, true, false), tf.sum(sd, 0)]) {
        const data = g.dataSync() as Float32Array;
        sum.set(data, off);
        off += data.length;
      }
    }
  });
  return { sum, norms, loss };
}

/** Per-example dℓᵢ/dz at the logits z [b, k], and the per-example losses. */
function outputGradient(tf: Tf, def: ModelDef, z: Tensor, y: Int32Array): { delta: Tensor; losses: Tensor } {
  const labels = tf.tensor1d(y, 'int32');
  if (def.loss === 'softmax-ce') {
    const oneHot = tf.oneHot(labels as tfType.Tensor1D, def.outputs);
    const logp = tf.logSoftmax(z);
    return { delta: tf.sub(tf.exp(logp), oneHot), losses: tf.neg(tf.sum(tf.mul(oneHot, logp), 1)) };
  }
  const s = labels.toFloat().mul(2).sub(1).reshape([-1, 1]);
  const margin = tf.mul(z, s);
  if (def.loss === 'logistic') {
    // ℓ = softplus(−s·z), dℓ/dz = −s·σ(−s·z)
    return { delta: tf.neg(tf.mul(s, tf.sigmoid(tf.neg(margin)))), losses: tf.softplus(tf.neg(margin)).reshape([-1]) };
  }
  // hinge: ℓ = max(0, 1 − s·z), dℓ/dz = −s·[1 − s·z > 0]
  const slack = tf.sub(1, margin);
  return { delta: tf.neg(tf.mul(s, tf.step(slack))), losses: tf.relu(slack).reshape([-1]) };
}
