/**
 * DP-SGD (Abadi et al., CCS 2016), as Opacus's `DPOptimizer` computes it: clip every
 * per-example gradient to norm C, sum, add N(0, (σ·C)²·I_d), divide by the expected batch
 * size. Pure functions on per-example gradient arrays, plus a tfjs loop that produces those
 * per-example gradients one example at a time. Account for the privacy spent with rdp.ts
 * (sampling rate q, noise multiplier σ, one accountant step per optimizer step).
 */
import { normal } from '../sim/rng.ts';
import { gradient } from '../learn/gradient.ts';
import type { ModelDef, Tf } from '../learn/model.ts';
import { l2 } from './clip.ts';

/** Opacus's per-example clip factor min(1, C/(‖g‖ + 1e−6)). */
export function clipFactor(g: Float32Array, c: number): number {
  return Math.min(1, c / (l2(g) + 1e-6));
}

/** Per-example gradients each scaled by {@link clipFactor}: every result has norm ≤ C. */
export function clipPerExample(grads: readonly Float32Array[], c: number): Float32Array[] {
  return grads.map((g) => {
    const s = clipFactor(g, c);
    return s === 1 ? Float32Array.from(g) : g.map((v) => v * s);
  });
}

export interface DpsgdParams {
  /** Clipping norm C. */
  readonly clip: number;
  /** Noise multiplier σ: the noise std is σ·C. */
  readonly sigma: number;
  /**
   * Divisor of the noisy sum: the expected batch size q·N under Poisson sampling (Opacus,
   * `loss_reduction="mean"`), or the fixed batch size. Default: the number of gradients given.
   */
  readonly expectedBatch?: number;
}

/**
 * The privatised mean gradient: (Σᵢ clip_C(gᵢ) + N(0, (σC)² I)) / L. An empty batch (possible
 * under Poisson sampling) still releases noise / L, as Opacus does.
 * @example σ = 0: the mean of the clipped gradients over L
 */
export function privatize(grads: readonly Float32Array[], d: number, p: DpsgdParams, rng: () => number): Float32Array {
  const sum = new Float64Array(d);
  for (const g of clipPerExample(grads, p.clip)) for (let k = 0; k < d; k++) sum[k] += g[k];
  const L = p.expectedBatch ?? grads.length;
  if (!(L > 0)) throw new Error(`dpsgd: expected batch size must be > 0, got ${L}`);
  const std = p.sigma * p.clip;
  const out = new Float32Array(d);
  for (let k = 0; k < d; k++) out[k] = (sum[k] + (std > 0 ? std * normal(rng) : 0)) / L;
  return out;
}

/** Poisson sampling: each of the N example indices is in the batch independently with probability q. */
export function poissonSample(N: number, q: number, rng: () => number): Int32Array {
  const picked: number[] = [];
  for (let i = 0; i < N; i++) if (rng() < q) picked.push(i);
  return Int32Array.from(picked);
}

/** Fixed-size sampling without replacement: b distinct indices of N (partial Fisher–Yates). */
export function fixedSample(N: number, b: number, rng: () => number): Int32Array {
  if (b > N) throw new Error(`dpsgd: batch ${b} larger than the dataset (${N})`);
  const idx = Int32Array.from({ length: N }, (_, i) => i);
  for (let i = 0; i < b; i++) {
    const j = i + Math.floor(rng() * (N - i));
    [idx[i], idx[j]] = [idx[j], idx[i]];
  }
  return idx.slice(0, b);
}

/**
 * Per-example gradients by a loop of batch-1 gradients (src/learn/gradient.ts): simple and
 * exact, O(b) tfjs calls; a vectorised path can replace it without changing callers.
 */
export function perExampleGradients(tf: Tf, def: ModelDef, params: Float32Array, x: Float32Array, y: Int32Array): Float32Array[] {
  const features = x.length / y.length;
  const out: Float32Array[] = [];
  for (let i = 0; i < y.length; i++) out.push(gradient(tf, def, params, x.subarray(i * features, (i + 1) * features), y.subarray(i, i + 1)).grad);
  return out;
}

/** One DP-SGD gradient for the examples (x, y): per-example gradients, clipped, summed, noised, averaged. */
export function dpsgdGradient(tf: Tf, def: ModelDef, params: Float32Array, x: Float32Array, y: Int32Array, p: DpsgdParams, rng: () => number): Float32Array {
  return privatize(perExampleGradients(tf, def, params, x, y), params.length, p, rng);
}
