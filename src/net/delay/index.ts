/** Delay-model registry. */
import { exponential } from './exponential.ts';
import { fixed } from './fixed.ts';
import { lognormal } from './lognormal.ts';
import { pareto } from './pareto.ts';
import type { DelayModel } from './types.ts';
import { uniform } from './uniform.ts';

export type { DelayModel } from './types.ts';

export const DELAYS: ReadonlyMap<string, DelayModel> = new Map([fixed, uniform, exponential, lognormal, pareto].map((m) => [m.name, m]));
