/**
 * ButterflyClip's aggregation of one part (BTARD, Gorbunov et al. 2022): CenteredClip
 * (Karimireddy, He, Jaggi 2021) of the m parts gᵢ[j] the aggregator received,
 *   v₀ = coordinate median (BTARD's code) or 0, v_{l+1} = v_l + (1/m) Σᵢ clip_τ(gᵢ − v_l),
 * stopped when ‖v_{l+1} − v_l‖ ≤ η (BTARD's resnet code: η = 1e−6, ≤ 500 iterations) or after L
 * iterations. Stateless and deterministic, so that any member can recompute it from the parts
 * (the fallback of a failed check); the result is kept in float64, so that the check's tolerance
 * is the stopping rule's alone (checksum.ts).
 */
import { centeredClipFrom } from '../../gars/centered-clip.ts';
import { coordinateMedian } from '../../gars/median.ts';

export interface ClipSettings {
  readonly tau: number;
  readonly iterations: number;
  /** η: the stopping rule's step bound, and the check's tolerance per contributor and unit of ‖z‖. */
  readonly tol: number;
  readonly start: 'median' | 'zero';
}

/** CenteredClip of `parts` (each of length len; none: the zero vector). */
export function clipAggregate(parts: readonly Float32Array[], len: number, c: ClipSettings): Float64Array {
  if (parts.length === 0) return new Float64Array(len);
  const v0 = c.start === 'median' ? Float64Array.from(coordinateMedian(parts)) : new Float64Array(len);
  return centeredClipFrom(parts, v0, c.tau, c.iterations, c.tol);
}
