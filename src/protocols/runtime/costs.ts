/**
 * The virtual cost model of aggregation (`compute.aggregate`), in two modes:
 * - `model: linear` (the default): fixedMs + perValueNs · count · length · 10⁻⁶ for every rule;
 * - `model: law`: the configured pipeline's cost law (issue 12 item 4; src/gars/cost.ts, constants
 *   fitted by `npm run bench -- gars --calibrate`) at the number of vectors aggregated — Σ over the
 *   steps of cᵢ·countᵢ(n, f, d) floor values × `floorNsPerValue` · 10⁻⁶ + fixedMs — so Krum
 *   (n(n−1)/2·d) or MDA (C(n, f)·(n − f) subsets) cost what they cost against averaging (n·d).
 * f in the law is the rule's configured f (`server.f`, default `workers.f`); BTARD keeps it after
 * bans (its aggregators' f falls: the charge is then an upper bound).
 */
import { aggregationCostMs, type StepSpec } from '../../gars/index.ts';
import { garF, garSteps } from '../../scenario/resolve.ts';
import type { RunConfig } from '../../scenario/schema.ts';

/**
 * The floor under `model: law` when `floorNsPerValue` is omitted, in ns per input value: bench/gars'
 * WebAssembly SIMD sum at n = 11, d = 10⁵ on the 2-core development machine (0.20 ms ÷ 1.1·10⁶ values).
 */
export const DEFAULT_FLOOR_NS_PER_VALUE = 0.18;

/** Virtual time to aggregate `count` vectors of `length` values (default the model dimension d). */
export function aggregateMs(cfg: RunConfig, d: number): (count: number, length?: number) => number {
  return costOf(cfg, d, garSteps(cfg));
}

/** Virtual time of GuanYu's model merge, the coordinate-wise median of `count` models (law: the median's). */
export function mergeMs(cfg: RunConfig, d: number): (count: number, length?: number) => number {
  return costOf(cfg, d, MEDIAN);
}

const MEDIAN: readonly StepSpec[] = [{ name: 'median' }];

function costOf(cfg: RunConfig, d: number, steps: readonly StepSpec[]): (count: number, length?: number) => number {
  const a = cfg.compute.aggregate;
  if (a.model !== 'law') return (count, length = d) => a.fixedMs + a.perValueNs * count * length * 1e-6;
  const calibration = { floorNsPerValue: a.floorNsPerValue ?? DEFAULT_FLOOR_NS_PER_VALUE, fixedMs: a.fixedMs };
  const f = garF(cfg);
  const convention = cfg.server.convention;
  return (count, length = d) => aggregationCostMs(steps, count, Math.min(f, count - 1), length, calibration, convention);
}
