/** The virtual cost model of aggregation, and the SGD update every server-side protocol applies. */
import type { RunConfig } from '../../scenario/schema.ts';

/** Virtual time to aggregate `count` vectors of `length` values (default the model dimension d). */
export function aggregateMs(cfg: RunConfig, d: number): (count: number, length?: number) => number {
  const a = cfg.compute.aggregate;
  return (count, length = d) => a.fixedMs + a.perValueNs * count * length * 1e-6;
}

/** w − γ·agg, as a new vector. */
export function sgdStep(params: Float32Array, agg: Float32Array, lr: number): Float32Array {
  const next = new Float32Array(params.length);
  for (let k = 0; k < params.length; k++) next[k] = params[k] - lr * agg[k];
  return next;
}
