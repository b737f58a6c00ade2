/**
 * LiuBei's Lipschitz filter: Kardam's (Damaskinos, El Mhamdi, Guerraoui, Patra, Taziki 2018,
 * "Asynchronous Byzantine Machine Learning"), applied by a worker to the model a replica served it
 * (El Mhamdi, Guerraoui, Guirguis, Rouault 2019; seed 002 "Lipschitz filter"):
 *
 *   k = ‖G_t(w_new) − G_t(w_own)‖ / ‖w_new − w_own‖
 *   accept  ⇔  k ≤ K̂,  K̂ = the q_L-quantile of the coefficients the worker has seen
 *
 * w_new the pulled model, w_own the worker's own (the model it adopted at step t − 1), G_t the
 * gradient of the worker's step-t mini-batch loss (the same batch at both models, so k is an
 * empirical Lipschitz coefficient of one function); q_L = (n_ps − f_ps)/n_ps by default
 * (`liubei.quantile`); the coefficients seen are the last W (`liubei.window`, default 100) the
 * worker computed, this one included, accepted or not — computed only for models the model filter
 * accepted (scatter.ts: a far model's k measures the loss between distant points, not a step's
 * curvature, and would let a replica steer K̂). The empirical quantile of m values
 * v₍₁₎ ≤ … ≤ v₍ₘ₎ is v₍⌈q·m⌉₎. Requirement: n_ps ≥ 3f_ps + 1 (checked by the protocol).
 * w_new = w_own (the worker's own model served back) has k = 0 by convention (G_t is a function).
 *
 * It rejects a model whose gradient changes faster than correct models' do — a replica that
 * serves a nearby model that moves the gradient far; far models (arbitrary noise) have small k
 * and are the model filter's to reject. By construction it also rejects about a (1 − q_L) share
 * of correct models when the window holds no Byzantine coefficients above theirs (Kardam's price:
 * K̂ ≤ the largest correct coefficient seen as long as at least a q_L share of the window is
 * correct, which is its guarantee, but the top (1 − q_L) of the correct ones then lie above K̂;
 * the worker pulls the next replica). Correct replicas serve the same model between gathers, so a
 * step whose correct k is above K̂ has all its correct pulls rejected and ends on w_local.
 */
import { norm2Diff } from './vectors.ts';

/** k = ‖g_new − g_own‖ / ‖w_new − w_own‖ (0 for the same model; Infinity when the models agree and the gradients do not). */
export function lipschitzCoefficient(gNew: Float32Array, gOwn: Float32Array, wNew: Float32Array, wOwn: Float32Array): number {
  const dw = norm2Diff(wNew, wOwn);
  const dg = norm2Diff(gNew, gOwn);
  if (dw === 0) return dg === 0 ? 0 : Infinity;
  return dg / dw;
}

/** v₍⌈q·m⌉₎ of the m values (ascending order statistic; q ∈ (0, 1]). */
export function empiricalQuantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)];
}

export class LipschitzFilter {
  private readonly seen: number[] = [];

  constructor(
    private readonly quantile: number,
    private readonly window: number,
  ) {}

  /** Judge coefficient k: it joins the coefficients seen (when finite), then k ≤ K̂. */
  judge(k: number): { accept: boolean; bound: number } {
    if (!Number.isFinite(k)) return { accept: false, bound: this.seen.length > 0 ? empiricalQuantile(this.seen, this.quantile) : 0 };
    this.seen.push(k);
    if (this.seen.length > this.window) this.seen.shift();
    const bound = empiricalQuantile(this.seen, this.quantile);
    return { accept: k <= bound, bound };
  }
}
