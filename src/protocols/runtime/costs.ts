/** The virtual cost model of aggregation. */
import type { RunConfig } from '../../scenario/schema.ts';

/** Virtual time to aggregate `count` vectors of `length` values (default the model dimension d). */
export function aggregateMs(cfg: RunConfig, d: number): (count: number, length?: number) => number {
  const a = cfg.compute.aggregate;
  return (count, length = d) => a.fixedMs + a.perValueNs * count * length * 1e-6;
}
