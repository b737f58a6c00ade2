/**
 * A network adversary: the network's scheduler, named by `network.adversary` in the scenario. It
 * picks each message's raw delay (before the synchrony bound, which the link still applies: a
 * message is never later than the active mode allows) from what a scheduler of the wire sees —
 * who sends to whom, when, and which nodes are its own.
 *
 * Threat model: the adversary controls the Byzantine nodes, so it knows which they are
 * (`isByzantine`, the simulation's ground truth) and may favour their messages. That knowledge
 * stays in the scheduler: protocol nodes never see it, they see only the messages and when they
 * arrive.
 */
import type { z } from 'zod';
import type { Message } from '../link.ts';
import type { Synchrony } from '../synchrony.ts';

/** A link's scheduler hook: the raw delay of `msg` sent from → to at `nowMs` (ms), or undefined for the delay model's. */
export type Scheduler = (from: string, to: string, msg: Message, nowMs: number) => number | undefined;

export type AdversaryParams = Readonly<Record<string, number | string | boolean>>;

export interface AdversarySetting {
  readonly seed: number | string;
  readonly synchrony: Synchrony;
  readonly params: AdversaryParams;
  /** Ground truth, for the scheduler only (it controls the Byzantine nodes): is node `id` Byzantine. */
  readonly isByzantine: (id: string) => boolean;
}

export interface NetworkAdversary {
  /** Registry name (kebab-case): `network.adversary`'s `name`. */
  readonly name: string;
  readonly summary: string;
  /** What it shows (README's table). */
  readonly shows: string;
  /** Its optional parameters with their defaults (required ones are in the schema and the summary only). */
  readonly params: Readonly<Record<string, number | string>>;
  /** What its parameters may be (a strict zod object: its keys are every parameter it takes). */
  readonly schema: z.ZodObject;
  /** Rules the schema cannot state, given the run's node names (e.g. a node that must exist). */
  check?(params: AdversaryParams, nodes: readonly string[]): string | undefined;
  create(setting: AdversarySetting): Scheduler;
}
