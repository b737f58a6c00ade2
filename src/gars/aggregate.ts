/**
 * `aggregate(pipeline, vectors, { f })`: one call of a rule or pipeline on a set of vectors —
 * the package's entry point to the GARs (the CLI's `byzsim aggregate` does the same from a file).
 * Rows may be Float32Array (the simulator's storage), Float64Array or plain number arrays (read
 * as float64). Throws the rule's requirement message (`krum: needs n ≥ 2f+3, got n=5, f=2`)
 * when (n, f, params) is not admissible. A pipeline that ends with a pre-aggregator returns
 * the vectors it outputs.
 */
import { stream } from '../sim/rng.ts';
import { applySteps } from './apply.ts';
import { parsePipeline } from './index.ts';
import type { Convention, Params, StepSpec, Vector } from './types.ts';

export interface AggregateOptions {
  /** Number of Byzantine inputs to tolerate. */
  readonly f: number;
  /** Parameters of the last step (merged over those the pipeline's steps carry). */
  readonly params?: Params;
  /** The papers' conventions (default) or ByzFL's. */
  readonly convention?: Convention;
  /** Seed of the randomised steps' stream (bucketing); the CLI's `--seed`. Default 0. */
  readonly seed?: number | string;
}

export function aggregate<V extends Vector>(pipeline: string | readonly (string | StepSpec)[], vectors: readonly V[], options: AggregateOptions): V | V[];
export function aggregate(
  pipeline: string | readonly (string | StepSpec)[],
  vectors: readonly (readonly number[])[],
  options: AggregateOptions,
): Float64Array | Float64Array[];
export function aggregate(
  pipeline: string | readonly (string | StepSpec)[],
  vectors: readonly (Vector | readonly number[])[],
  options: AggregateOptions,
): Vector | Vector[] {
  const steps = parsePipeline(pipeline);
  if (options.params && steps.length > 0) {
    const last = steps[steps.length - 1];
    steps[steps.length - 1] = { name: last.name, params: { ...last.params, ...options.params } };
  }
  const inputs = vectors.map((v) => (v instanceof Float32Array || v instanceof Float64Array ? v : Float64Array.from(v)));
  return applySteps(steps, inputs, { f: options.f, convention: options.convention, rng: stream(options.seed ?? 0, 'aggregate') });
}
