import { z } from 'zod';
import { CALIBRATED, comparators, law, pairs } from './cost.ts';
import { BASE_RULES } from './base-rules.ts';
import { pairwiseSquaredDistances, sqDist } from './linalg.ts';
import { meanAroundCenter } from './meamed.ts';
import { krumNeighbours, krumScoresFromDistances } from './krum.ts';
import type { Gar, GarContext, Params, Vector } from './types.ts';

/**
 * Bulyan (El Mhamdi, Guerraoui, Rouault, ICML 2018), over any base rule A (param `base`,
 * default krum):
 * 1. θ = n − 2f times: apply A to the inputs not yet selected, move the remaining input closest
 *    to A's output (for Krum: A's pick itself) into the selection. Krum ties go to the smaller sum
 *    of squared distances to all remaining inputs, then to the lexicographically smaller vector —
 *    not to the lower index: on the small final sets (n'−f−2 ≤ 1 neighbour) mutual nearest
 *    neighbours always tie, and an index rule would make Bulyan depend on input order.
 *    Krum and Multi-Krum run on the shrinking set with the same f and max(1, n'−f−2) neighbours
 *    (Flower's convention; n'−f−1 under ByzFL's), from one distance matrix.
 * 2. Per coordinate k: the mean of the β = θ − 2f selected values closest to their median
 *    (MeaMed with f' = 2f on the selection; see `meamed` for the tie rule).
 * (LPD's "Bulyan over Multi-Krum" with θ = n−2f−2 is a different variant, which byzsim does not provide.)
 *
 * Requirement: n ≥ 4f+3 (θ ≥ 2f+3, β ≥ 3), and the base rule's own requirement on every
 * shrinking set (n down to 2f+1), except Krum/Multi-Krum whose neighbour count is clamped.
 * Output within the per-coordinate range of the honest inputs [derived: β ≤ θ−2f].
 * κ: none verified [U]. k_F(n, f) = 1/η(n, f) as Krum (LPD code).
 * @example bulyan([[0],[0.5],[1],[1.5],[2],[100],[-100]], f=1) → [1]
 */
export const bulyan: Gar = {
  name: 'bulyan',
  summary: 'θ = n−2f selections by a base rule (Krum), then the coordinate-wise mean of the β = θ−2f values closest to the median',
  // base: another rule; the other keys are the base rule's own parameters, checked by its schema
  schema: z
    .object({ base: z.string().refine((b) => b !== 'bulyan' && BASE_RULES.has(b), 'must be another aggregation rule (krum, multi-krum, median, …)') })
    .partial()
    .catchall(z.unknown())
    .superRefine(({ base, ...rest }, ctx) => {
      const name = String(base ?? 'krum');
      const sub = BASE_RULES.get(name)?.schema.safeParse(rest);
      for (const issue of sub?.success === false ? sub.error.issues : []) {
        if (issue.code !== 'unrecognized_keys') ctx.addIssue({ ...issue, message: `${issue.message} (a parameter of the base rule ${name})` } as never);
        else
          for (const key of issue.keys)
            ctx.addIssue({
              code: 'custom',
              path: [...issue.path, key],
              message: `must be a parameter of the base rule ${name} (${Object.keys(BASE_RULES.get(name)!.params).join(', ') || 'it takes none'}) or base`,
            });
      }
    }),
  params: { base: 'krum' },
  cost: law(
    CALIBRATED,
    ['n(n−1)/2·d', (n, _f, d) => pairs(n) * d, 3.5],
    ['(comparators(θ) + θ)·d', (n, f, d) => (comparators(Math.max(1, n - 2 * f)) + n - 2 * f) * d, 12],
  ),
  check(n, f, params, convention) {
    if (n < 4 * f + 3) return `bulyan: needs n ≥ 4f+3, got n=${n}, f=${f}`;
    const name = String(params.base ?? 'krum');
    const base = BASE_RULES.get(name);
    if (!base) return `bulyan: unknown base rule "${name}" (known: ${[...BASE_RULES.keys()].join(', ')})`;
    if (name === 'krum' || name === 'multi-krum') return undefined;
    const theta = n - 2 * f;
    for (let m = n; m > n - theta; m--) {
      const msg = base.check(m, f, baseParams(params), convention);
      if (msg) return `bulyan: base rule on ${m} remaining inputs: ${msg}`;
    }
    return undefined;
  },
  aggregate(inputs, ctx) {
    const n = inputs.length;
    const f = ctx.f;
    const theta = n - 2 * f;
    const beta = theta - 2 * f;
    if (theta < 1 || beta < 1) throw new Error(`bulyan: needs n ≥ 4f+3, got n=${n}, f=${f}`);
    const selected = bulyanSelect(inputs, ctx, theta);
    // step 2 is MeaMed with f' = θ − β = 2f on the selection
    return meanAroundCenter(
      selected.map((i) => inputs[i]),
      theta - beta,
      'median',
    );
  },
};

function baseParams(params: Params): Params {
  const { base: _base, ...rest } = params;
  return rest;
}

/** Indices of the θ inputs selected by repeated application of the base rule, in selection order. */
export function bulyanSelect(inputs: readonly Vector[], ctx: GarContext, theta: number): number[] {
  const n = inputs.length;
  const name = String(ctx.params.base ?? 'krum');
  const base = BASE_RULES.get(name);
  if (!base) throw new Error(`bulyan: unknown base rule "${name}"`);
  const sub: GarContext = { ...ctx, params: baseParams(ctx.params) };
  const alive = new Uint8Array(n).fill(1);
  const selected: number[] = [];
  const dist = name === 'krum' ? pairwiseSquaredDistances(inputs) : undefined;
  for (let s = 0; s < theta; s++) {
    const remaining = n - s;
    let pick = -1;
    if (dist) {
      const scores = krumScoresFromDistances(dist, n, krumNeighbours(remaining, sub), alive);
      const total = krumScoresFromDistances(dist, n, n, alive); // tie-break: distance to all remaining
      for (let i = 0; i < n; i++) {
        if (!alive[i]) continue;
        if (pick < 0 || scores[i] < scores[pick]) pick = i;
        else if (scores[i] === scores[pick] && (total[i] < total[pick] || (total[i] === total[pick] && lexLess(inputs[i], inputs[pick])))) pick = i;
      }
    } else {
      const idx: number[] = [];
      for (let i = 0; i < n; i++) if (alive[i]) idx.push(i);
      const out = base.aggregate(
        idx.map((i) => inputs[i]),
        sub,
      );
      let bestD = Infinity;
      for (const i of idx) {
        const dd = sqDist(inputs[i], out);
        if (pick < 0 || dd < bestD || (dd === bestD && lexLess(inputs[i], inputs[pick]))) {
          bestD = dd;
          pick = i;
        }
      }
    }
    alive[pick] = 0;
    selected.push(pick);
  }
  return selected;
}

/** Lexicographic order on vectors: a value-based tie-break, so the selection does not depend on input order. */
function lexLess(a: Vector, b: Vector): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k] < b[k];
  return false;
}
