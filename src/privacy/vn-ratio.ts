/**
 * The variance-to-norm (VN) ratio of El Mhamdi et al. and each rule's threshold k_F(n, f)
 * (theory §2). The condition √E‖G − EG‖² / ‖EG‖ ≤ k_F(n, f) is sufficient for F to be
 * (α, f)-Byzantine resilient; runs log the empirical ratio to see whether it holds.
 */
import type { Vector } from '../gars/types.ts';

export interface VnRatio {
  /** dev = √(Σᵢ ‖gᵢ − ḡ‖² / (h − 1)). */
  readonly deviation: number;
  /** ‖ḡ‖ (vnRatio) or ‖ĝ‖, the reference's norm (vnRatioAgainst). */
  readonly meanNorm: number;
  /** deviation / meanNorm (+∞ when ḡ = 0 and dev > 0, 0 when both vanish). */
  readonly ratio: number;
}

/**
 * The authors' estimator (LPD ByzantineMomentum `compute_avg_dev_max`, theory §2.1) over the
 * honest gradients g₁…g_h of one step: unbiased deviation over the norm of their own mean. Needs
 * h ≥ 2. Under noise that dominates the signal (DP at ε = 0.2) ‖ḡ‖ ≈ dev/√h, so this ratio
 * stays ≈ √h whatever the truth: runs measure with `vnRatioAgainst` instead.
 */
export function vnRatio(gradients: readonly Vector[]): VnRatio {
  const { deviation, mean } = deviationOf(gradients);
  return ratioOf(deviation, norm(mean));
}

/**
 * The VN ratio against an estimate ĝ of the true gradient EG that shares none of the honest
 * gradients' noise (runs: a large reference batch at the same parameters, runtime/vn-reference.ts):
 *   ratio = √(Σᵢ ‖gᵢ − ḡ‖² / (h − 1)) / ‖ĝ‖,
 * the numerator the unbiased estimate of √E‖G − EG‖² (h ≥ 2 i.i.d. honest vectors), the
 * denominator ‖EG‖ up to the reference's own sampling error (E‖ĝ‖² = ‖EG‖² + tr Σ₁ / B for a
 * reference of B examples, Σ₁ the covariance of one example's gradient).
 * Known case: gᵢ = μ + σ·ξᵢ, ξᵢ ~ N(0, I_d), ĝ = μ ⇒ ratio → σ√d / ‖μ‖.
 */
export function vnRatioAgainst(gradients: readonly Vector[], reference: Vector): VnRatio {
  const { deviation } = deviationOf(gradients);
  if (reference.length !== gradients[0].length) throw new Error(`vn ratio: reference of dimension ${reference.length}, gradients of ${gradients[0].length}`);
  return ratioOf(deviation, norm(reference));
}

function deviationOf(gradients: readonly Vector[]): { deviation: number; mean: Float64Array } {
  const h = gradients.length;
  if (h < 2) throw new Error(`vn ratio: needs at least 2 honest gradients, got ${h}`);
  const d = gradients[0].length;
  const mean = new Float64Array(d);
  for (const g of gradients) for (let k = 0; k < d; k++) mean[k] += g[k] / h;
  let ss = 0;
  for (const g of gradients) {
    for (let k = 0; k < d; k++) {
      const t = g[k] - mean[k];
      ss += t * t;
    }
  }
  return { deviation: Math.sqrt(ss / (h - 1)), mean };
}

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < v.length; k++) s += v[k] * v[k];
  return Math.sqrt(s);
}

function ratioOf(deviation: number, meanNorm: number): VnRatio {
  const ratio = meanNorm > 0 ? deviation / meanNorm : deviation > 0 ? Infinity : 0;
  return { deviation, meanNorm, ratio };
}

/** η(n, f) of Krum's Prop. 1: √(2(n − f + (f(n−f−2) + f²(n−f−1))/(n−2f−2))); needs n > 2f+2. */
export function krumEta(n: number, f: number): number {
  if (!(n > 2 * f + 2)) return NaN;
  return Math.sqrt(2 * (n - f + (f * (n - f - 2) + f * f * (n - f - 1)) / (n - 2 * f - 2)));
}

/**
 * k_F(n, f) where the literature gives one (theory §2.2): Krum, Multi-Krum and Bulyan 1/η(n, f)
 * (KRUM Prop. 1; LPD code for the other two); median 1/√(n−f) (LPD code); MDA (n−f)/(√8·f)
 * (DPBR/MOM code). undefined for the others (trimmed mean, MeaMed, Phocas, …: not found) and
 * where the formula does not apply (Krum at n ≤ 2f+2, MDA at f = 0).
 */
export function kF(rule: string, n: number, f: number): number | undefined {
  switch (rule) {
    case 'krum':
    case 'multi-krum':
    case 'bulyan': {
      const eta = krumEta(n, f);
      return Number.isFinite(eta) ? 1 / eta : undefined;
    }
    case 'median':
      return n > f ? 1 / Math.sqrt(n - f) : undefined;
    case 'mda':
      return f > 0 ? (n - f) / (Math.sqrt(8) * f) : undefined;
    default:
      return undefined;
  }
}

/** Whether a step's empirical ratio meets the rule's condition (strict, as the authors' `ratio² < bound²`). */
export function meetsVnCondition(rule: string, n: number, f: number, ratio: number): boolean | undefined {
  const k = kF(rule, n, f);
  return k === undefined ? undefined : ratio < k;
}
