/**
 * The contract every Byzantine behaviour honours. Attacks are pure functions: the simulator
 * hands them what the threat model lets them see (their own honest gradient; for omniscient,
 * colluding attacks also the honest gradients of the round) and sends what they return.
 */
import type { z } from 'zod';
import type { Aggregator, Params } from '../gars/types.ts';

export type { Params } from '../gars/types.ts';

/** What an attacker sees when it crafts its vector for one step. */
export interface AttackContext {
  /** Step (model version) the gradient is for. */
  readonly step: number;
  /** Total workers and Byzantine workers. */
  readonly n: number;
  readonly f: number;
  /**
   * The gradient this worker would have sent if honest (computed on its own data). Omniscient
   * attacks act on `honest` instead: the simulator computes no gradient for them and passes the
   * mean of `honest` here.
   */
  readonly own: Float32Array;
  /**
   * The honest gradients of this step (omniscient attacks only; the simulator hands them
   * over because the threat model says the adversary sees them). Empty for non-omniscient ones.
   */
  readonly honest: readonly Float32Array[];
  /** The server's aggregation pipeline, for attacks that optimise against it. */
  readonly aggregator?: () => Aggregator;
  /** Uniform [0,1) stream private to this attacker and purpose. */
  readonly rng: () => number;
  /** Uniform [0,1) stream shared by all colluding attackers (same draws for each). */
  readonly sharedRng: () => number;
  readonly params: Params;
  /**
   * Memory private to this attacker that the simulator keeps across the steps of one run
   * (one Map per Byzantine worker, created empty). Optional: attacks that need it
   * (constant-direction) fall back to a documented deterministic choice without it.
   */
  readonly state?: Map<string, unknown>;
}

/** A gradient attack: returns the vector the Byzantine worker sends. */
export interface Attack {
  /** Registry name (kebab-case). */
  readonly name: string;
  readonly summary: string;
  /** Parameter names with defaults. */
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** What its parameters may be: a strict zod object; validation refuses unknown keys and bad values. */
  readonly schema: z.ZodType;
  /** Needs the honest gradients of the round. */
  readonly omniscient: boolean;
  /**
   * Data attacks poison the training batch instead of (or before) the gradient: they map the
   * batch's labels, and the honest gradient of the poisoned batch is sent.
   */
  transformLabels?(labels: Int32Array, classes: number, rng: () => number, params: Params): Int32Array;
  /** Gradient attacks map what the attacker sees to the vector it sends. Absent for pure data attacks. */
  craft?(ctx: AttackContext): Float32Array;
  /** A message when params are invalid, else undefined. */
  check?(params: Params): string | undefined;
  /** A message when the attack cannot run with n workers of which f Byzantine (ALIE's z is undefined for some (n, f)), else undefined. */
  checkSetting?(n: number, f: number, params: Params): string | undefined;
}
