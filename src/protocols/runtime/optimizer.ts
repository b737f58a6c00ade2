/**
 * The optimiser every aggregating node applies to its aggregate (issue 12 item 2), and the worker
 * momentum honest workers send. Pure functions on Float32Array, plus a small stateful wrapper
 * (`ServerOptimizer`) holding the server momentum buffer in honest state.
 *
 * Server step t, from the aggregate a = F(G₁…G_q) and the model w (PyTorch `torch.optim.SGD`
 * with `weight_decay` and `momentum`, dampening 0 — the optimiser ByzFL's server steps after
 * setting the aggregate as the gradient):
 *   d  = a + λ·w                 (weight decay λ, coupled L2 as in PyTorch SGD, not decoupled AdamW)
 *   u  = μ·u + d  (u⁰ = d)       (server momentum μ)
 *   w ← w − γ_t·u
 * and γ_t = γ·factor^k, k the number of milestones ≤ t (`every: E` ⇔ milestones E, 2E, 3E …; ByzFL's
 * MultiStepLR with `milestones` and `learning_rate_decay`).
 * With λ = 0 and μ = 0 this is exactly w − γ_t·a, computed as before (golden metrics unchanged).
 *
 * Worker momentum β (ByzFL `Client.get_flat_gradients_with_momentum`): an honest worker sends
 *   mᵗ = β·mᵗ⁻¹ + (1 − β)·gᵗ,  m⁻¹ = 0
 * (ByzFL's dampened convention, an exponential average: the undampened mᵗ = β·mᵗ⁻¹ + gᵗ of
 * Karimireddy et al. is the same direction scaled by 1/(1 − β) in steady state, i.e. γ/(1 − β)).
 *
 * A non-finite aggregate (or a step whose result would not be finite, e.g. float32 overflow) is
 * refused: the model and the momentum buffer stay as they were, so no NaN or ±∞ reaches honest state.
 */
import type { RunConfig } from '../../scenario/schema.ts';

/** Step decay of the learning rate: `factor` at every multiple of `every`, or at each of `milestones`. */
export interface LrSchedule {
  readonly every?: number;
  readonly milestones?: readonly number[];
  readonly factor: number;
}

export interface OptimizerSettings {
  readonly lr: number;
  readonly lrSchedule?: LrSchedule;
  /** Server momentum μ ∈ [0, 1) (0 when omitted). */
  readonly momentum?: number;
  /** Weight decay λ ≥ 0 (0 when omitted). */
  readonly weightDecay?: number;
}

/** γ_t: the learning rate of step t (0-based) under a step-decay schedule. */
export function learningRate(lr: number, schedule: LrSchedule | undefined, step: number): number {
  if (schedule === undefined) return lr;
  const k = schedule.every !== undefined ? Math.floor(step / schedule.every) : (schedule.milestones ?? []).filter((m) => m <= step).length;
  return k === 0 ? lr : lr * schedule.factor ** k;
}

/** w − γ·a, as a new vector. */
export function sgdStep(params: Float32Array, agg: Float32Array, lr: number): Float32Array {
  const next = new Float32Array(params.length);
  for (let k = 0; k < params.length; k++) next[k] = params[k] - lr * agg[k];
  return next;
}

/** Whether every entry is finite. */
export function allFinite(v: Float32Array): boolean {
  for (let k = 0; k < v.length; k++) if (!Number.isFinite(v[k])) return false;
  return true;
}

/**
 * One server step (the formula above) from the previous momentum buffer (undefined before the
 * first step). Returns the new model and buffer, or undefined when the aggregate or the result is
 * not finite (the caller keeps its model and buffer).
 */
export function optimizerStep(
  params: Float32Array,
  agg: Float32Array,
  buffer: Float32Array | undefined,
  lr: number,
  momentum = 0,
  weightDecay = 0,
): { params: Float32Array; buffer: Float32Array | undefined } | undefined {
  if (!allFinite(agg)) return undefined;
  if (momentum === 0 && weightDecay === 0) {
    const next = sgdStep(params, agg, lr);
    return allFinite(next) ? { params: next, buffer: undefined } : undefined;
  }
  const d = params.length;
  const u = new Float32Array(d);
  for (let k = 0; k < d; k++) {
    const g = agg[k] + weightDecay * params[k];
    u[k] = momentum > 0 && buffer !== undefined ? momentum * buffer[k] + g : g;
  }
  const next = sgdStep(params, u, lr);
  if (!allFinite(u) || !allFinite(next)) return undefined;
  return { params: next, buffer: momentum > 0 ? u : undefined };
}

/** The optimiser of one aggregating node: its settings and its momentum buffer (honest state). */
export class ServerOptimizer {
  private buffer: Float32Array | undefined;
  /** Steps whose aggregate or result was not finite and was refused. */
  refused = 0;

  constructor(private readonly settings: OptimizerSettings) {}

  /** The model after step `step` from `params` and the aggregate (unchanged if refused). */
  step(step: number, params: Float32Array, agg: Float32Array): Float32Array {
    const s = this.settings;
    const r = optimizerStep(params, agg, this.buffer, learningRate(s.lr, s.lrSchedule, step), s.momentum, s.weightDecay);
    if (r === undefined) {
      this.refused++;
      return params;
    }
    this.buffer = r.buffer;
    return r.params;
  }

  /** A copy of the momentum buffer (tests and traces). */
  momentumBuffer(): Float32Array | undefined {
    return this.buffer && Float32Array.from(this.buffer);
  }
}

/** Worker momentum: β·m + (1 − β)·g as a new vector (m undefined: the zero buffer, so (1 − β)·g). */
export function workerMomentum(previous: Float32Array | undefined, grad: Float32Array, beta: number): Float32Array {
  const out = new Float32Array(grad.length);
  for (let k = 0; k < grad.length; k++) out[k] = (previous === undefined ? 0 : beta * previous[k]) + (1 - beta) * grad[k];
  return out;
}

/** A fresh optimiser from the scenario's `server` section (one per aggregating node). */
export function serverOptimizer(server: RunConfig['server']): ServerOptimizer {
  return new ServerOptimizer({ lr: server.lr, lrSchedule: server.lrSchedule, momentum: server.momentum, weightDecay: server.weightDecay });
}
