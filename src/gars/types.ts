/**
 * The contract every gradient aggregation rule (GAR) and pre-aggregator honours.
 * Rules are pure functions on Float32Array; any state a rule keeps across calls
 * (Centered Clipping's momentum) lives in an `Aggregator` instance made by the
 * registry, never in module scope.
 */

/**
 * A gradient as the rules see it. The simulator's hot path is Float32Array only; Float64Array
 * is accepted so `byzsim aggregate` can cross-check float64 reference cases exactly. Every
 * rule returns the same array type it was given and accumulates in float64 either way.
 */
export type Vector = Float32Array | Float64Array;

import { z } from 'zod';
import type { RowPool } from './row-pool.ts';

/** Rule parameters as they come from a scenario or the CLI (`--param k=v`). */
export type Params = Readonly<Record<string, number | string | boolean>>;

/** Convention family: the papers' (default) or ByzFL's (to match its reference cases). */
export type Convention = 'paper' | 'byzfl';

/** What a rule receives besides its inputs. */
export interface GarContext {
  /** Number of Byzantine inputs the rule is configured to tolerate. */
  readonly f: number;
  readonly params: Params;
  readonly convention: Convention;
  /** Uniform [0,1) stream, for randomised rules (bucketing). */
  readonly rng: () => number;
  /**
   * Output rows lent by the pipeline to a pre-aggregation step whose outputs only the next step
   * reads (row-pool.ts): written in place of fresh rows, valid until the step's next call.
   */
  readonly pool?: RowPool;
}

/** One term of a cost law: c · count(n, f, d, params, convention), c in floor-value units per count (see cost.ts). */
export interface CostTerm {
  /** The count's formula, for the bench and the docs (e.g. `n·d`, `n(n−1)/2·d`). */
  readonly label: string;
  readonly count: (n: number, f: number, d: number, params: Params, convention: Convention) => number;
  /** Floor values per count (fitted by `npm run bench -- gars --calibrate`). */
  readonly constant: number;
}

/** A rule's cost law (issue 12 item 4) and how its constants were measured. */
export interface CostLaw {
  readonly terms: readonly CostTerm[];
  /** The command and setting that measured the constants. */
  readonly measured: string;
}

/** A gradient aggregation rule: n vectors of dimension d in, one vector out. */
export interface Gar {
  /** Registry name (kebab-case). */
  readonly name: string;
  /** One line: what it computes. */
  readonly summary: string;
  /** Parameter names it accepts, with defaults (documented in the rule's file). */
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** What its parameters may be: a strict zod object (after ByzFL aliases are mapped); validation refuses anything else. */
  readonly schema: z.ZodType;
  /** `undefined` when (n, f, params) meets the rule's requirement, else a message such as `krum: needs n ≥ 2f+3, got n=6, f=2`. */
  check(n: number, f: number, params: Params, convention?: Convention): string | undefined;
  /**
   * ByzFL parameter names this rule accepts under `--convention byzfl`, mapped to ours
   * (e.g. Centered Clipping's `L` → `iterations`).
   */
  readonly byzflAliases?: Readonly<Record<string, string>>;
  /** What one call costs in floor-value units, from its complexity (cost.ts). */
  readonly cost: CostLaw;
  /** The aggregate. `inputs` all have the same length d and only finite entries. */
  aggregate<V extends Vector>(inputs: readonly V[], ctx: GarContext, state?: Map<string, unknown>): V;
}

/** A pre-aggregation step: n vectors in, n' vectors out (NNM, bucketing, clipping, ARC). */
export interface PreAggregator {
  readonly name: string;
  readonly summary: string;
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** What its parameters may be (strict zod object). */
  readonly schema: z.ZodType;
  check(n: number, f: number, params: Params, convention?: Convention): string | undefined;
  readonly byzflAliases?: Readonly<Record<string, string>>;
  /** What one call costs in floor-value units, from its complexity (cost.ts). */
  readonly cost: CostLaw;
  /** How many vectors come out for n in (bucketing shrinks the set). */
  outputCount(n: number, params: Params): number;
  /** Never mutates its inputs (ByzFL's clipping does; we copy). */
  apply<V extends Vector>(inputs: readonly V[], ctx: GarContext): V[];
}

/** A pipeline as written in a scenario: `nnm → bucketing → krum` or a list of steps. */
export interface StepSpec {
  readonly name: string;
  readonly params?: Params;
}

/** A ready-to-call aggregator: a pipeline bound to n, f and its own state. */
export interface Aggregator {
  readonly label: string;
  aggregate(inputs: readonly Float32Array[]): Float32Array;
}

/** What createAggregator returns: also aggregates Float64Array rows (for `byzsim aggregate`). */
export interface VectorAggregator extends Aggregator {
  aggregateVectors<V extends Vector>(inputs: readonly V[]): V;
}

/** The schema of an entry without parameters. */
export const NO_PARAMS = z.object({}).strict();

/** A string parameter holding a JSON array of finite numbers (Centered Clipping's start, bucketing's permutation). */
export const jsonNumbers = (what: string) =>
  z.string().refine((s) => {
    try {
      const v: unknown = JSON.parse(s);
      return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
    } catch {
      return false;
    }
  }, `must be ${what}`);
