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
import type { ModelDef, Tensor, Tf } from './model.ts';
import { dimension, unflatten } from './model.ts';
import { denseBackward, denseForward, gradient, isDense, outputGradient } from './gradient.ts';

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

export function perExampleClippedSum(tf: Tf, def: ModelDef, params: Float32Array, x: Float32Array, y: Int32Array, C: number): ClippedSum {
  if (!(C > 0)) throw new Error(`per-example clipping: C must be > 0, got ${C}`);
  if (y.length === 0) throw new Error('per-example clipping: empty batch');
  return isDense(def) ? denseClippedSum(tf, def, params, x, y, C) : loopClippedSum(tf, def, params, x, y, C);
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
    const { hs, zs } = denseForward(tf, ps, tf.tensor2d(x, [b, x.length / b]));
    const { delta, losses } = outputGradient(tf, def, zs[layers - 1], y);
    loss = losses.mean().dataSync()[0];
    // Backward: δ per layer (per-example losses: no 1/b), and ‖gᵢ‖² = Σ_l ‖δ_l,ᵢ‖² (‖h_l,ᵢ‖² + 1).
    const deltas = denseBackward(tf, ps, zs, delta);
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
