/**
 * How a peer departs from the protocol, by ground truth (the harness gives each node its
 * behaviour; the protocol's decisions never read this): honest peers never; a Byzantine peer,
 * on the steps its schedule says it attacks, through the deviations of its behaviours
 * (`btard.byzantine`), with its allies known to it (collusion).
 */
import { attacks, type AttackSchedule } from '../../attacks/schedule.ts';
import { stream } from '../../sim/rng.ts';
import type { Deviation } from './behaviours/index.ts';
import type { BtardSettings } from './config.ts';

export interface Conduct {
  /** Its deviations at `step` (undefined: it follows the protocol). */
  deviation(step: number): Deviation | undefined;
  /** A fellow Byzantine peer (never accused, framed or validated honestly by this one). */
  isAlly(id: string): boolean;
  /** Its own stream for a deviation's draws. */
  rng(step: number, round: number, purpose: string): () => number;
}

export const HONEST: Conduct = {
  deviation: () => undefined,
  isAlly: () => false,
  rng: () => () => 0,
};

/** The conduct of Byzantine peer `id`, the j-th Byzantine (its rank in the schedule's count). */
export function byzantineConduct(
  seed: number | string,
  id: string,
  j: number,
  schedule: AttackSchedule | undefined,
  settings: BtardSettings,
  allies: ReadonlySet<string>,
): Conduct {
  const merged: Deviation = Object.assign({}, ...settings.behaviours.map((b) => b.behaviour.deviation(b.params)));
  const any = settings.behaviours.length > 0;
  return {
    deviation: (step) => (any && attacks(schedule, j, step) ? merged : undefined),
    isAlly: (other) => other !== id && allies.has(other),
    rng: (step, round, purpose) => stream(seed, `byz/${id}/btard/${purpose}/${step}/${round}`),
  };
}
