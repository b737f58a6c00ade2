/** ByzFL's line search and the builder of the optimal (line-searched) attacks. */
import { z } from 'zod';
import type { Aggregator } from '../gars/types.ts';
import { honestOf, mean } from './stats.ts';
import type { Attack, AttackContext, Params } from './types.ts';

/** Line-search settings (ByzFL's defaults). */
export interface LineSearch {
  /** Total evaluations of the objective, the first at `start`. */
  readonly evals: number;
  readonly start: number;
  readonly delta: number;
  /** Step contraction factor in (0.5, 1). */
  readonly ratio: number;
}

export const LINE_SEARCH_DEFAULTS: LineSearch = { evals: 20, start: 0, delta: 10, ratio: 0.8 };

/**
 * ByzFL's line search (theory sheet §7) maximising `objective(τ)`:
 * expansion — from x = start, try x + δ; if strictly better accept it and double δ, else
 * shrink δ by `ratio` and stop; contraction — until the evaluations are used, try x + δ,
 * accept if strictly better, shrink δ by `ratio`. Only x + δ is ever probed.
 * Comparisons are exact, as ByzFL's; on a plateau of the objective (a Byzantine vector clipped
 * by the pipeline) float32 rounding can tip them differently from ByzFL's float64, so τ* may
 * differ there while the shift achieved is the same.
 * Returns the best τ and its objective value. Bounded: exactly `evals` evaluations at most.
 */
export function lineMaximize(objective: (tau: number) => number, opts: LineSearch = LINE_SEARCH_DEFAULTS): { tau: number; value: number } {
  let x = opts.start;
  let y = objective(x);
  let delta = opts.delta;
  let left = opts.evals - 1;
  while (left > 0) {
    const py = objective(x + delta);
    left--;
    if (py > y) {
      x += delta;
      y = py;
      delta *= 2;
    } else {
      delta *= opts.ratio;
      break;
    }
  }
  while (left > 0) {
    const py = objective(x + delta);
    left--;
    if (py > y) {
      x += delta;
      y = py;
    }
    delta *= opts.ratio;
  }
  return { tau: x, value: y };
}

/**
 * ‖F(H ∪ {byz × f}) − μ_H‖: how far the server's aggregate moves from the honest mean when
 * the f Byzantine workers all send `byz` (the quantity the optimal attacks maximise).
 */
export function aggregateShift(aggregator: Aggregator, honest: readonly Float32Array[], byz: Float32Array, f: number, mu = mean(honest)): number {
  const out = aggregator.aggregate([...honest, ...Array.from({ length: f }, () => byz)]);
  let s = 0;
  for (let k = 0; k < mu.length; k++) s += (out[k] - mu[k]) ** 2;
  return Math.sqrt(s);
}

function searchOf(params: Params): LineSearch {
  return {
    evals: Number(params.evals ?? LINE_SEARCH_DEFAULTS.evals),
    start: Number(params.start ?? LINE_SEARCH_DEFAULTS.start),
    delta: Number(params.delta ?? LINE_SEARCH_DEFAULTS.delta),
    ratio: Number(params.ratio ?? LINE_SEARCH_DEFAULTS.ratio),
  };
}

function checkSearch(name: string, params: Params): string | undefined {
  const s = searchOf(params);
  if (!Number.isInteger(s.evals) || s.evals <= 0 || s.evals > 1000) return `${name}: evals must be an integer in [1, 1000], got ${params.evals}`;
  if (!Number.isFinite(s.start)) return `${name}: start must be a finite number, got ${params.start}`;
  if (!Number.isFinite(s.delta) || s.delta === 0) return `${name}: delta must be a non-zero number, got ${params.delta}`;
  if (!(s.ratio > 0.5 && s.ratio < 1)) return `${name}: ratio must be in (0.5, 1), got ${params.ratio}`;
  return undefined;
}

/** The line search's parameters (ByzFL's names). */
const LINE_SEARCH_SCHEMA = z
  .object({
    evals: z.number().int().min(1).max(1000),
    start: z.number(),
    delta: z.number().refine((x) => x !== 0, 'must be non-zero'),
    ratio: z.number().gt(0.5).lt(1),
  })
  .partial()
  .strict();

/** Build an optimal attack from a one-parameter family byz(H, τ). */
export function optimalAttack(name: string, summary: string, family: (honest: readonly Float32Array[], tau: number) => Float32Array): Attack {
  return {
    name,
    summary,
    params: { ...LINE_SEARCH_DEFAULTS },
    schema: LINE_SEARCH_SCHEMA,
    omniscient: true,
    check: (params) => checkSearch(name, params),
    craft(ctx: AttackContext) {
      const honest = honestOf(name, ctx.honest);
      if (!ctx.aggregator) throw new Error(`${name}: needs the server's aggregator (ctx.aggregator) to line-search against`);
      const mu = mean(honest);
      // A fresh aggregator per evaluation, so stateful rules (Centered Clipping) score every τ from the same state.
      const best = lineMaximize((tau) => aggregateShift(ctx.aggregator!(), honest, family(honest, tau), ctx.f, mu), searchOf(ctx.params));
      return family(honest, best.tau);
    },
  };
}
