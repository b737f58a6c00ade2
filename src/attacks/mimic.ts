import { z } from 'zod';
import type { Attack } from './types.ts';
import { honestOf } from './stats.ts';

/**
 * Mimic (Karimireddy, He, Jaggi, ICLR 2022 "Byzantine-robust learning on heterogeneous
 * datasets via bucketing"): every Byzantine worker sends a copy of honest worker ε's gradient,
 * byz = g_ε, over-representing one worker's data to bias the model under heterogeneity.
 * Params: `epsilon` — index (0-based) into the honest gradients of the round (default 0, as ByzFL).
 * Requirement: ε < number of honest workers (n − f).
 * Omniscient: the simulator hands it the honest gradients of the round.
 * @example honest [[1,2,3],[4,5,6],[7,8,9]], ε = 2 → [7, 8, 9]
 */
export const mimic: Attack = {
  name: 'mimic',
  summary: 'copy honest worker ε: byz = g_ε',
  params: { epsilon: 0 },
  schema: z
    .object({ epsilon: z.number().int().min(0) })
    .partial()
    .strict(),
  omniscient: true,
  check(params) {
    const e = params.epsilon ?? 0;
    return typeof e === 'number' && Number.isInteger(e) && e >= 0 ? undefined : `mimic: epsilon must be an integer ≥ 0, got ${e}`;
  },
  checkSetting(n, f, params) {
    const e = Number(params.epsilon ?? 0);
    return e < n - f ? undefined : `mimic: epsilon must be smaller than the number of honest workers n−f=${n - f}, got epsilon=${e}`;
  },
  craft(ctx) {
    const honest = honestOf('mimic', ctx.honest);
    const e = Number(ctx.params.epsilon ?? 0);
    if (e >= honest.length) throw new Error(`mimic: epsilon must be smaller than the number of honest gradients ${honest.length}, got epsilon=${e}`);
    return Float32Array.from(honest[e]);
  },
};
