import { z } from 'zod';
import { normal } from '../sim/rng.ts';
import { clipToNorm } from './clip.ts';
import type { PrivacyMechanism } from './types.ts';

/**
 * The per-step noise std of seed 000 (Chen, Gu, Teng, quoting "DP and Byzantine resilience in
 * SGD: do they add up?", PODC 2021): s = 2·G_max·√(2·ln(1.25/δ)) / (b·ε) — the classical Gaussian
 * mechanism σ = Δ·√(2 ln(1.25/δ))/ε with sensitivity Δ = 2·G_max/b (replace-one neighbour of a
 * mean of b terms of norm ≤ G_max). ε = ∞ ⇒ 0. The classical bound is stated for ε ≤ 1.
 * @example gaussianStd(0.01, 10, 0.2, 1e-6) ≈ 5.298803e−2
 */
export function gaussianStd(gmax: number, b: number, epsilon: number, delta: number): number {
  if (epsilon === Infinity) return 0;
  return (2 * gmax * Math.sqrt(2 * Math.log(1.25 / delta))) / (b * epsilon);
}

/**
 * Per-step Gaussian mechanism (seed 000 §3.1; DPBR `train.py`): the worker clips its averaged
 * mini-batch gradient to norm G_max and adds N(0, s²·I_d), s = {@link gaussianStd}(G_max, b, ε, δ).
 * The per-step (ε, δ) is not composed over steps (as in the seed). ε = ∞ clips but adds no
 * noise — as DPBR's `train.py`, which clips every honest gradient whether or not privacy is on,
 * so the ε = ∞ baseline differs from the private runs only by the noise; G_max = ∞ disables
 * clipping too (then there is no guarantee at all).
 * Params: `gmax` (0.01, DPBR's C), `epsilon` (0.2), `delta` (1e−6); b comes from the context.
 * Requirement: ε > 0, 0 < δ < 1, G_max > 0.
 */
export const gaussian: PrivacyMechanism = {
  name: 'gaussian',
  summary: 'clip the mini-batch gradient to G_max, add N(0, s²), s = 2·G_max·√(2 ln(1.25/δ))/(b·ε)',
  params: { gmax: 0.01, epsilon: 0.2, delta: 1e-6 },
  // ε = ∞ adds no noise, G_max = ∞ does not clip (YAML .inf)
  schema: z
    .object({ gmax: z.number().positive().or(z.literal(Infinity)), epsilon: z.number().positive().or(z.literal(Infinity)), delta: z.number().gt(0).lt(1) })
    .partial()
    .strict(),
  check(params) {
    const gmax = Number(params.gmax ?? 0.01);
    const epsilon = Number(params.epsilon ?? 0.2);
    const delta = Number(params.delta ?? 1e-6);
    if (!(gmax > 0)) return `gaussian: gmax must be > 0, got ${params.gmax}`;
    if (!(epsilon > 0)) return `gaussian: epsilon must be > 0 (or Infinity for no noise), got ${params.epsilon}`;
    if (!(delta > 0 && delta < 1)) return `gaussian: delta must be in (0, 1), got ${params.delta}`;
    return undefined;
  },
  apply(grad, ctx) {
    const gmax = Number(ctx.params.gmax ?? 0.01);
    const s = gaussianStd(gmax, ctx.batch, Number(ctx.params.epsilon ?? 0.2), Number(ctx.params.delta ?? 1e-6));
    const out = clipToNorm(grad, gmax);
    if (s > 0) for (let k = 0; k < out.length; k++) out[k] += s * normal(ctx.rng);
    return out;
  },
  /** The noise is zero-mean: the clipped gradient. */
  expected: (grad, ctx) => clipToNorm(grad, Number(ctx.params.gmax ?? 0.01)),
};
