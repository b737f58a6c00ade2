/**
 * Rényi-DP accountant for the sampled Gaussian mechanism (SGM), as Opacus computes it
 * (`opacus/accountants/analysis/rdp.py`, itself from TF-Privacy): RDP of one step at order α
 * from Mironov, Talwar, Zhang 2019 ("Rényi differential privacy of the sampled Gaussian
 * mechanism", arXiv 1908.10530 §3.3), composed over steps by addition, converted to (ε, δ).
 * Add/remove adjacency, sensitivity 1 on the sum (noise multiplier σ = std / clipping norm).
 */
import erfc from '@stdlib/math-base-special-erfc';
import gammaln from '@stdlib/math-base-special-gammaln';

/** Opacus's default orders: 1.1, 1.2, …, 10.9 and 12, 13, …, 63. */
export const DEFAULT_ORDERS: readonly number[] = [...Array.from({ length: 99 }, (_, x) => 1 + (x + 1) / 10), ...Array.from({ length: 52 }, (_, i) => 12 + i)];

/** log(eˣ + eʸ). */
function logAdd(x: number, y: number): number {
  const [a, b] = x < y ? [x, y] : [y, x];
  if (a === -Infinity) return b;
  return Math.log1p(Math.exp(a - b)) + b;
}

/** log(eˣ − eʸ), x ≥ y. */
function logSub(x: number, y: number): number {
  if (x < y) throw new Error('rdp: log-space subtraction would be negative');
  if (y === -Infinity) return x;
  if (x === y) return -Infinity;
  const d = Math.expm1(x - y);
  return d === Infinity ? x : Math.log(d) + y;
}

/**
 * log erfc(x), accurate for large x where erfc underflows (continued asymptotic series
 * erfc(x) ≈ e^{−x²}/(x√π)·(1 − 1/(2x²) + 3/(4x⁴) − 15/(8x⁶) + 105/(16x⁸))).
 */
export function logErfc(x: number): number {
  if (x < 20) return Math.log(erfc(x));
  const r = 1 / (x * x);
  return -x * x - Math.log(x) - 0.5 * Math.log(Math.PI) + Math.log1p(r * (-0.5 + r * (0.75 + r * (-1.875 + r * 6.5625))));
}

function logBinomInt(a: number, i: number): number {
  return gammaln(a + 1) - gammaln(i + 1) - gammaln(a - i + 1);
}

/** log A_α for integer α: A_α = Σ_{i=0}^{α} C(α,i) qⁱ (1−q)^{α−i} exp((i² − i)/(2σ²)). */
function logAInt(q: number, sigma: number, alpha: number): number {
  let logA = -Infinity;
  for (let i = 0; i <= alpha; i++) {
    const c = logBinomInt(alpha, i) + i * Math.log(q) + (alpha - i) * Math.log(1 - q);
    logA = logAdd(logA, c + (i * i - i) / (2 * sigma * sigma));
  }
  return logA;
}

/**
 * log A_α for fractional α: the two-sided series of Mironov et al. §3.3 split at
 * z₀ = σ² ln(1/q − 1) + 1/2, generalised binomials C(α, i) with their signs, summed until both
 * terms fall below e^{−30}. Bounded at 10,000 terms.
 */
function logAFrac(q: number, sigma: number, alpha: number): number {
  let logA0 = -Infinity;
  let logA1 = -Infinity;
  const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
  let logCoef = 0; // log |C(α, i)|, by the recurrence C(α, i) = C(α, i−1)·(α − i + 1)/i
  let sign = 1;
  for (let i = 0; i < 10_000; i++) {
    if (i > 0) {
      const ratio = (alpha - i + 1) / i;
      logCoef += Math.log(Math.abs(ratio));
      if (ratio < 0) sign = -sign;
    }
    const j = alpha - i;
    const logT0 = logCoef + i * Math.log(q) + j * Math.log(1 - q);
    const logT1 = logCoef + j * Math.log(q) + i * Math.log(1 - q);
    const logE0 = Math.log(0.5) + logErfc((i - z0) / (Math.SQRT2 * sigma));
    const logE1 = Math.log(0.5) + logErfc((z0 - j) / (Math.SQRT2 * sigma));
    const logS0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0;
    const logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
    if (sign > 0) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Math.max(logS0, logS1) < -30) return logAdd(logA0, logA1);
  }
  throw new Error(`rdp: series for fractional order ${alpha} did not converge in 10,000 terms (q=${q}, σ=${sigma})`);
}

/**
 * RDP of one step of the SGM at order α > 1: log(A_α)/(α − 1); q = 0 ⇒ 0, σ = 0 ⇒ ∞,
 * q = 1 ⇒ α/(2σ²) (the plain Gaussian mechanism), α = ∞ ⇒ ∞.
 * @example rdpStep(1, 1, 2) = 1
 */
export function rdpStep(q: number, sigma: number, alpha: number): number {
  if (q === 0) return 0;
  if (sigma === 0) return Infinity;
  if (q === 1) return alpha / (2 * sigma * sigma);
  if (alpha === Infinity) return Infinity;
  const logA = Number.isInteger(alpha) ? logAInt(q, sigma, alpha) : logAFrac(q, sigma, alpha);
  return logA / (alpha - 1);
}

/** RDP after `steps` identical steps, at every order. */
export function computeRdp(q: number, sigma: number, steps: number, orders: readonly number[] = DEFAULT_ORDERS): number[] {
  return orders.map((a) => rdpStep(q, sigma, a) * steps);
}

/**
 * RDP → (ε, δ) conversions:
 * - `balle` (Opacus; Balle et al. AISTATS 2020 Thm 21):
 *   ε = min_α [ RDP(α) − (ln δ + ln α)/(α − 1) + ln((α − 1)/α) ];
 * - `tf-privacy` (the older TF-Privacy / Mironov 2017 Prop. 3 bound):
 *   ε = min_α [ RDP(α) + ln(1/δ)/(α − 1) ].
 */
export type Conversion = 'balle' | 'tf-privacy';

export interface PrivacySpent {
  readonly epsilon: number;
  /** The order attaining the minimum (NaN when ε = ∞ everywhere). */
  readonly order: number;
  /** The optimum sits at the smallest or largest order: widen the orders for a tighter ε. */
  readonly atEdge: boolean;
}

export function epsilonFromRdp(orders: readonly number[], rdp: readonly number[], delta: number, conversion: Conversion = 'balle'): PrivacySpent {
  if (orders.length !== rdp.length) throw new Error(`rdp: ${orders.length} orders but ${rdp.length} RDP values`);
  let best = Infinity;
  let at = -1;
  for (let i = 0; i < orders.length; i++) {
    const a = orders[i];
    const eps = conversion === 'balle' ? rdp[i] - (Math.log(delta) + Math.log(a)) / (a - 1) + Math.log((a - 1) / a) : rdp[i] - Math.log(delta) / (a - 1);
    if (!Number.isNaN(eps) && (at < 0 || eps < best)) [best, at] = [eps, i];
  }
  if (at < 0) return { epsilon: Infinity, order: Number.NaN, atEdge: false };
  return { epsilon: best, order: orders[at], atEdge: at === 0 || at === orders.length - 1 };
}

/** One homogeneous stretch of training: `steps` steps at sampling rate q and noise multiplier σ. */
export interface SgmSegment {
  readonly q: number;
  readonly sigma: number;
  readonly steps: number;
}

/** (ε, δ) after the given segments (RDP adds across segments), as Opacus's RDP accountant. */
export function privacySpent(segments: readonly SgmSegment[], delta: number, opts: { orders?: readonly number[]; conversion?: Conversion } = {}): PrivacySpent {
  const orders = opts.orders ?? DEFAULT_ORDERS;
  const total = new Array<number>(orders.length).fill(0);
  for (const s of segments) computeRdp(s.q, s.sigma, s.steps, orders).forEach((r, i) => (total[i] += r));
  return epsilonFromRdp(orders, total, delta, opts.conversion ?? 'balle');
}

/** A one-line message when (σ, q, T, δ) are out of range, else undefined. */
export function checkAccountant(sigma: number, q: number, steps: number, delta: number): string | undefined {
  if (!(sigma >= 0 && Number.isFinite(sigma))) return `sigma must be a finite number ≥ 0, got ${sigma}`;
  if (!(q >= 0 && q <= 1)) return `q must be a sampling rate in [0, 1], got ${q}`;
  if (!(Number.isInteger(steps) && steps >= 0)) return `steps must be an integer ≥ 0, got ${steps}`;
  if (!(delta > 0 && delta < 1)) return `delta must be in (0, 1), got ${delta}`;
  return undefined;
}
