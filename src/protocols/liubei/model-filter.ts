/**
 * LiuBei's model filter (El Mhamdi, Guerraoui, Guirguis, Rouault 2019; seed 002 "Model filter":
 * "building upon the guarantees given by the used GAR, at iteration t, a worker can estimate an
 * upper bound on the distance between two successive states of a correct model"). A worker
 * accepts the model w_new a replica served it for step t iff
 *
 *   ‖w_new − w_local‖ ≤ B_t,   B_t = γ·( e_t + (1 + c_F)·σ + 2·c_F·σ·s ),   s = (t − 1) mod T
 *
 * with w_local = w_own − γ·g_own the worker's own estimate of the step-t model (w_own the model it
 * adopted at step t − 1, g_own = G_{t−1}(w_own) its gradient there, γ = γ_{t−1} the learning rate,
 * `server.lr`/`server.lrSchedule`), e_t = ‖g_own − G_t(w_own)‖ (its step-t mini-batch gradient at
 * w_own, computed anyway for the Lipschitz filter), s the scatter steps since the last gather (T =
 * `liubei.T`), and two constants a run cannot know:
 * - σ, the correct workers' gradient noise, ‖G(w) − ∇Q(w)‖ ≤ σ (A1): `liubei.sigma`; by default
 *   the worker's own estimate σ̂_t = e_t/√2 (g_own and G_t(w_own) are two independent mini-batch
 *   gradients at the same point, so E e_t² = 2σ²; no other node's data is read);
 * - c_F, the GAR's deviation bound, ‖F − ∇Q‖ ≤ c_F·σ when at most f of its n inputs are Byzantine
 *   (A3): `liubei.deviation`; by default 1/k_F(n, f), the rule's VN threshold (theory §2.1–2.2:
 *   Krum, Multi-Krum, Bulyan η(n, f) — Krum's Prop. 1 bounds ‖E Kr − ∇Q‖ by η·σ —, median √(n − f),
 *   MDA √8·f/(n − f)); a rule or pipeline without one takes the median's √(n − f).
 *
 * Derivation [D], to first order in γ (the terms L·γ·‖·‖ that the curvature adds between the points
 * where correct gradients were computed are O(γ²·L·c_F²·σ·T), which T ≤ 1/(3Lγ) keeps small).
 * Let i be a correct replica, w_i^t = w_i^{t−1} − γ·F_i with F_i its aggregate of step t − 1, and
 * δ_{t−1} ≥ ‖w_i^{t−1} − w_own‖ the drift between correct models (w_own is one). Then
 *   ‖w_i^t − w_local‖ ≤ δ_{t−1} + γ·‖F_i − g_own‖,
 *   ‖F_i − g_own‖ ≤ ‖F_i − ∇Q‖ + ‖∇Q − G_t(w_own)‖ + ‖G_t(w_own) − g_own‖ ≤ c_F·σ + σ + e_t   (A3, A1);
 * and after a gather every correct node holds the same model (MeaMed of the same correct models),
 * while each scatter step two correct replicas' aggregates, both within c_F·σ of ∇Q, differ by at
 * most 2·c_F·σ (the f Byzantine workers may send each replica a different gradient), so
 * δ_{t−1} ≤ 2·γ·c_F·σ·s. Where Byzantine workers send one gradient to every replica — byzsim's
 * do: a worker, correct or not, sends the same gradient message to every replica (worker-steps.ts)
 * — synchrony makes every correct replica aggregate the same n inputs, so correct replicas stay
 * equal between gathers: δ = 0, and the term 2·c_F·σ·s is dropped (`liubei.workerEquivocation`,
 * default false; true restores it for the paper's threat model). The allowance is not free: it
 * grows the bound by 2·c_F·σ·γ a scatter step (×4.1 at s = 3 with the median, n = 9, f = 2:
 * 2.41 + 7·c_F against 2.41 + c_F noise-steps γσ), which let −ε·μ (FoE) models pass (69 % rejected
 * against 97 % without it; test/e2e/liubei.test.ts, n_ps = 4). A lost or late gradient (`--unsafe`
 * links, omissions) makes correct replicas drift; their models may then be rejected until the
 * gather.
 * Requirements: synchrony (every correct gradient reaches every correct replica in its step, so
 * correct aggregates share their n − f correct inputs), the GAR's own bound on n and f, and w_own a
 * correct model (after a fallback or an accepted Byzantine model it is within B_{t−1} of one, and
 * correct models may be rejected until the next gather).
 *
 * A model farther from the worker's estimate than a correct replica's can be — noise, −ε·μ once μ
 * is more than a few noise-steps from the start, an equivocation, a model many steps stale — is
 * rejected; what passes lies within B_t of the estimate, as a correct model does, so its harm is
 * bounded by B_t a step.
 */
import { garSteps } from '../../scenario/resolve.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import { kF } from '../../privacy/vn-ratio.ts';
import { norm2Diff } from './vectors.ts';

/** The constants a run cannot know (`liubei.sigma`, `liubei.deviation`, `liubei.workerEquivocation`). */
export interface ModelFilterConstants {
  /** σ (undefined: the estimate e_t/√2). */
  readonly sigma: number | undefined;
  /** c_F. */
  readonly deviation: number;
  /** Whether the drift term 2·c_F·σ·s applies (Byzantine workers may send each replica a different gradient). */
  readonly workerEquivocation: boolean;
}

export interface ModelBoundInput extends ModelFilterConstants {
  /** γ_{t−1}. */
  readonly lr: number;
  /** e_t = ‖g_own − G_t(w_own)‖. */
  readonly spread: number;
  readonly T: number;
  /** The step t of the pulled model (≥ 1). */
  readonly step: number;
}

/** B_t = γ·(e_t + (1 + c_F)·σ + 2·c_F·σ·s), s = (t − 1) mod T (0 without worker equivocation). */
export function modelBound(x: ModelBoundInput): number {
  const sigma = x.sigma ?? x.spread / Math.SQRT2;
  const s = x.workerEquivocation ? (x.step - 1) % x.T : 0;
  return x.lr * (x.spread + (1 + x.deviation) * sigma + 2 * x.deviation * sigma * s);
}

/** e_t = ‖g_own − G_t(w_own)‖. */
export const gradientSpread = (gOwn: Float32Array, gNow: Float32Array): number => norm2Diff(gOwn, gNow);

/** c_F: `liubei.deviation`, else 1/k_F(n, f) of the run's GAR (a single registered rule with one), else √(n − f). */
export function garDeviation(cfg: RunConfig, n: number, f: number): number {
  if (cfg.liubei?.deviation !== undefined) return cfg.liubei.deviation;
  const steps = garSteps(cfg);
  const k = steps.length === 1 ? kF(steps[0].name, n, f) : undefined;
  return k !== undefined && k > 0 ? 1 / k : Math.sqrt(n - f);
}

/** w_local = w_own − γ·g_own. */
export function localEstimate(wOwn: Float32Array, gOwn: Float32Array, lr: number): Float32Array {
  const out = new Float32Array(wOwn.length);
  for (let k = 0; k < out.length; k++) out[k] = wOwn[k] - lr * gOwn[k];
  return out;
}
