import { z } from 'zod';
import type { Attack } from './types.ts';
import { honestOf } from './stats.ts';
import { sharedMean } from './step-stats.ts';

/** −ε·μ, μ the mean of the honest vectors (taken once per array of them: step-stats.ts). */
export function foeVector(honest: readonly Float32Array[], epsilon: number): Float32Array {
  const mu = sharedMean(honest);
  const out = new Float32Array(mu.length);
  for (let k = 0; k < mu.length; k++) out[k] = -epsilon * mu[k];
  return out;
}

function make(name: string): Attack {
  return {
    name,
    summary: 'fall of empires / inner-product manipulation: −ε·mean of honest gradients',
    params: { epsilon: 0.1 },
    schema: z.object({ epsilon: z.number() }).partial().strict(),
    omniscient: true,
    check(params) {
      const e = params.epsilon ?? 0.1;
      return typeof e === 'number' && Number.isFinite(e) ? undefined : `${name}: epsilon must be a finite number, got ${e}`;
    },
    craft(ctx) {
      return foeVector(honestOf(name, ctx.honest), Number(ctx.params.epsilon ?? 0.1));
    },
  };
}

/**
 * Fall of Empires / inner-product manipulation (Xie, Koyejo, Gupta, UAI 2019): every
 * Byzantine worker sends byz = −ε·μ, μ = (1/|H|) Σ_{i∈H} gᵢ over the honest gradients H of the
 * round. With f Byzantines among n the average becomes ((n−f) − fε)/n · μ, whose inner product
 * with μ turns negative once ε > (n−f)/f.
 *
 * Params: `epsilon` (default 0.1: the Karimireddy et al. setting, and the LPD `empire` attack
 * with factor 1.1 ⇒ μ + 1.1·(−μ) = −0.1·μ used by seed 000). ByzFL's `InnerProductManipulation(τ)`
 * is ε = τ (its default τ = 2).
 * Omniscient: the simulator hands it the honest gradients of the round.
 * @example honest [[1,2,3],[4,5,6],[7,8,9]], ε = 2 → [−8, −10, −12]
 */
export const foe: Attack = make('foe');

/** The same attack under its other name, inner-product manipulation. */
export const ipm: Attack = make('ipm');
