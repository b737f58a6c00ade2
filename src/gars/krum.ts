import { z } from 'zod';
import { CALIBRATED, law, pairs } from './cost.ts';
import { copyOf, pairwiseSquaredDistances } from './linalg.ts';
import type { Convention, Gar, GarContext, Params, Vector } from './types.ts';

/**
 * Krum (Blanchard, El Mhamdi, Guerraoui, Stainer, NeurIPS 2017).
 * score(i) = Σ_{j ∈ N(i)} ‖xᵢ − xⱼ‖², N(i) = the n−f−2 nearest j ≠ i (paper, default) or the
 * n−f−1 nearest (ByzFL, LPD's Python code; `--convention byzfl` or `--param neighbours=n-f-1`);
 * output x_{i*}, i* = argmin score, ties to the smallest index (paper, footnote 3).
 * Squared distances, as in the paper and ByzFL (GARF/MOM use plain ℓ2 — not followed).
 *
 * Requirement: n ≥ 2f+3 (Prop. 1) under the paper's convention; ByzFL only asks 2f < n.
 * κ: 6(1 + f/(n−2f)) is a recollection [U]. k_F(n, f) = 1/η(n, f) (Prop. 1, theory §2.2).
 * @example krum([[1,2,3],[4,5,6],[7,8,9]], f=1, byzfl) → [1,2,3] (all scores tie; first wins)
 */
export const krum: Gar = {
  name: 'krum',
  summary: 'the input with the smallest sum of squared distances to its n−f−2 nearest neighbours',
  schema: z
    .object({ neighbours: z.enum(['n-f-2', 'n-f-1']) })
    .partial()
    .strict(),
  params: { neighbours: 'n-f-2' },
  cost: law(CALIBRATED, ['n(n−1)/2·d', (n, _f, d) => pairs(n) * d, 2.1]),
  check(n, f, params, convention) {
    return krumCheck('krum', n, f, params, convention);
  },
  aggregate(inputs, ctx) {
    const scores = krumScores(inputs, ctx);
    let best = 0;
    for (let i = 1; i < scores.length; i++) if (scores[i] < scores[best]) best = i;
    return copyOf(inputs[best]);
  },
};

/** The requirement shared by Krum and Multi-Krum. */
export function krumCheck(rule: string, n: number, f: number, params: Params, convention?: Convention): string | undefined {
  const nb = params.neighbours ?? (convention === 'byzfl' ? 'n-f-1' : 'n-f-2');
  if (nb !== 'n-f-2' && nb !== 'n-f-1') return `${rule}: parameter neighbours must be n-f-2 or n-f-1, got ${String(nb)}`;
  if (convention === 'byzfl') return 2 * f < n ? undefined : `${rule}: needs 2f < n (ByzFL), got n=${n}, f=${f}`;
  return n >= 2 * f + 3 ? undefined : `${rule}: needs n ≥ 2f+3, got n=${n}, f=${f}`;
}

/** How many nearest neighbours a Krum score sums over, for n inputs. */
export function krumNeighbours(n: number, ctx: GarContext): number {
  const nb = ctx.params.neighbours ?? (ctx.convention === 'byzfl' ? 'n-f-1' : 'n-f-2');
  const m = nb === 'n-f-1' ? n - ctx.f - 1 : n - ctx.f - 2;
  return Math.max(1, Math.min(n - 1, m));
}

/** Krum scores for every input (see `krum`); `neighbours` overrides the count (Bulyan's shrinking sets). */
export function krumScores(inputs: readonly Vector[], ctx: GarContext, neighbours?: number): Float64Array {
  return krumScoresFromDistances(pairwiseSquaredDistances(inputs), inputs.length, neighbours ?? krumNeighbours(inputs.length, ctx));
}

/** Krum scores from a row-major n×n squared-distance matrix, summing the `m` smallest off-diagonal entries per row. */
export function krumScoresFromDistances(dist: Float64Array, n: number, m: number, alive?: Uint8Array): Float64Array {
  const scores = new Float64Array(n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (alive && !alive[i]) {
      scores[i] = Infinity;
      continue;
    }
    let c = 0;
    for (let j = 0; j < n; j++) if (j !== i && (!alive || alive[j])) row[c++] = dist[i * n + j];
    const r = row.subarray(0, c);
    r.sort();
    let s = 0;
    for (let j = 0; j < Math.min(m, c); j++) s += r[j];
    scores[i] = s;
  }
  return scores;
}
