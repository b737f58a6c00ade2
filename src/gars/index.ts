/**
 * The GAR registry: the one list the CLI, the scenario schema and the tests iterate.
 * A pipeline is zero or more pre-aggregators followed by one rule: `nnm → bucketing → krum`.
 */
import { average } from './average.ts';
import { bulyan } from './bulyan.ts';
import { centeredClip } from './centered-clip.ts';
import { geometricMedian } from './geometric-median.ts';
import { krum } from './krum.ts';
import { mda } from './mda.ts';
import { meamed } from './meamed.ts';
import { median } from './median.ts';
import { multiKrum } from './multi-krum.ts';
import { phocas } from './phocas.ts';
import { arc } from './pre/arc.ts';
import { bucketing } from './pre/bucketing.ts';
import { clip } from './pre/clip.ts';
import { nnm } from './pre/nnm.ts';
import { smea } from './smea.ts';
import { trimmedMean } from './trimmed-mean.ts';
import { lawCost } from './cost.ts';
import { RowPool } from './row-pool.ts';
import type { Convention, Gar, Params, PreAggregator, StepSpec, Vector, VectorAggregator } from './types.ts';

export type { Aggregator, Convention, CostLaw, CostTerm, Gar, GarContext, Params, PreAggregator, StepSpec, Vector, VectorAggregator } from './types.ts';

/** Every aggregation rule, by registry name. */
export const GARS: ReadonlyMap<string, Gar> = new Map(
  [average, median, trimmedMean, geometricMedian, krum, multiKrum, mda, bulyan, meamed, phocas, centeredClip, smea].map((g) => [g.name, g]),
);

/** Every pre-aggregation step, by registry name. */
export const PRE_AGGREGATORS: ReadonlyMap<string, PreAggregator> = new Map<string, PreAggregator>([nnm, bucketing, clip, arc].map((p) => [p.name, p]));

/** A step's params with ByzFL's names mapped to ours under `--convention byzfl` (e.g. CC's `L` → `iterations`). */
export function resolveParams(name: string, params: Params | undefined, convention: Convention = 'paper'): Params {
  const p = params ?? {};
  const aliases = convention === 'byzfl' ? (GARS.get(name) ?? PRE_AGGREGATORS.get(name))?.byzflAliases : undefined;
  if (!aliases) return p;
  const out: Record<string, number | string | boolean> = {};
  for (const [k, v] of Object.entries(p)) out[aliases[k] ?? k] = v;
  return out;
}

/** Parse `"nnm → bucketing → krum"` (also `->` or `>`) or a list of steps into step specs. */
export function parsePipeline(spec: string | readonly (string | StepSpec)[]): StepSpec[] {
  const parts = typeof spec === 'string' ? spec.split(/\s*(?:→|->|>)\s*/) : spec;
  return parts.map((p) => (typeof p === 'string' ? { name: p.trim() } : p));
}

/**
 * Check a pipeline against (n, f): known names, a rule last, every step's requirement on
 * the number of vectors it receives. Returns a message naming the step and the bound, or undefined.
 */
export function checkPipeline(steps: readonly StepSpec[], n: number, f: number, convention: Convention = 'paper'): string | undefined {
  if (steps.length === 0) return 'empty pipeline: name at least one aggregation rule';
  let count = n;
  for (let s = 0; s < steps.length; s++) {
    const step = steps[s];
    const last = s === steps.length - 1;
    const params = resolveParams(step.name, step.params, convention);
    if (last) {
      const gar = GARS.get(step.name);
      if (!gar) return unknownMessage(step.name, PRE_AGGREGATORS.has(step.name) ? 'a pipeline must end with an aggregation rule' : undefined);
      return gar.check(count, f, params, convention);
    }
    const pre = PRE_AGGREGATORS.get(step.name);
    if (!pre) return unknownMessage(step.name, GARS.has(step.name) ? 'only the last step may be an aggregation rule' : undefined);
    const msg = pre.check(count, f, params, convention);
    if (msg) return msg;
    count = pre.outputCount(count, params);
  }
  return undefined;
}

function unknownMessage(name: string, why?: string): string {
  if (why) return `${name}: ${why}`;
  const known = [...PRE_AGGREGATORS.keys(), ...GARS.keys()].join(', ');
  return `unknown aggregation step "${name}" (known: ${known})`;
}

/** The machine constants a cost law is turned into time with. */
export interface CostCalibration {
  /** The floor's time per input value on the simulated machine, in ns (bench/gars: the SIMD sum's ms ÷ (n·d) × 10⁶). */
  readonly floorNsPerValue: number;
  /** A fixed cost per aggregation (dispatch, allocation), in ms; 0 when omitted. */
  readonly fixedMs?: number;
}

/**
 * Virtual time of one aggregation by a pipeline of n inputs of dimension d: Σ over its steps of
 * the step's cost law (in floor values, at the number of vectors that step receives — bucketing
 * shrinks it) × calibration.floorNsPerValue, plus calibration.fixedMs. Throws on an unknown step
 * (validate the pipeline with checkPipeline first).
 */
export function aggregationCostMs(
  steps: readonly StepSpec[],
  n: number,
  f: number,
  d: number,
  calibration: CostCalibration,
  convention: Convention = 'paper',
): number {
  let count = n;
  let floorValues = 0;
  steps.forEach((step, s) => {
    const params = resolveParams(step.name, step.params, convention);
    const rule = s === steps.length - 1 ? GARS.get(step.name) : PRE_AGGREGATORS.get(step.name);
    if (!rule) throw new Error(unknownMessage(step.name));
    floorValues += lawCost(rule.cost, count, f, d, params, convention);
    if ('outputCount' in rule) count = rule.outputCount(count, params);
  });
  return (floorValues * calibration.floorNsPerValue) / 1e6 + (calibration.fixedMs ?? 0);
}

/** Bind a pipeline to f, a convention and a random stream; the result keeps the rules' state. */
export function createAggregator(steps: readonly StepSpec[], f: number, rng: () => number, convention: Convention = 'paper'): VectorAggregator {
  const state = new Map<string, unknown>();
  const label = steps.map((s) => s.name).join(' → ');
  const bound = steps.map((step, s) => {
    const known = s < steps.length - 1 ? PRE_AGGREGATORS.has(step.name) : GARS.has(step.name);
    if (!known) throw new Error(unknownMessage(step.name));
    return { step, params: resolveParams(step.name, step.params, convention) };
  });
  // each pre-aggregation step writes into its own rows, reused from call to call (row-pool.ts)
  const pools = bound.map(() => new RowPool());
  const aggregateVectors = <V extends Vector>(inputs: readonly V[]): V => {
    let xs: readonly V[] = inputs;
    for (let s = 0; s < bound.length; s++) {
      const { step, params } = bound[s];
      const ctx = { f, params, convention, rng, pool: s < bound.length - 1 ? pools[s] : undefined };
      if (s < bound.length - 1) xs = PRE_AGGREGATORS.get(step.name)!.apply(xs, ctx);
      else return GARS.get(step.name)!.aggregate(xs, ctx, state);
    }
    throw new Error('unreachable: empty pipeline');
  };
  return { label, aggregate: (inputs) => aggregateVectors(inputs), aggregateVectors };
}

/**
 * A received gradient is admissible iff it has length d and only finite entries; anything
 * else is a faulty message that the server drops and counts, so no rule ever sees it.
 */
export function isAdmissible(v: unknown, d: number): v is Float32Array {
  if (!(v instanceof Float32Array) || v.length !== d) return false;
  for (let k = 0; k < d; k++) if (!Number.isFinite(v[k])) return false;
  return true;
}
