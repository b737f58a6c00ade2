/**
 * LiuBei's Lipschitz filter: Kardam's (Damaskinos, El Mhamdi, Guerraoui, Patra, Taziki 2018,
 * "Asynchronous Byzantine Machine Learning"), applied by a worker to the model a replica served it
 * (El Mhamdi, Guerraoui, Guirguis, Rouault 2019; seed 002 "Lipschitz filter"):
 *
 *   k_i = ‖G_t(w_new) − G_t(w_own)‖ / ‖w_new − w_own‖
 *   accept  ⇔  k_i ≤ K̂,   K̂ = v₍⌈q_L·m⌉₎ of K = { k_j : j a replica with a coefficient },  m = |K|
 *
 * w_new the model replica i served, w_own the worker's own (the model it adopted at step t − 1),
 * G_t the gradient of the worker's step-t mini-batch loss (the same batch at both models, so k is
 * an empirical Lipschitz coefficient of one function); q_L = (n_ps − f_ps)/n_ps by default
 * (`liubei.quantile`); v₍₁₎ ≤ … ≤ v₍ₘ₎ the values of K in ascending order.
 *
 * Which coefficients enter K — one per source, as in Kardam, where the server keeps each worker's
 * latest coefficient: k_j is the coefficient of the latest model replica j served this worker that
 * was a candidate step (within the model filter's bound, scatter.ts), this one included, accepted or
 * not; a reply that is no candidate (not a finite d-vector, beyond the model filter's bound, not in
 * time) clears j's entry (its latest model has no step coefficient: a far model's k measures the loss
 * between distant points, not a step's curvature). Hence m ≤ n_ps, and at most f_ps entries are
 * Byzantine whatever the Byzantine replicas do — the hypothesis under which the (n_ps − f_ps)/n_ps
 * quantile separates them. Let c' ≤ n_ps − f_ps be the correct replicas with an entry, b ≤ f_ps the
 * Byzantine ones, m = c' + b:
 * - a Byzantine coefficient above every correct one is rejected whenever ⌈q_L·m⌉ ≤ c', i.e.
 *   (n_ps − f_ps)·b ≤ f_ps·c' — e.g. once every correct replica has an entry (c' = n_ps − f_ps,
 *   equality at b = f_ps): K̂ is then at most the largest correct entry;
 * - a correct candidate is rejected only if it exceeds v₍⌈q_L·m⌉₎: never when b = f_ps Byzantine
 *   entries lie above it (⌈q_L·m⌉ ≥ c', as n_ps·(f_ps + 1) > f_ps·(c' + f_ps)), nor, for f_ps = 1,
 *   when the Byzantine replica has no entry (⌈(n_ps − 1)·c'/n_ps⌉ = c' for c' < n_ps); when a
 *   Byzantine replica holds an entry below the correct ones (it serves correct-looking models: slow,
 *   stale, ALIE), the largest correct entry may lie above K̂ and is rejected — Kardam's price, at
 *   most the steps on which the candidate is the largest of the correct entries.
 * A window of the last W coefficients (what we did before) breaks the hypothesis: pulls are mostly of
 * correct replicas and far models never enter, so the window holds no Byzantine coefficient and K̂
 * cuts off the top (1 − q_L) of the correct ones — about f_ps/n_ps false rejections by construction
 * (21 % measured at n_ps = 4), and more as the coefficients drift up during training.
 * Requirement: n_ps ≥ 3f_ps + 1 (checked by the protocol). w_new = w_own (the worker's own model
 * served back) has k = 0 by convention (G_t is a function).
 *
 * It rejects a model whose gradient changes faster than correct models' do — a replica that serves
 * a nearby model that moves the gradient far; far models (arbitrary noise) have small k and are the
 * model filter's to reject.
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

/** One worker's filter: the latest candidate coefficient of each replica (K above) and q_L. */
export class LipschitzFilter {
  private readonly latest = new Map<string, number>();

  constructor(private readonly quantile: number) {}

  /** Judge replica `from`'s coefficient k: it replaces `from`'s entry (when finite, else clears it), then k ≤ K̂. */
  judge(from: string, k: number): { accept: boolean; bound: number } {
    if (!Number.isFinite(k)) {
      this.forget(from);
      return { accept: false, bound: this.latest.size > 0 ? empiricalQuantile([...this.latest.values()], this.quantile) : 0 };
    }
    this.latest.set(from, k);
    const bound = empiricalQuantile([...this.latest.values()], this.quantile);
    return { accept: k <= bound, bound };
  }

  /** Replica `from`'s latest reply was no candidate step: it has no coefficient until its next one. */
  forget(from: string): void {
    this.latest.delete(from);
  }
}
