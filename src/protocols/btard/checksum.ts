/**
 * BTARD's verification of an aggregate (Gorbunov et al. 2022, eq. (3) of seed 003; theory §6.4):
 * with a random zⱼ shared by all, each contributor i of part j computes from its own part gᵢ and
 * the published xⱼ
 *   sᵢ = ⟨zⱼ, (gᵢ − xⱼ)·min(1, τ/‖gᵢ − xⱼ‖)⟩,
 * and the aggregate is accepted iff Σᵢ sᵢ ≈ 0.
 *
 * Tolerance, from CenteredClip's stopping rule: at the output x_L of an aggregator that stopped
 * when its step ‖x_L − x_{L−1}‖ ≤ η, Σᵢ clip_τ(gᵢ − x_L) = m·(x_{L+1} − x_L), and CenteredClip is
 * gradient descent with step 1 on a 1-smooth convex function, so its steps never grow:
 * ‖x_{L+1} − x_L‖ ≤ η. Hence |Σᵢ sᵢ| ≤ m·‖zⱼ‖·η (Cauchy–Schwarz) for a correct aggregate; the
 * tolerance adds a 2⁻²⁰ relative slack for float64 rounding. An aggregate that fails is not
 * necessarily wrong (the aggregator may have hit its iteration cap first): the contributors then
 * reveal their parts and every member recomputes it (decide.ts) — so the tolerance decides how
 * often that happens, never whom to ban. A wrong aggregate x′ = x + δ passes only if
 * |⟨zⱼ, Σᵢ clip_τ(gᵢ − x′)⟩| ≤ m‖zⱼ‖η, i.e. (z Gaussian) with probability ≈ P(|N(0,1)| ≤ √len·η/‖δ‖).
 */

/** sᵢ = ⟨z, (g − x)·min(1, τ/‖g − x‖)⟩ (float64; 0 when g = x). */
export function clipTerm(z: Float64Array, g: ArrayLike<number>, x: ArrayLike<number>, tau: number): number {
  let sq = 0;
  let dot = 0;
  for (let k = 0; k < z.length; k++) {
    const u = g[k] - x[k];
    sq += u * u;
    dot += z[k] * u;
  }
  const norm = Math.sqrt(sq);
  return norm === 0 ? 0 : dot * Math.min(1, tau / norm);
}

/** The tolerance on |Σᵢ sᵢ| for `count` contributors: count·‖z‖·η·(1 + 2⁻²⁰). */
export function checkTolerance(count: number, zNorm: number, eta: number): number {
  return count * zNorm * eta * (1 + 2 ** -20);
}

/** Σ sᵢ within the tolerance (a non-finite sum fails). */
export const checkPasses = (sum: number, tolerance: number): boolean => Math.abs(sum) <= tolerance;
