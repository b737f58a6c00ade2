import type { AttackContext, Params } from '../../src/attacks/types.ts';
import type { Aggregator } from '../../src/gars/types.ts';
import { normal, stream } from '../../src/sim/rng.ts';

/** m honest gradients gᵢ = m0 + noise·ξᵢ in dimension d (m0 = all ones), from a fixed seed. */
export function honestSet(m: number, d: number, noise = 0.1, seed = 7): Float32Array[] {
  const rng = stream(seed, 'test/honest');
  return Array.from({ length: m }, () => Float32Array.from({ length: d }, () => 1 + noise * normal(rng)));
}

export function context(honest: Float32Array[], f: number, params: Params = {}, extra: Partial<AttackContext> = {}): AttackContext {
  return {
    step: 0,
    n: honest.length + f,
    f,
    own: honest[0],
    honest,
    rng: stream(3, 'test/attack'),
    sharedRng: stream(3, 'test/shared'),
    params,
    ...extra,
  };
}

export function dist(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return Math.sqrt(s);
}

export function avg(xs: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(xs[0].length);
  for (const x of xs) for (let k = 0; k < out.length; k++) out[k] += x[k] / xs.length;
  return out;
}

export const averageAggregator = (): Aggregator => ({ label: 'average', aggregate: avg });
