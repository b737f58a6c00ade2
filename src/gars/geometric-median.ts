import { z } from 'zod';
import { CALIBRATED, law } from './cost.ts';
import { fromAcc, intParam, numParam, sqDist, weightedStep } from './linalg.ts';
import type { Convention, Gar, GarContext, Params, Vector } from './types.ts';
import { StreamedRows } from './wasm/fixed-point.ts';
import { kernelRuntime } from './wasm/kernels.ts';
import { allFloat32, scoped } from './wasm/ops.ts';

/**
 * Geometric median GM(x) ∈ argmin_y Σᵢ ‖y − xᵢ‖, by smoothed Weiszfeld (RFA, Pillutla, Kakade,
 * Harchaoui 2022): βᵢᵗ = 1/max(ν, ‖zₜ − xᵢ‖), z_{t+1} = Σᵢ βᵢᵗ xᵢ / Σᵢ βᵢᵗ.
 *
 * Paper convention (default): z₀ = the mean, ν = 1e-6, at most maxIter = 200 iterations, stop
 * when the step is ≤ tol·(mean distance of the inputs to z) (tol = 1e-9, scale-free); then an
 * exact check at the input nearest to z: xₖ is a geometric median iff
 * ‖Σ_{xⱼ ≠ xₖ} (xⱼ − xₖ)/‖xⱼ − xₖ‖‖ ≤ #{j : xⱼ = xₖ}, in which case xₖ is returned exactly
 * (so a strict majority of identical inputs is returned unchanged: unanimity).
 * ByzFL convention: z₀ = 0, ν = 0.1, exactly T = 3 iterations, no stopping rule, no exact check,
 * rows containing ±∞ dropped first (ByzFL's GeometricMedian). Params: nu, maxIter (ByzFL: T), tol.
 *
 * Requirement: n ≥ 2f+1 (breakdown point 1/2, standard [U]); ByzFL has no f.
 * κ: 4(1 + f/(n−2f))² recalled [U].
 * @example geometricMedian([[1,2,3],[4,5,6],[7,8,9]], byzfl) → [3.78788764, 4.78788764, 5.78788764]
 */
export const geometricMedian: Gar = {
  name: 'geometric-median',
  summary: 'geometric median by smoothed Weiszfeld (RFA), with tolerance and iteration cap',
  schema: z
    .object({ nu: z.number().positive(), maxIter: z.number().int().min(0), tol: z.number().min(0) })
    .partial()
    .strict(),
  byzflAliases: { T: 'maxIter' },
  params: { nu: 1e-6, maxIter: 200, tol: 1e-9 },
  cost: law(CALIBRATED, ['iterations·n·d', (n, _f, d, params, convention) => weiszfeldIterations(params, convention) * n * d, 9.2]),
  check(n, f, params, convention) {
    const maxIter = Number(params.maxIter ?? 0);
    if (!Number.isInteger(maxIter) || maxIter < 0) return `geometric-median: parameter maxIter must be an integer ≥ 0, got ${String(params.maxIter)}`;
    if (params.nu !== undefined && !(Number(params.nu) > 0)) return `geometric-median: parameter nu must be > 0, got ${String(params.nu)}`;
    if (convention === 'byzfl') return n >= 1 ? undefined : `geometric-median: needs n ≥ 1, got n=${n}`;
    return n >= 2 * f + 1 ? undefined : `geometric-median: needs n ≥ 2f+1, got n=${n}, f=${f}`;
  },
  aggregate(inputs, ctx) {
    return weiszfeld(inputs, ctx);
  },
};

export interface WeiszfeldParams {
  readonly byzfl: boolean;
  readonly nu: number;
  readonly maxIter: number;
  readonly tol: number;
}

function weiszfeld<V extends Vector>(all: readonly V[], ctx: GarContext): V {
  const byzfl = ctx.convention === 'byzfl';
  const p: WeiszfeldParams = {
    byzfl,
    nu: numParam('geometric-median', ctx.params, 'nu', byzfl ? 0.1 : 1e-6),
    maxIter: intParam('geometric-median', ctx.params, 'maxIter', byzfl ? 3 : 200),
    tol: numParam('geometric-median', ctx.params, 'tol', byzfl ? 0 : 1e-9),
  };
  const rt = kernelRuntime();
  if (rt && byzfl && allFloat32(all)) {
    const fast = scoped(rt, () => weiszfeldFromZeroIfFinite(new StreamedRows(rt, all), p));
    if (fast) return fast as V;
  }
  const inputs = byzfl ? all.filter((x) => !hasInfinity(x)) : all;
  if (inputs.length === 0) return fromAcc(all[0], new Float64Array(all[0].length).fill(NaN));
  if (rt && allFloat32(inputs)) return scoped(rt, () => weiszfeldStreamed(new StreamedRows(rt, inputs), p)) as V;
  return weiszfeldScalar(inputs, p);
}

/**
 * ByzFL's run (from z₀ = 0) without the pass that looks for ±∞: the first step's distances
 * ‖xᵢ − 0‖² are finite for every row iff no row holds ±∞ or NaN (a finite float32 row's squares
 * cannot overflow float64 below d ≈ 10²³¹), and then nothing is dropped and they are the
 * iteration's own first distances. Undefined when some distance is not finite (the caller filters).
 */
function weiszfeldFromZeroIfFinite(rows: StreamedRows, p: WeiszfeldParams): Float32Array | undefined {
  const sq = new Float64Array(rows.n);
  rows.sqDistsTo(rows.vector(), sq);
  return sq.every(Number.isFinite) ? weiszfeldStreamed(rows, p, sq) : undefined;
}

/**
 * Iterations the cost law charges: T (maxIter) when given or under ByzFL's convention (it runs
 * exactly T); with the paper's tolerance stop, the 7 iterations it took on bench/gars's inputs
 * (n = 11, a Gaussian cloud; 5 at n = 50), capped by maxIter.
 */
export function weiszfeldIterations(params: Params, convention: Convention): number {
  if (params.maxIter !== undefined) return Math.min(Number(params.maxIter), convention === 'byzfl' ? Infinity : 7);
  return convention === 'byzfl' ? 3 : 7;
}

function hasInfinity(x: Vector): boolean {
  for (let k = 0; k < x.length; k++) if (x[k] === Infinity || x[k] === -Infinity) return true;
  return false;
}

/** Weighted step weights βᵢ/Σβ from the squared distances; returns the mean distance (the stopping scale). */
function weiszfeldWeights(sq: Float64Array, nu: number, w: Float64Array): number {
  const n = sq.length;
  let bsum = 0;
  let meanDist = 0;
  for (let i = 0; i < n; i++) {
    const dist = Math.sqrt(sq[i]);
    meanDist += dist / n;
    w[i] = 1 / Math.max(nu, dist);
    bsum += w[i];
  }
  for (let i = 0; i < n; i++) w[i] /= bsum;
  return meanDist;
}

/** The float32 path: the same iteration as weiszfeldScalar, on the SIMD kernels (bit-identical); sqAtStart: the distances to z₀ if already known. */
export function weiszfeldStreamed(rows: StreamedRows, p: WeiszfeldParams, sqAtStart?: Float64Array): Float32Array {
  const n = rows.n;
  let z = rows.vector();
  let next = rows.vector();
  if (!p.byzfl) rows.addMean(z);
  const sq = new Float64Array(n);
  const w = new Float64Array(n);
  if (sqAtStart) sq.set(sqAtStart);
  else rows.sqDistsTo(z, sq);
  for (let t = 0; t < p.maxIter; t++) {
    const meanDist = weiszfeldWeights(sq, p.nu, w);
    rows.weightedStep(w, 0, next, t < p.maxIter - 1 ? sq : null); // after the last step sq is recomputed or unused
    const step = Math.sqrt(rows.sqDist(next, z));
    [z, next] = [next, z];
    if (step <= p.tol * meanDist) break;
  }
  if (!p.byzfl) {
    rows.sqDistsTo(z, sq);
    const k = argmin(sq);
    const { norm, mult } = rows.residualAt(k);
    if (norm <= mult * (1 + 1e-12)) return rows.row(k).slice();
  }
  return Float32Array.from(rows.view(z));
}

function argmin(a: ArrayLike<number>): number {
  let best = 0;
  let bestV = Infinity;
  for (let i = 0; i < a.length; i++) {
    if (a[i] < bestV) {
      bestV = a[i];
      best = i;
    }
  }
  return best;
}

/** The scalar reference (and the Float64Array path) of the smoothed Weiszfeld iteration. */
export function weiszfeldScalar<V extends Vector>(inputs: readonly V[], p: WeiszfeldParams): V {
  const { byzfl, nu, maxIter, tol } = p;
  const n = inputs.length;
  const d = inputs[0].length;
  let z = new Float64Array(d);
  if (!byzfl) for (const x of inputs) for (let k = 0; k < d; k++) z[k] += x[k] / n;
  let next = new Float64Array(d);
  const sq = new Float64Array(n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) sq[i] = sqDist(z, inputs[i]);
  for (let t = 0; t < maxIter; t++) {
    const meanDist = weiszfeldWeights(sq, nu, w);
    weightedStep(inputs, w, null, next, sq); // next = Σ βᵢxᵢ/Σβᵢ, and sq for the next weights
    const step = Math.sqrt(sqDist(next, z));
    [z, next] = [next, z];
    if (step <= tol * meanDist) break;
  }
  if (!byzfl) {
    const k = exactMedianAtInput(inputs, z);
    if (k >= 0) return inputs[k].slice() as V;
  }
  return fromAcc(inputs[0], z);
}

/** Index of the input nearest to z if it satisfies the geometric median's optimality condition, else −1. */
export function exactMedianAtInput(inputs: readonly Vector[], z: ArrayLike<number>): number {
  const n = inputs.length;
  let best = 0;
  let bestDist = Infinity;
  for (let i = 0; i < n; i++) {
    const dd = sqDist(z, inputs[i]);
    if (dd < bestDist) {
      bestDist = dd;
      best = i;
    }
  }
  const xk = inputs[best];
  const d = xk.length;
  const r = new Float64Array(d);
  let mult = 0;
  for (let j = 0; j < n; j++) {
    const dist = Math.sqrt(sqDist(inputs[j], xk));
    if (dist === 0) {
      mult++;
      continue;
    }
    const x = inputs[j];
    for (let k = 0; k < d; k++) r[k] += (x[k] - xk[k]) / dist;
  }
  let rn = 0;
  for (let k = 0; k < d; k++) rn += r[k] * r[k];
  return Math.sqrt(rn) <= mult * (1 + 1e-12) ? best : -1;
}
