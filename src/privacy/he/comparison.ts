/**
 * One encrypted comparison under CKKS: the slot-wise maximum of two ciphertexts, from a
 * polynomial approximation of sign (CKKS has only + and ×). Method: Cheon, Kim, Kim, Lee, Lee,
 * "Efficient Homomorphic Comparison Methods with Optimal Complexity", ASIACRYPT 2020 — the
 * composite polynomial f₃∘f₃, f₃(x) = (35x − 35x³ + 21x⁵ − 5x⁷)/16 (their fₙ for n = 3:
 * Σᵢ₌₀ⁿ 4⁻ⁱ·C(2i, i)·x(1 − x²)ⁱ, degree 7, evaluated at multiplicative depth 3), then
 * max(a, b) = (a + b)/2 + (a − b)·sign(a − b)/2. Total depth 7 (COMPARISON parameters, ckks.ts).
 * Inputs in [−½, ½] so that a − b ∈ [−1, 1]. Two compositions separate well only |a − b| ≳ 0.2
 * (maxApproxError below says how well); a sharper comparison composes more and costs
 * proportionally more, so a time built on this one is a lower bound. Choffrut et al. (SABLE,
 * arXiv:2309.05395, seed 001's [12]) build their HE median / trimmed mean from batched encrypted
 * comparisons too, on another scheme; this primitive is ours, not theirs.
 */
import type { CipherText, Ckks, PlainText } from './ckks.ts';

/** f₃'s odd coefficients [c₁, c₃, c₅, c₇]. */
export const F3 = [35 / 16, -35 / 16, 21 / 16, -5 / 16] as const;

/** f₃ in plaintext (the reference the encrypted evaluation is checked against). */
export function f3(x: number): number {
  const x2 = x * x;
  return x * (F3[0] + x2 * (F3[1] + x2 * (F3[2] + x2 * F3[3])));
}

/** The plaintext value the encrypted maximum approximates: (a + b)/2 + (a − b)·f₃(f₃(a − b))/2. */
export function approxMax(a: number, b: number): number {
  return (a + b) / 2 + ((a - b) * f3(f3(a - b))) / 2;
}

/** Multiply, relinearise (ct × ct only), rescale, and pin the scale to Δ (SEAL's primes ≈ 2⁴⁰: relative error < 10⁻⁸). */
function mul(he: Ckks, a: CipherText, b: CipherText | PlainText, isPlain = false): CipherText {
  const { evaluator: ev } = he;
  const out = (isPlain ? ev.multiplyPlain(a, b as PlainText) : ev.multiply(a, b as CipherText)) as CipherText;
  if (!isPlain) ev.relinearize(out, he.relinKeys!, out);
  ev.rescaleToNext(out, out);
  out.setScale(he.scale);
  return out;
}

/** A copy of `c` switched down to `to`'s level. */
function down(he: Ckks, c: CipherText, to: CipherText): CipherText {
  return he.evaluator.cipherModSwitchTo(c, to.parmsId) as CipherText;
}

/** c·x for a plaintext constant c at x's level (depth 1). */
function constTimes(he: Ckks, x: CipherText, c: number): CipherText {
  const p = he.encoder.encode(new Float64Array(he.slots).fill(c), he.scale) as PlainText;
  he.evaluator.plainModSwitchTo(p, x.parmsId, p);
  const out = mul(he, x, p, true);
  p.delete();
  return out;
}

/** f₃(x)·k at depth 3: x², x⁴ and the four terms c·x, c·x³, c·x⁵, c·x⁷ (5 ct × ct, 4 plaintext multiplications). */
export function f3Encrypted(he: Ckks, x: CipherText, k = 1): CipherText {
  const [c1, c3, c5, c7] = F3.map((c) => constTimes(he, x, c * k)); // level +1
  const x2 = mul(he, x, x); // +1
  const x4 = mul(he, x2, x2); // +2
  const c7x3 = mul(he, c7, x2); // +2
  const c3x3 = mul(he, c3, x2); // +2
  const c5l2 = down(he, c5, x4);
  const t7 = mul(he, c7x3, x4); // +3
  const t5 = mul(he, c5l2, x4); // +3
  const t3 = down(he, c3x3, t7);
  const t1 = down(he, c1, t7);
  const { evaluator: ev } = he;
  ev.add(t7, t5, t7);
  ev.add(t7, t3, t7);
  ev.add(t7, t1, t7);
  for (const c of [c1, c3, c5, c7, x2, x4, c7x3, c3x3, c5l2, t5, t3, t1]) c.delete();
  return t7;
}

/** Slot-wise max(a, b) of two fresh ciphertexts (values in [−½, ½]), depth 7. */
export function encryptedMax(he: Ckks, a: CipherText, b: CipherText): CipherText {
  const { evaluator: ev } = he;
  const x = ev.sub(a, b) as CipherText;
  const s1 = f3Encrypted(he, x);
  const half = f3Encrypted(he, s1, 0.5); // sign(x)/2, level 6
  const xl = down(he, x, half);
  const xs = mul(he, xl, half); // (a − b)·sign/2, level 7
  const sum = ev.add(a, b) as CipherText;
  const mid = constTimes(he, sum, 0.5);
  const midl = down(he, mid, xs);
  ev.add(xs, midl, xs);
  for (const c of [x, s1, half, xl, sum, mid, midl]) c.delete();
  return xs;
}
