/** The attack registry: the one list the CLI, the scenario schema and the tests iterate. */
import { gaussian } from './gaussian.ts';
import { signFlip } from './sign-flip.ts';
import type { Attack } from './types.ts';

export type { Attack, AttackContext } from './types.ts';

export const ATTACKS: ReadonlyMap<string, Attack> = new Map([signFlip, gaussian].map((a) => [a.name, a]));
