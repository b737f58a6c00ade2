import { alieVector } from './alie.ts';
import { optimalAttack } from './line-maximize.ts';
import type { Attack } from './types.ts';

/**
 * Optimal ALIE (ByzFL `Optimal_ALittleIsEnough`, used in Allouah et al. AISTATS 2023
 * "Fixing by mixing"): byz = μ + τ*·σ with τ* = argmax_τ ‖F(H ∪ {byz(τ)}×f) − μ‖ found by
 * `lineMaximize` (line-maximize.ts) against the server's actual pipeline F. Note the sign: ByzFL's μ + τσ
 * (the fixed `alie` attack writes μ − zσ). σ with ddof 1.
 * Params: `evals` 20, `start` 0, `delta` 10, `ratio` 0.8 (ByzFL's defaults).
 * Omniscient: the simulator hands it the honest gradients and the server's aggregator.
 * @example H = [[1,2,3],[4,5,6],[7,8,9]], F = TrMean(1) ∘ Clipping(2) ∘ NNM(1), f = 1
 *   → τ* = 2.97328372088832, byz = [12.91985116, 13.91985116, 14.91985116]
 */
export const optimalAlie: Attack = optimalAttack('optimal-alie', 'ALIE μ + τσ with τ line-searched against the server GAR', (h, tau) => alieVector(h, -tau));
