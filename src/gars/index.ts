/**
 * The GAR registry: the one list the CLI, the scenario schema and the tests iterate.
 * A pipeline is zero or more pre-aggregators followed by one rule: `nnm → bucketing → krum`.
 */
import { average } from './average.ts';
import { krum } from './krum.ts';
import { median } from './median.ts';
import type { Aggregator, Convention, Gar, Params, PreAggregator, StepSpec } from './types.ts';

export type { Aggregator, Convention, Gar, GarContext, Params, PreAggregator, StepSpec } from './types.ts';

/** Every aggregation rule, by registry name. */
export const GARS: ReadonlyMap<string, Gar> = new Map([average, median, krum].map((g) => [g.name, g]));

/** Every pre-aggregation step, by registry name. */
export const PRE_AGGREGATORS: ReadonlyMap<string, PreAggregator> = new Map<string, PreAggregator>([]);

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
    const params = step.params ?? {};
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

/** Bind a pipeline to f, a convention and a random stream; the result keeps the rules' state. */
export function createAggregator(
  steps: readonly StepSpec[],
  f: number,
  rng: () => number,
  convention: Convention = 'paper',
): Aggregator {
  const state = new Map<string, unknown>();
  const label = steps.map((s) => s.name).join(' → ');
  return {
    label,
    aggregate(inputs) {
      let xs: readonly Float32Array[] = inputs;
      for (let s = 0; s < steps.length; s++) {
        const step = steps[s];
        const ctx = { f, params: step.params ?? ({} as Params), convention, rng };
        if (s < steps.length - 1) xs = PRE_AGGREGATORS.get(step.name)!.apply(xs, ctx);
        else return GARS.get(step.name)!.aggregate(xs, ctx, state);
      }
      throw new Error('unreachable: empty pipeline');
    },
  };
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
