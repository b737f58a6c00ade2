/**
 * The gradient oracle: what worker i would honestly send for the model of step t, memoised.
 * Honest workers ask it for their own payload; omniscient Byzantine workers ask it for the
 * honest workers' payloads of the step (the threat model hands them over). The mini-batch
 * and any privacy noise are drawn from streams named by (worker, step), so the answer is the
 * same whoever asks first.
 */
import type { GradientEngine, GradientResult } from '../../learn/engine.ts';
import type { Dataset } from '../../learn/data/types.ts';
import type { PrivacyMechanism } from '../../privacy/types.ts';
import type { Params } from '../../gars/types.ts';
import { fixedSample, poissonSample } from '../../privacy/dpsgd.ts';
import { normal, stream } from '../../sim/rng.ts';
import { allFinite, workerMomentum } from '../runtime/optimizer.ts';
import { BatchBuffers } from './batch-buffers.ts';

const NO_BUFFER: Promise<Float32Array | undefined> = Promise.resolve(undefined);

export interface OracleConfig {
  readonly seed: number | string;
  readonly engine: GradientEngine;
  readonly train: Dataset;
  readonly shards: readonly Int32Array[];
  readonly batch: number;
  readonly privacy: readonly { mech: PrivacyMechanism; params: Params }[];
  /** DP-SGD: per-example clipping and noise instead of the plain mini-batch gradient. */
  readonly dpsgd?: { readonly clip: number; readonly sigma: number; readonly sampling: 'poisson' | 'fixed' };
  /** Worker momentum β (0 or undefined: workers send their privatised gradient). */
  readonly momentum?: number;
}

/** A payload computed for (step, worker, parameters) from the worker's momentum buffer `prev`. */
interface Sent {
  readonly params: Float32Array;
  readonly prev: Promise<Float32Array | undefined>;
  readonly job: Promise<{ grad: Float32Array; loss: number }>;
  /** The worker itself sent it (its buffer advanced to it). */
  own: boolean;
}

export interface Batch {
  readonly x: Float32Array;
  readonly y: Int32Array;
}

/** A gradient computed for (step, worker, parameters), and its privatised payload once asked for. */
interface Computed {
  readonly params: Float32Array;
  readonly job: Promise<GradientResult>;
  payload?: Promise<{ grad: Float32Array; loss: number }>;
}

/** The vectors of payloads (a module function: no closure made per call). */
function payloadVectors(ps: readonly { grad: Float32Array }[]): Float32Array[] {
  const out: Float32Array[] = [];
  for (const p of ps) out.push(p.grad);
  return out;
}

/** The same items in the same order. */
function sameItems(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

export class GradientOracle {
  /** step → worker → the jobs computed for it, one per parameter vector asked about. */
  private readonly cache = new Map<number, Map<number, Computed[]>>();
  private oldestStep = 0;
  /** step → worker → the momentum payloads computed for it. */
  private readonly sent = new Map<number, Map<number, Sent[]>>();
  /** worker → its momentum buffer after the last step it computed itself. */
  private readonly buffers = new Map<number, Promise<Float32Array | undefined>>();
  /** step → the arrays of honest payloads handed to the omniscient attackers (honestPayloads). */
  private readonly honestSets = new Map<number, { jobs: Promise<{ grad: Float32Array }>[]; grads: Promise<readonly Float32Array[]> }[]>();

  private readonly batchBuffers: BatchBuffers;

  constructor(private readonly cfg: OracleConfig) {
    this.batchBuffers = new BatchBuffers(cfg.train.features);
  }

  /**
   * Worker i's mini-batch at step t: b indices drawn with replacement from its shard; under
   * DP-SGD, Poisson sampling (each shard example with probability q = b / |shard|) or b distinct
   * examples. Fresh arrays, the caller's to keep.
   */
  batch(i: number, step: number): Batch {
    const picks = this.picks(i, step);
    const b = { x: new Float32Array(picks.length * this.cfg.train.features), y: new Int32Array(picks.length) };
    this.gather(i, picks, b);
    return b;
  }

  private picks(i: number, step: number): Int32Array {
    const { shards, batch } = this.cfg;
    const shard = shards[i];
    const rng = stream(this.cfg.seed, `worker/${i}/batch/${step}`);
    const dp = this.cfg.dpsgd;
    if (dp !== undefined)
      return dp.sampling === 'poisson'
        ? poissonSample(shard.length, Math.min(1, batch / shard.length), rng)
        : fixedSample(shard.length, Math.min(batch, shard.length), rng);
    // A loop, not Int32Array.from with a callback: a fresh closure per batch loses its optimised
    // code at every full collection (V8 holds it weakly) and is compiled again (same draws, same order).
    const picks = new Int32Array(batch);
    for (let k = 0; k < batch; k++) picks[k] = Math.floor(rng() * shard.length);
    return picks;
  }

  /** The picked rows of worker i's shard into `into` (x: picks × features, y: picks). */
  private gather(i: number, picks: Int32Array, into: Batch): void {
    const { train, shards } = this.cfg;
    const shard = shards[i];
    const f = train.features;
    for (let k = 0; k < picks.length; k++) {
      const r = shard[picks[k]];
      into.x.set(train.x.subarray(r * f, (r + 1) * f), k * f);
      into.y[k] = train.y[r];
    }
  }

  /**
   * The raw gradient (no privacy) of worker i at step t on its own batch, at `params` (memoised
   * per parameter vector: in the PS every worker of a step holds the same vector; in GuanYu each
   * worker holds its own median model).
   */
  gradient(i: number, step: number, params: Float32Array): Promise<GradientResult> {
    return this.computed(i, step, params).job;
  }

  private computed(i: number, step: number, params: Float32Array): Computed {
    let byWorker = this.cache.get(step);
    if (byWorker === undefined) this.cache.set(step, (byWorker = new Map()));
    let entries = byWorker.get(i);
    if (entries === undefined) byWorker.set(i, (entries = []));
    let entry: Computed | undefined;
    for (const e of entries) if (e.params === params) entry ??= e;
    if (entry === undefined) {
      // The batch on a lent buffer (batch-buffers.ts), given back once the job has read it.
      const picks = this.picks(i, step);
      const lease = this.batchBuffers.lend(picks.length);
      this.gather(i, picks, lease.batch);
      const b = lease.batch;
      const job = this.cfg.dpsgd === undefined ? this.cfg.engine.gradient(params, b.x, b.y) : this.dpsgd(i, step, params, b);
      job.then(lease.release, lease.release);
      entries.push((entry = { params, job }));
    }
    return entry;
  }

  /** DP-SGD: (Σ clip_C(gᵢ) + N(0, (σC)²I)) / b over the sampled examples (an empty sample releases noise only). */
  private async dpsgd(i: number, step: number, params: Float32Array, b: Batch): Promise<GradientResult> {
    const { clip, sigma } = this.cfg.dpsgd!;
    const engine = this.cfg.engine;
    if (engine.perExampleClippedSum === undefined) throw new Error(`dpsgd: the ${engine.backend} engine has no per-example clipping`);
    const d = params.length;
    const clipped = b.y.length > 0 ? await engine.perExampleClippedSum(params, b.x, b.y, clip) : { sum: new Float32Array(d), loss: NaN };
    const rng = stream(this.cfg.seed, `worker/${i}/dpsgd/${step}`);
    const std = sigma * clip;
    const grad = new Float32Array(d);
    for (let k = 0; k < d; k++) grad[k] = (clipped.sum[k] + (std > 0 ? std * normal(rng) : 0)) / this.cfg.batch;
    return { grad, loss: clipped.loss };
  }

  /**
   * What honest worker i sends at step t, as others see it (omniscient attackers): its gradient
   * through the privacy mechanisms, and under worker momentum β the vector β·m + (1 − β)·g with m
   * its buffer after the last step it computed itself (the buffer is not advanced: see ownPayload).
   */
  honestPayload(i: number, step: number, params: Float32Array): Promise<{ grad: Float32Array; loss: number }> {
    return this.cfg.momentum ? this.withMomentum(i, step, params, false).job : this.privatised(i, step, params);
  }

  /**
   * The honest payloads of `workers` at (step, params), as seen by omniscient attackers: one
   * array of their vectors, the same array for every attacker who asks while each worker's
   * payload is still the memoised one (so the attack statistics over it are taken once per
   * step: attacks/step-stats.ts). Read-only, as the payloads are.
   */
  honestPayloads(workers: readonly number[], step: number, params: Float32Array): Promise<readonly Float32Array[]> {
    const jobs: Promise<{ grad: Float32Array }>[] = [];
    for (const h of workers) jobs.push(this.honestPayload(h, step, params));
    let sets = this.honestSets.get(step);
    if (sets === undefined) this.honestSets.set(step, (sets = []));
    let set: (typeof sets)[number] | undefined;
    for (const e of sets) if (set === undefined && sameItems(e.jobs, jobs)) set = e;
    if (set === undefined) sets.push((set = { jobs, grads: Promise.all(jobs).then(payloadVectors) }));
    return set.grads;
  }

  /**
   * What worker i sends at step t when it computes it itself: honestPayload, and its momentum
   * buffer advances to the vector sent (kept only when finite: a non-finite gradient never
   * enters the buffer). Momentum follows the steps the worker computes, in the order it starts them.
   */
  ownPayload(i: number, step: number, params: Float32Array): Promise<{ grad: Float32Array; loss: number }> {
    if (!this.cfg.momentum) return this.privatised(i, step, params);
    const entry = this.withMomentum(i, step, params, true);
    this.buffers.set(
      i,
      Promise.all([entry.prev, entry.job]).then(([prev, p]) => (allFinite(p.grad) ? p.grad : prev)),
    );
    return entry.job;
  }

  /**
   * Worker i's privatised payload at (step, params), memoised with its gradient: the worker
   * itself and every omniscient attacker of the step ask for it (f + 1 times), and the
   * mechanisms' draws come from the (worker, step) streams, so each call computed the same
   * vector again — under the Gaussian mechanism, d normal draws each time.
   */
  private privatised(i: number, step: number, params: Float32Array): Promise<{ grad: Float32Array; loss: number }> {
    const entry = this.computed(i, step, params);
    return (entry.payload ??= this.release(i, step, entry.job));
  }

  private async release(i: number, step: number, job: Promise<GradientResult>): Promise<{ grad: Float32Array; loss: number }> {
    const g = await job;
    return { grad: this.privatise(i, step, g.grad), loss: g.loss };
  }

  /**
   * The momentum payload of (i, step, params), memoised: what worker i sent for it if it did,
   * else the one from its current buffer (`own`: the worker is sending it now).
   */
  private withMomentum(i: number, step: number, params: Float32Array, own: boolean): Sent {
    let byWorker = this.sent.get(step);
    if (byWorker === undefined) this.sent.set(step, (byWorker = new Map()));
    let entries = byWorker.get(i);
    if (entries === undefined) byWorker.set(i, (entries = []));
    const prev = this.buffers.get(i) ?? NO_BUFFER;
    const sent = entries.find((e) => e.params === params && e.own);
    if (sent !== undefined && !own) return sent;
    let entry = entries.find((e) => e.params === params && e.prev === prev);
    if (entry === undefined) {
      const beta = this.cfg.momentum!;
      const job = Promise.all([prev, this.privatised(i, step, params)]).then(([m, p]) => ({ grad: workerMomentum(m, p.grad, beta), loss: p.loss }));
      entries.push((entry = { params, prev, job, own }));
    }
    if (own) entry.own = true;
    return entry;
  }

  privatise(i: number, step: number, grad: Float32Array): Float32Array {
    let v = grad;
    for (const [k, { mech, params }] of this.cfg.privacy.entries())
      v = mech.apply(v, { batch: this.cfg.batch, rng: stream(this.cfg.seed, `worker/${i}/privacy/${k}/${step}`), params });
    return v;
  }

  /** Forget gradients of steps before `step` (bounded memory on long runs). */
  forgetBefore(step: number): void {
    if (step <= this.oldestStep) return;
    this.oldestStep = step;
    for (const s of this.cache.keys()) if (s < step) this.cache.delete(s);
    for (const s of this.sent.keys()) if (s < step) this.sent.delete(s);
    for (const s of this.honestSets.keys()) if (s < step) this.honestSets.delete(s);
  }
}
