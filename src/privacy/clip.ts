/** ℓ2 clipping shared by the privacy mechanisms. */

/** ‖x‖₂ in float64. */
export function l2(x: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k] * x[k];
  return Math.sqrt(s);
}

/** A copy of x scaled to norm at most c: x·min(1, c/‖x‖) (c = ∞ copies unchanged). */
export function clipToNorm(x: Float32Array, c: number): Float32Array {
  const nrm = l2(x);
  const out = Float32Array.from(x);
  if (nrm > c) {
    const s = c / nrm;
    for (let k = 0; k < out.length; k++) out[k] *= s;
  }
  return out;
}
