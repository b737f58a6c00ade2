/**
 * The contract of a privacy mechanism a worker applies to the gradient it sends
 * (per-step Gaussian noise, sparsification, …). Pure: randomness comes in as a stream.
 */
import type { z } from 'zod';
import type { Params } from '../gars/types.ts';

export interface PrivacyContext {
  /** Mini-batch size b the gradient was averaged over. */
  readonly batch: number;
  /** Uniform [0,1) stream private to this worker and purpose. */
  readonly rng: () => number;
  readonly params: Params;
}

export interface PrivacyMechanism {
  /** Registry name (kebab-case). */
  readonly name: string;
  readonly summary: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** What its parameters may be: a strict zod object; validation refuses unknown keys and bad values. */
  readonly schema: z.ZodType;
  check?(params: Params): string | undefined;
  /** The vector the worker sends instead of `grad` (a new array; `grad` is not modified). */
  apply(grad: Float32Array, ctx: PrivacyContext): Float32Array;
  /**
   * The mean of `apply(grad)` over the mechanism's own randomness (its noise-free part, e.g. the
   * clipped gradient under zero-mean noise): what the VN ratio's reference gradient goes through.
   * Omitted: the mechanism draws nothing and `apply` is its own mean.
   */
  expected?(grad: Float32Array, ctx: Omit<PrivacyContext, 'rng'>): Float32Array;
}
