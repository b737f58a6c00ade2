import { z } from 'zod';
import { CALIBRATED, law } from './cost.ts';
import { fromAcc, intParam, numParam, sqDist, weightedStep } from './linalg.ts';
import { coordinateMedian } from './median.ts';
import { jsonNumbers, type Gar, type GarContext, type Vector } from './types.ts';
import { StreamedRows } from './wasm/fixed-point.ts';
import { kernelRuntime } from './wasm/kernels.ts';
import { allFloat32, scoped } from './wasm/ops.ts';

/** Key under which Centered Clipping keeps its last output in the aggregator's state. */
export const CC_STATE_KEY = 'centered-clip/previous';

/**
 * Centered Clipping (Karimireddy, He, Jaggi, ICML 2021):
 * v₀ = start point, v_{l+1} = v_l + (1/n) Σᵢ (xᵢ − v_l)·min(1, τ/‖xᵢ − v_l‖), l = 0..L−1; output v_L.
 *
 * Paper convention (default): τ = 10, L = 3 iterations, start = `previous` — the previous
 * aggregate of this aggregator instance (the server momentum; zero on the first call), kept in
 * the `state` map createAggregator passes, so it is stateful per instance. Other starts:
 * `zero`, `median` (coordinate median, BTARD), or a JSON vector such as "[4,5,6]".
 * Optional tol: stop early when ‖v_{l+1} − v_l‖ ≤ tol (BTARD's resnet code uses 1e−6).
 * ByzFL convention: τ = 100, L = 1, start = m (ByzFL's name) or zero, stateless.
 * Params: tau, iterations (ByzFL: L), start (ByzFL: m), tol.
 *
 * Requirement: n ≥ 2f+1 (robust-collaborative-learning's check); none under ByzFL.
 * κ: none in the deterministic sense [derived: ‖v_L − v₀‖ ≤ Lτ, so n−f identical inputs far from
 * v₀ are not reached] — its guarantee is relative to a good start point.
 * @example centeredClip([[1,2,3],[4,5,6],[7,8,9]], byzfl) → [4,5,6]
 */
export const centeredClip: Gar = {
  name: 'centered-clip',
  summary: 'iterative centred clipping around a start point (Karimireddy et al. 2021), stateful',
  schema: z
    .object({
      tau: z.number().positive(),
      iterations: z.number().int().min(0),
      start: z.enum(['previous', 'zero', 'median']).or(jsonNumbers('previous, zero, median or a JSON vector such as "[0.5, -1]"')),
      tol: z.number().min(0),
    })
    .partial()
    .strict(),
  byzflAliases: { L: 'iterations', m: 'start' },
  params: { tau: 10, iterations: 3, start: 'previous', tol: 0 },
  cost: law(CALIBRATED, [
    '(iterations + 1)·n·d',
    (n, _f, d, params, convention) => (Number(params.iterations ?? (convention === 'byzfl' ? 1 : 3)) + 1) * n * d,
    7.5,
  ]),
  check(n, f, params, convention) {
    if (params.tau !== undefined && !(Number(params.tau) > 0)) return `centered-clip: parameter tau must be > 0, got ${String(params.tau)}`;
    const it = params.iterations === undefined ? 1 : Number(params.iterations);
    if (!Number.isInteger(it) || it < 0) return `centered-clip: parameter iterations must be an integer ≥ 0, got ${String(params.iterations)}`;
    if (convention === 'byzfl') return n >= 1 ? undefined : `centered-clip: needs n ≥ 1, got n=${n}`;
    return n >= 2 * f + 1 ? undefined : `centered-clip: needs n ≥ 2f+1, got n=${n}, f=${f}`;
  },
  aggregate(inputs, ctx, state) {
    const byzfl = ctx.convention === 'byzfl';
    const tau = numParam('centered-clip', ctx.params, 'tau', byzfl ? 100 : 10);
    const iterations = intParam('centered-clip', ctx.params, 'iterations', byzfl ? 1 : 3);
    const tol = numParam('centered-clip', ctx.params, 'tol', 0);
    const v0 = startPoint(inputs, ctx, state);
    const v = centeredClipFrom(inputs, v0, tau, iterations, tol);
    if (!byzfl && state) state.set(CC_STATE_KEY, Float64Array.from(v));
    return fromAcc(inputs[0], v);
  },
};

function startPoint(inputs: readonly Vector[], ctx: GarContext, state?: Map<string, unknown>): Float64Array {
  const d = inputs[0].length;
  const start = ctx.params.start ?? (ctx.convention === 'byzfl' ? 'zero' : 'previous');
  if (start === 'zero') return new Float64Array(d);
  if (start === 'median') return Float64Array.from(coordinateMedian(inputs));
  if (start === 'previous') {
    const prev = state?.get(CC_STATE_KEY);
    return prev instanceof Float64Array && prev.length === d ? Float64Array.from(prev) : new Float64Array(d);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(start));
  } catch {
    parsed = undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== d || !parsed.every((x) => typeof x === 'number')) {
    throw new Error(`centered-clip: parameter start must be previous, zero, median or a JSON vector of length ${d}, got ${String(start)}`);
  }
  return Float64Array.from(parsed as number[]);
}

/** L centred-clipping iterations from v (float64, not mutated); returns v_L. One fused pass per iteration. */
export function centeredClipFrom(inputs: readonly Vector[], v0: Float64Array, tau: number, iterations: number, tol = 0): Float64Array {
  const rt = kernelRuntime();
  if (rt && allFloat32(inputs)) return scoped(rt, () => centeredClipStreamed(new StreamedRows(rt, inputs), v0, tau, iterations, tol));
  return centeredClipScalar(inputs, v0, tau, iterations, tol);
}

/** Clipping weights min(1, τ/‖xᵢ − v‖)/n from the squared distances (0 for a row at v). */
function clipWeights(sq: Float64Array, tau: number, w: Float64Array): void {
  const n = sq.length;
  for (let i = 0; i < n; i++) {
    const norm = Math.sqrt(sq[i]);
    w[i] = (norm === 0 ? 0 : Math.min(1, tau / norm)) / n;
  }
}

/** The float32 path of centeredClipFrom, on the SIMD kernels (bit-identical to centeredClipScalar). */
export function centeredClipStreamed(rows: StreamedRows, v0: Float64Array, tau: number, iterations: number, tol = 0): Float64Array {
  let v = rows.vector(v0);
  let next = rows.vector();
  const sq = new Float64Array(rows.n);
  const w = new Float64Array(rows.n);
  rows.sqDistsTo(v, sq);
  for (let l = 0; l < iterations; l++) {
    clipWeights(sq, tau, w);
    rows.weightedStep(w, v, next, l < iterations - 1 ? sq : null); // the last step's distances are never read
    const step = Math.sqrt(rows.sqDist(next, v));
    [v, next] = [next, v];
    if (step <= tol) break;
  }
  return Float64Array.from(rows.view(v));
}

/** The scalar reference (and the Float64Array path) of centeredClipFrom. */
export function centeredClipScalar(inputs: readonly Vector[], v0: Float64Array, tau: number, iterations: number, tol = 0): Float64Array {
  const n = inputs.length;
  const d = v0.length;
  let v = Float64Array.from(v0);
  let next = new Float64Array(d);
  const sq = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) sq[i] = sqDist(inputs[i], v);
  for (let l = 0; l < iterations; l++) {
    clipWeights(sq, tau, w);
    weightedStep(inputs, w, v, next, sq); // v + (1/n) Σ clip_τ(xᵢ − v), and ‖xᵢ − next‖²
    const step = Math.sqrt(sqDist(next, v));
    [v, next] = [next, v];
    if (step <= tol) break;
  }
  return v;
}
