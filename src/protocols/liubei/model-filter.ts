/**
 * LiuBei's model filter (El Mhamdi, Guerraoui, Guirguis, Rouault 2019; seed 002 "Model filter";
 * the formula as the authors' code states it, theory sheet §6.2): a worker accepts the model
 * w_new a replica served it for step t iff
 *
 *   ‖w_new − w_local‖ ≤ B_t,   B_t = γ_{t−1} · ‖g_own‖ · ( (3T + 2)(n − f) / (4f) + 2·((t − 1) mod T) )
 *
 * where w_local = w_own − γ_{t−1}·g_own is the worker's own estimate of the step-t model (its model
 * of step t − 1 minus the learning rate times its gradient there), γ_{t−1} the learning rate of
 * step t − 1 (`server.lr`, `server.lrSchedule`), ‖g_own‖ the norm of that gradient (the scale of
 * one correct step, standing for the bounded gradient of the paper's derivation), T the gather
 * period (`liubei.T`, default ⌊1/(3·L·γ)⌋ with L = `liubei.lipschitz`, default 1), n the workers
 * and f the Byzantine workers the GAR is configured for (`server.f`, default `workers.f`); the
 * first term is the GAR's deviation allowance over a scatter phase, the second the drift correct
 * replicas may accumulate since the last gather ((t − 1) mod T steps, at most 2 steps each).
 * For f = 0 the paper's term (n − f)/(4f) is unbounded (the filter would accept anything): we take
 * f = 1 there, its largest finite value. Requirement: the synchronous network (a correct replica's
 * model then includes the worker's own gradient).
 *
 * A model farther from the worker's estimate than a correct replica's can be — noise, −μ, an
 * equivocation, a model many steps stale — is rejected; what passes lies within B_t of a correct
 * step, so its harm is bounded.
 */
import { norm2 } from './vectors.ts';

export interface ModelBoundInput {
  /** γ_{t−1}. */
  readonly lr: number;
  readonly gradOwn: Float32Array;
  readonly T: number;
  readonly n: number;
  readonly f: number;
  /** The step t of the pulled model (≥ 1). */
  readonly step: number;
}

/** B_t = γ·‖g_own‖·((3T + 2)(n − f)/(4·max(f, 1)) + 2·((t − 1) mod T)). */
export function modelBound(x: ModelBoundInput): number {
  const deviation = ((3 * x.T + 2) * (x.n - x.f)) / (4 * Math.max(x.f, 1));
  return x.lr * norm2(x.gradOwn) * (deviation + 2 * ((x.step - 1) % x.T));
}

/** w_local = w_own − γ·g_own. */
export function localEstimate(wOwn: Float32Array, gOwn: Float32Array, lr: number): Float32Array {
  const out = new Float32Array(wOwn.length);
  for (let k = 0; k < out.length; k++) out[k] = wOwn[k] - lr * gOwn[k];
  return out;
}
