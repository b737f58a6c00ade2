/**
 * One-shot evaluation of a pipeline on a set of vectors — the entry point `byzsim aggregate`,
 * the reference-case test and the fuzzer share. A pipeline may end with a pre-aggregator
 * (`nnm`, `bucketing → clip`): then the result is the list of vectors it outputs.
 */
import { GARS, PRE_AGGREGATORS, checkPipeline, resolveParams } from './index.ts';
import { RowPool } from './row-pool.ts';
import type { Convention, GarContext, StepSpec, Vector } from './types.ts';

export interface ApplyOptions {
  readonly f: number;
  readonly convention?: Convention;
  readonly rng: () => number;
  /** Skip the requirement check (the fuzzer's `--unsafe`). */
  readonly unsafe?: boolean;
  /** Centered Clipping's state across calls; a fresh map when omitted. */
  readonly state?: Map<string, unknown>;
}

/** The requirement message for a pipeline that may end with a pre-aggregator, or undefined. */
export function checkSteps(steps: readonly StepSpec[], n: number, f: number, convention: Convention = 'paper'): string | undefined {
  const last = steps[steps.length - 1];
  if (last && !GARS.has(last.name) && PRE_AGGREGATORS.has(last.name)) {
    let count = n;
    for (const step of steps) {
      const pre = PRE_AGGREGATORS.get(step.name);
      if (!pre) return checkPipeline(steps, n, f, convention);
      const params = resolveParams(step.name, step.params, convention);
      const msg = pre.check(count, f, params, convention);
      if (msg) return msg;
      count = pre.outputCount(count, params);
    }
    return undefined;
  }
  return checkPipeline(steps, n, f, convention);
}

/** Run the pipeline once; throws the check's message when (n, f, params) is not admissible. */
export function applySteps<V extends Vector>(steps: readonly StepSpec[], inputs: readonly V[], opts: ApplyOptions): V | V[] {
  const convention = opts.convention ?? 'paper';
  if (inputs.length === 0) throw new Error('no input vectors');
  const d = inputs[0].length;
  if (inputs.some((x) => x.length !== d)) throw new Error(`all vectors must have the same length (the first has ${d})`);
  if (!opts.unsafe) {
    const msg = checkSteps(steps, inputs.length, opts.f, convention);
    if (msg) throw new Error(msg);
  }
  const state = opts.state ?? new Map<string, unknown>();
  let xs: readonly V[] = inputs;
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s];
    // a step whose outputs only a later step reads may write them into lent rows (row-pool.ts)
    const pool = s < steps.length - 1 ? new RowPool() : undefined;
    const ctx: GarContext = { f: opts.f, params: resolveParams(step.name, step.params, convention), convention, rng: opts.rng, pool };
    const pre = PRE_AGGREGATORS.get(step.name);
    const gar = GARS.get(step.name);
    if (s === steps.length - 1 && gar) return gar.aggregate(xs, ctx, state);
    if (!pre) throw new Error(gar ? `${step.name}: only the last step may be an aggregation rule` : `unknown aggregation step "${step.name}"`);
    xs = pre.apply(xs, ctx);
  }
  return xs as V[];
}
