/**
 * What a Byzantine server replica does with the models it sends, shared by every replicated-server
 * protocol (GuanYu, LiuBei). A replica runs the protocol's honest computation and hands its
 * behaviour each model it would send (`own`) on a channel (e.g. the model workers read, the update
 * replicas exchange); the behaviour says what each recipient gets instead. It may also watch what
 * the replica receives from the other replicas (`observe`): that is all it sees of them.
 *
 * A behaviour knows which replicas are its colluders (the adversary controls all Byzantine nodes):
 * `isCorrect` is the simulation's ground truth, for the attacker's choices only — never for a
 * correct node's decisions.
 */
import type { z } from 'zod';
import type { Params } from '../../../attacks/types.ts';
import type { Synchrony } from '../../../net/synchrony.ts';

export interface ServerAttackSetting {
  readonly seed: number | string;
  /** The replica's index among the replicas, and its node name. */
  readonly index: number;
  readonly id: string;
  /** n_ps replicas, f_ps of them Byzantine. */
  readonly nPs: number;
  readonly fPs: number;
  readonly synchrony: Synchrony;
  readonly params: Params;
  /** Ground truth, for the attacker only: is node `id` a correct replica. */
  readonly isCorrect: (id: string) => boolean;
}

export interface ServerBehaviour {
  /**
   * What each of `to` receives on `channel` at `step` instead of `own` (the model a correct
   * replica would send), aligned with `to`; `undefined` for a recipient means nothing is sent to it.
   */
  models(channel: string, step: number, own: Float32Array, to: readonly string[]): readonly unknown[];
  /** A model the replica received from replica `from` (what it sees of the others). */
  observe(from: string, step: number, params: unknown): void;
  /** The raw link delay of every message it sends (ms, before the synchrony bound), or undefined: the links' own delay model. */
  readonly delayMs?: number;
}

export interface ServerAttack {
  /** Registry name (kebab-case): `servers.attack`'s `name`. */
  readonly name: string;
  readonly summary: string;
  /** What it breaks, and what the replicated protocols' guarantees say about it (README's table). */
  readonly breaks: string;
  /** Parameter names with defaults. */
  readonly params: Readonly<Record<string, number | string | boolean>>;
  /** What its own parameters may be (a strict zod object; an inner worker attack's parameters pass through to that attack's check). */
  readonly schema: z.ZodType;
  /** Rules on the parameters the schema cannot state (an inner attack's name and parameters, its (n_ps, f_ps) requirement). */
  check?(params: Params, nPs: number, fPs: number): string | undefined;
  create(setting: ServerAttackSetting): ServerBehaviour;
}

/** The same payload for every recipient. */
export const toAll = (to: readonly string[], payload: unknown): unknown[] => to.map(() => payload);
