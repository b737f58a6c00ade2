/**
 * Gradients and evaluation of a model at a flat parameter vector, on the current tfjs
 * backend. Every tensor made here is disposed before returning (tf.tidy), so the number of
 * live tensors stays flat across steps.
 *
 * Dense models (logreg, svm, mlp: affine layers with ReLU between) are differentiated by a
 * hand-written backward pass; everything else by tfjs autodiff. The dense pass takes k
 * mini-batches at the same parameters at once (`gradients`): one forward and backward
 * through the stacked rows, then per batch one xᵀ·δ matMul and one row sum per layer. Every
 * op is either row-wise or applied to one batch's rows alone, and the backends' matMuls
 * compute each output row independently of the others, so batch j's gradient has the same
 * bits whichever batches it was stacked with (test/learn/gradient.test.ts): batching
 * never changes results, at any pool size.
 */
import type * as tfType from '@tensorflow/tfjs';
import type { ModelDef, Tensor, Tf } from './model.ts';
import type { Batch, GradientResult } from './gradient-result.ts';
import { dimension, unflatten } from './model.ts';
import { meanLoss, predict } from './loss.ts';
import { fastKernelsOn } from './kernels/index.ts';
import { kernelsFor } from './wasm/kernels.ts';
import type { WasmBackendLike } from './wasm/heap.ts';
import { denseGradientsWasm } from './wasm/dense-pass.ts';

export type { Batch, GradientResult } from './gradient-result.ts';

/** ∇ of the mean mini-batch loss at `params`, for the batch (x: b×features, y: b labels). */
export function gradient(tf: Tf, def: ModelDef, params: Float32Array, x: Float32Array, y: Int32Array): GradientResult {
  return isDense(def) ? denseGradients(tf, def, params, [{ x, y }])[0] : autodiffGradient(tf, def, params, x, y);
}

/** The gradients of several mini-batches at the same parameters; equal to `gradient` on each. */
export function gradients(tf: Tf, def: ModelDef, params: Float32Array, batches: readonly Batch[]): GradientResult[] {
  if (isDense(def)) return denseGradients(tf, def, params, batches);
  return batches.map((b) => autodiffGradient(tf, def, params, b.x, b.y));
}

/** Affine layers (W [a,b], bias [b]) with ReLU between, the last one giving the logits. */
export function isDense(def: ModelDef): boolean {
  if (!['logreg', 'svm', 'mlp'].includes(def.name) || def.params.length % 2 !== 0) return false;
  let width = def.inputShape.length === 1 ? def.inputShape[0] : -1;
  for (let l = 0; l < def.params.length; l += 2) {
    const [W, b] = [def.params[l].shape, def.params[l + 1].shape];
    if (W.length !== 2 || b.length !== 1 || W[0] !== width || b[0] !== W[1]) return false;
    width = W[1];
  }
  return width === def.outputs;
}

/** A dense model's forward pass, keeping every layer's input h_l and pre-activation z_l. */
export function denseForward(tf: Tf, ps: readonly Tensor[], x: Tensor): { hs: Tensor[]; zs: Tensor[] } {
  const layers = ps.length / 2;
  const hs: Tensor[] = [x];
  const zs: Tensor[] = [];
  for (let l = 0; l < layers; l++) {
    zs.push(tf.add(tf.matMul(hs[l], ps[2 * l]), ps[2 * l + 1]));
    if (l + 1 < layers) hs.push(tf.relu(zs[l]));
  }
  return { hs, zs };
}

/** δ_{l−1} = (δ_l·W_lᵀ) ⊙ [z_{l−1} > 0], from the output's δ down to the first layer's. */
export function denseBackward(tf: Tf, ps: readonly Tensor[], zs: readonly Tensor[], deltaOut: Tensor): Tensor[] {
  const layers = ps.length / 2;
  const deltas: Tensor[] = new Array(layers);
  deltas[layers - 1] = deltaOut;
  for (let l = layers - 1; l > 0; l--) deltas[l - 1] = tf.mul(tf.matMul(deltas[l], ps[2 * l], false, true), tf.step(zs[l - 1]));
  return deltas;
}

/** Per-example dℓᵢ/dz at the logits z [b, k] and the per-example losses ℓᵢ (see loss.ts). */
export function outputGradient(tf: Tf, def: ModelDef, z: Tensor, y: Int32Array): { delta: Tensor; losses: Tensor } {
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

/**
 * The dense pass: fused on the wasm heap when our kernels are on (wasm/dense-pass.ts: the same
 * bits, without per-op dispatch), else as tfjs ops.
 */
function denseGradients(tf: Tf, def: ModelDef, params: Float32Array, batches: readonly Batch[]): GradientResult[] {
  if (tf.getBackend() === 'wasm' && fastKernelsOn('wasm')) {
    const backend = tf.backend() as unknown as WasmBackendLike;
    return denseGradientsWasm(kernelsFor(backend), backend, def, params, batches);
  }
  return denseGradientsTf(tf, def, params, batches);
}

/** The dense pass as tfjs ops (the reference the fused pass reproduces). */
export function denseGradientsTf(tf: Tf, def: ModelDef, params: Float32Array, batches: readonly Batch[]): GradientResult[] {
  const features = def.inputShape[0];
  const sizes = batches.map((b) => b.y.length);
  const rows = sizes.reduce((a, b) => a + b, 0);
  for (const [j, b] of batches.entries()) {
    if (b.y.length === 0 || b.x.length !== b.y.length * features) {
      throw new Error(`gradient: batch ${j} has ${b.x.length} inputs for ${b.y.length} labels of ${features} features`);
    }
  }
  const x =
    batches.length === 1
      ? batches[0].x
      : concat(
          batches.map((b) => b.x),
          rows * features,
          Float32Array,
        );
  const y =
    batches.length === 1
      ? batches[0].y
      : concat(
          batches.map((b) => b.y),
          rows,
          Int32Array,
        );
  const perRow = new Float32Array(rows);
  for (let j = 0, r = 0; j < sizes.length; r += sizes[j++]) perRow.fill(1 / sizes[j], r, r + sizes[j]);
  const d = dimension(def);
  const out = batches.map(() => ({ grad: new Float32Array(d), loss: 0 }));
  tf.tidy(() => {
    const ps = unflatten(tf, def, params);
    const { hs, zs } = denseForward(tf, ps, tf.tensor2d(x, [rows, features]));
    const { delta, losses } = outputGradient(tf, def, zs[zs.length - 1], y);
    // The mean over each batch: row r of batch j weighs 1/b_j.
    const deltas = denseBackward(tf, ps, zs, tf.mul(delta, tf.tensor2d(perRow, [rows, 1])));
    const ell = losses.dataSync();
    for (let j = 0, r0 = 0; j < sizes.length; r0 += sizes[j++]) {
      const b = sizes[j];
      let sum = 0;
      for (let r = r0; r < r0 + b; r++) sum += ell[r];
      out[j].loss = sum / b;
      let off = 0;
      for (let l = 0; l < hs.length; l++) {
        // Own scope: a batch's layer gradients leave the backend's memory (wasm's never
        // shrinks) as soon as they are copied out.
        tf.tidy(() => {
          const h = tf.slice(hs[l], [r0, 0], [b, -1]);
          const dl = tf.slice(deltas[l], [r0, 0], [b, -1]);
          for (const g of [tf.matMul(h, dl, true, false), tf.sum(dl, 0)]) {
            const data = g.dataSync() as Float32Array;
            out[j].grad.set(data, off);
            off += data.length;
          }
        });
      }
    }
  });
  return out;
}

function concat<A extends Float32Array | Int32Array>(parts: readonly A[], n: number, Ctor: { new (n: number): A }): A {
  const out = new Ctor(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** tfjs autodiff, for any model. */
export function autodiffGradient(tf: Tf, def: ModelDef, params: Float32Array, x: Float32Array, y: Int32Array): GradientResult {
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
export function evaluate(tf: Tf, def: ModelDef, params: Float32Array, x: Float32Array, y: Int32Array, chunk = EVAL_CHUNK): Evaluation {
  return combineEvaluation([evaluateChunks(tf, def, params, x, y, chunk)], y.length);
}

/** Examples per forward pass in `evaluate`; a pool splits evaluations at multiples of it. */
export const EVAL_CHUNK = 1000;

/** Per chunk of `chunk` examples: loss × examples, and the number classified right. */
export interface ChunkedEvaluation {
  readonly lossSums: number[];
  readonly corrects: number[];
}

export function evaluateChunks(tf: Tf, def: ModelDef, params: Float32Array, x: Float32Array, y: Int32Array, chunk = EVAL_CHUNK): ChunkedEvaluation {
  const n = y.length;
  const features = x.length / n;
  const out: ChunkedEvaluation = { lossSums: [], corrects: [] };
  tf.tidy(() => {
    const ps = unflatten(tf, def, params);
    for (let s = 0; s < n; s += chunk) {
      const e = Math.min(n, s + chunk);
      tf.tidy(() => {
        const xs = tf.tensor(x.subarray(s * features, e * features), [e - s, ...def.inputShape]);
        const ys = tf.tensor1d(y.subarray(s, e), 'int32');
        const logits = def.forward(tf, ps, xs);
        out.lossSums.push(meanLoss(tf, def.loss, logits, ys, def.outputs).dataSync()[0] * (e - s));
        out.corrects.push(predict(tf, def.loss, logits).equal(ys).sum().dataSync()[0]);
      });
    }
  });
  return out;
}

/** Consecutive parts' chunks, summed in order: the same bits however the data was split. */
export function combineEvaluation(parts: readonly ChunkedEvaluation[], n: number): Evaluation {
  let lossSum = 0;
  let correct = 0;
  for (const p of parts) {
    for (const v of p.lossSums) lossSum += v;
    for (const v of p.corrects) correct += v;
  }
  return { loss: lossSum / n, accuracy: correct / n };
}
