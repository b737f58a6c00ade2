/** The attack registry: the one list the CLI, the scenario schema and the tests iterate. */
import { alie } from './alie.ts';
import { amplifiedSignFlip } from './amplified-sign-flip.ts';
import { constantDirection } from './constant-direction.ts';
import { foe, ipm } from './foe.ts';
import { gaussian } from './gaussian.ts';
import { labelFlip } from './label-flip.ts';
import { labelShuffle } from './label-shuffle.ts';
import { mimic } from './mimic.ts';
import { mimicVariant } from './mimic-variant.ts';
import { noiseAddition } from './noise-addition.ts';
import { nonFinite } from './non-finite.ts';
import { optimalAlie } from './optimal-alie.ts';
import { optimalFoe } from './optimal-foe.ts';
import { signFlip } from './sign-flip.ts';
import type { Attack } from './types.ts';

export type { Attack, AttackContext } from './types.ts';
export type { AttackSchedule } from './schedule.ts';
export { SCHEDULES } from './schedule.ts';

export const ATTACKS: ReadonlyMap<string, Attack> = new Map(
  [
    signFlip,
    amplifiedSignFlip,
    gaussian,
    alie,
    foe,
    ipm,
    mimic,
    mimicVariant,
    optimalAlie,
    optimalFoe,
    constantDirection,
    labelFlip,
    labelShuffle,
    noiseAddition,
    nonFinite,
  ].map((a) => [a.name, a]),
);
