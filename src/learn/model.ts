/**
 * A model is a pure function of a flat parameter vector: `forward(params, x) → logits`.
 * Parameters live between steps as one Float32Array (what the GARs aggregate); a gradient
 * call unflattens them into tensors, differentiates, and flattens the gradients back.
 */
import type * as tfType from '@tensorflow/tfjs';

export type Tf = typeof tfType;
export type Tensor = tfType.Tensor;

/** Loss families: multi-class softmax cross-entropy, binary logistic, binary hinge (linear SVM). */
export type LossKind = 'softmax-ce' | 'logistic' | 'hinge';

export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  /** Initialisation: zeros, Glorot-uniform (fan in + fan out), He-normal-ish uniform. */
  readonly init: 'zeros' | 'glorot' | 'he';
  /** fan-in and fan-out, for the initialisers. */
  readonly fanIn?: number;
  readonly fanOut?: number;
}

export interface ModelDef {
  readonly name: string;
  /** Shape of one example, e.g. [784] or [28, 28, 1]. */
  readonly inputShape: readonly number[];
  /** Number of logits: classes for softmax-ce, 1 for binary losses. */
  readonly outputs: number;
  readonly loss: LossKind;
  readonly params: readonly ParamSpec[];
  /** Forward+backward floating-point operations per example (for GFLOP/s figures). */
  readonly flopsPerExample: number;
  /** Logits [b, outputs] for a batch x [b, ...inputShape]. */
  forward(tf: Tf, params: readonly Tensor[], x: Tensor): Tensor;
}

/** Total number of parameters d. */
export function dimension(def: ModelDef): number {
  let d = 0;
  for (const p of def.params) d += size(p.shape);
  return d;
}

export function size(shape: readonly number[]): number {
  let s = 1;
  for (const k of shape) s *= k;
  return s;
}

/** Deterministic initial parameters from a uniform stream. */
export function initParams(def: ModelDef, rng: () => number): Float32Array {
  const out = new Float32Array(dimension(def));
  let off = 0;
  for (const p of def.params) {
    const len = size(p.shape);
    if (p.init !== 'zeros') {
      const fanIn = p.fanIn ?? p.shape[0];
      const fanOut = p.fanOut ?? p.shape[p.shape.length - 1];
      const limit = p.init === 'glorot' ? Math.sqrt(6 / (fanIn + fanOut)) : Math.sqrt(6 / fanIn);
      for (let k = 0; k < len; k++) out[off + k] = (2 * rng() - 1) * limit;
    }
    off += len;
  }
  return out;
}

/** Tensors viewing consecutive slices of a flat vector (tfjs copies the data in). */
export function unflatten(tf: Tf, def: ModelDef, flat: Float32Array): Tensor[] {
  const ts: Tensor[] = [];
  let off = 0;
  for (const p of def.params) {
    const len = size(p.shape);
    ts.push(tf.tensor(flat.subarray(off, off + len), p.shape as number[], 'float32'));
    off += len;
  }
  return ts;
}
