import { foeVector } from './foe.ts';
import { optimalAttack } from './line-maximize.ts';
import type { Attack } from './types.ts';

/**
 * Optimal FoE / IPM (ByzFL `Optimal_InnerProductManipulation`): byz = −τ*·μ with τ* found by
 * `lineMaximize` (line-maximize.ts) against the server's actual pipeline, as for `optimal-alie`.
 * Params: `evals` 20, `start` 0, `delta` 10, `ratio` 0.8.
 * Omniscient: the simulator hands it the honest gradients and the server's aggregator.
 * @example H = [[1,2,3],[4,5,6],[7,8,9]], F = TrMean(1) ∘ Clipping(2) ∘ NNM(1), f = 1
 *   → τ* = 0.68719476736, byz = [−2.74877907, −3.43597384, −4.1231686]
 */
export const optimalFoe: Attack = optimalAttack('optimal-foe', 'FoE −τμ with τ line-searched against the server GAR', foeVector);
