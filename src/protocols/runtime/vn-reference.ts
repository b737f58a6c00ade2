/**
 * The true-gradient estimate ĝ ≈ E ḡ the VN ratio of a run is measured against (issue 12 item 3),
 * at the parameters the honest vectors of step t were computed at, from examples of the h honest
 * workers' shards drawn from the stream `vn/reference/${t}` — none of the workers' batch draws, none
 * of their noise. B = `vnBatch` (default 1024):
 * - no privacy mechanism: the gradient of ⌈B/h⌉ distinct examples of each honest shard (the whole
 *   shard when smaller), so ĝ estimates (1/h) Σᵢ ∇Lᵢ under any partition; under DP-SGD the mean of
 *   their per-example clipped gradients (E of a DP-SGD gradient, whatever its sampling);
 * - privacy mechanisms (clipping the mini-batch gradient is not linear): the mean over
 *   K = ⌈B/(h·b)⌉ mini-batches of b examples per honest shard, drawn as workers draw theirs, of the
 *   mechanisms' mean output (`expected`: e.g. the clipped gradient under zero-mean Gaussian noise).
 * E‖ĝ‖² exceeds ‖E ḡ‖² by the reference's own variance (tr Σ₁ / B for B examples). The reference
 * is a measurement: it costs no virtual time.
 */
import type { Params } from '../../gars/types.ts';
import type { Dataset } from '../../learn/data/types.ts';
import type { GradientEngine } from '../../learn/engine.ts';
import type { PrivacyMechanism } from '../../privacy/types.ts';
import { stream } from '../../sim/rng.ts';
import { BatchBuffers } from '../workload/batch-buffers.ts';

/** B when `vnBatch` is omitted. */
export const DEFAULT_VN_BATCH = 1024;

export interface VnReferenceConfig {
  readonly seed: number | string;
  readonly engine: GradientEngine;
  readonly train: Dataset;
  /** The honest workers' shards (indices into train). */
  readonly shards: readonly Int32Array[];
  /** B, the reference's examples over all honest shards. */
  readonly batch: number;
  /** b, the workers' mini-batch (the mechanisms' path). */
  readonly workerBatch: number;
  /** The honest workers' privacy mechanisms, in order. */
  readonly privacy: readonly { readonly mech: PrivacyMechanism; readonly params: Params }[];
  /** DP-SGD's clipping norm: gradients are then means of the clipped per-example gradients. */
  readonly clip?: number;
}

export class VnReference {
  private readonly buffers: BatchBuffers;

  constructor(private readonly cfg: VnReferenceConfig) {
    this.buffers = new BatchBuffers(cfg.train.features);
  }

  /**
   * The examples of step t's reference, as index lists into the training set (one list per
   * gradient). Loops rather than callbacks: a closure made per call loses its optimised code at
   * every full collection (V8 holds it weakly) and is compiled again; the draws and their order
   * are the same.
   */
  batches(step: number): Int32Array[] {
    const { shards, batch, workerBatch } = this.cfg;
    const rng = stream(this.cfg.seed, `vn/reference/${step}`);
    if (this.cfg.privacy.length === 0) {
      const rows: number[] = [];
      for (const s of shards) rows.push(...distinct(s, Math.ceil(batch / shards.length), rng));
      return [Int32Array.from(rows)];
    }
    const k = Math.ceil(batch / (shards.length * workerBatch));
    const lists: Int32Array[] = [];
    for (const s of shards)
      for (let j = 0; j < k; j++) {
        const idx = new Int32Array(workerBatch);
        for (let r = 0; r < workerBatch; r++) idx[r] = s[Math.floor(rng() * s.length)];
        lists.push(idx);
      }
    return lists;
  }

  /** ĝ at `params` for step t. */
  async gradient(step: number, params: Float32Array): Promise<Float32Array> {
    const lists = this.batches(step);
    const jobs: Promise<Float32Array>[] = [];
    for (const idx of lists) jobs.push(this.meanGradient(params, idx));
    const grads = await Promise.all(jobs);
    if (this.cfg.privacy.length === 0) return grads[0];
    const out = new Float64Array(params.length);
    for (const g of grads) {
      let v = g;
      for (const { mech, params: p } of this.cfg.privacy)
        v =
          mech.expected?.(v, { batch: this.cfg.workerBatch, params: p }) ??
          mech.apply(v, { batch: this.cfg.workerBatch, params: p, rng: stream(this.cfg.seed, 'vn/reference/privacy') });
      for (let k = 0; k < v.length; k++) out[k] += v[k] / grads.length;
    }
    return Float32Array.from(out);
  }

  /**
   * The mean gradient over the examples `idx`, gathered into a buffer lent by `buffers` and
   * given back once the engine has settled (it only reads its inputs: batch-buffers.ts), so the
   * reference's h·K batches of each logged step reuse the arrays of the previous one instead of
   * allocating b × features floats each (V8 external memory, which drives full collections).
   */
  private async meanGradient(params: Float32Array, idx: Int32Array): Promise<Float32Array> {
    const { train, engine, clip } = this.cfg;
    const f = train.features;
    const lease = this.buffers.lend(idx.length);
    const { x, y } = lease.batch;
    for (let k = 0; k < idx.length; k++) {
      const r = idx[k];
      x.set(train.x.subarray(r * f, (r + 1) * f), k * f);
      y[k] = train.y[r];
    }
    try {
      if (clip === undefined) return (await engine.gradient(params, x, y)).grad;
      if (engine.perExampleClippedSum === undefined) throw new Error(`vn reference: the ${engine.backend} engine has no per-example clipping`);
      const { sum } = await engine.perExampleClippedSum(params, x, y, clip);
      const mean = new Float32Array(sum.length);
      for (let k = 0; k < sum.length; k++) mean[k] = sum[k] / idx.length;
      return mean;
    } finally {
      lease.release();
    }
  }
}

/** k distinct entries of `shard` (all of them when k ≥ its size), by a partial Fisher–Yates shuffle. */
function distinct(shard: Int32Array, k: number, rng: () => number): number[] {
  const pool = Array.from(shard);
  const m = Math.min(k, pool.length);
  for (let j = 0; j < m; j++) {
    const r = j + Math.floor(rng() * (pool.length - j));
    [pool[j], pool[r]] = [pool[r], pool[j]];
  }
  return pool.slice(0, m);
}
