/** Coordinate-wise statistics of the honest vectors that the omniscient attacks build on. */

/** μ = (1/m) Σᵢ xᵢ, computed in float64 and returned as float32. */
export function mean(xs: readonly Float32Array[]): Float32Array {
  if (xs.length === 0) throw new Error('mean: needs at least one vector');
  const d = xs[0].length;
  const acc = new Float64Array(d);
  for (const x of xs) for (let k = 0; k < d; k++) acc[k] += x[k];
  const out = new Float32Array(d);
  for (let k = 0; k < d; k++) out[k] = acc[k] / xs.length;
  return out;
}

/**
 * Coordinate-wise standard deviation σₖ = √( Σᵢ ([xᵢ]ₖ − μₖ)² / (m − ddof) ).
 * ddof = 1 is the unbiased estimate ByzFL, the LPD code and torch.std use; m ≤ ddof gives NaN
 * (as numpy does), which the caller must treat as a failed attack.
 */
export function std(xs: readonly Float32Array[], ddof = 1): Float64Array {
  const d = xs[0].length;
  const mu = new Float64Array(d);
  for (const x of xs) for (let k = 0; k < d; k++) mu[k] += x[k] / xs.length;
  const out = new Float64Array(d);
  for (const x of xs)
    for (let k = 0; k < d; k++) {
      const e = x[k] - mu[k];
      out[k] += e * e;
    }
  for (let k = 0; k < d; k++) out[k] = Math.sqrt(out[k] / (xs.length - ddof));
  return out;
}

/** ‖x‖₂ in float64. */
export function norm(x: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < x.length; k++) s += x[k] * x[k];
  return Math.sqrt(s);
}

/** The honest vectors of the round, or a precise error for an omniscient attack run without them. */
export function honestOf(name: string, honest: readonly Float32Array[]): readonly Float32Array[] {
  if (honest.length === 0) throw new Error(`${name}: omniscient attack got no honest gradients (the simulator must hand them over)`);
  return honest;
}
