import { z } from 'zod';
import { CALIBRATED, law } from '../cost.ts';
import { intParam, meansOf } from '../linalg.ts';
import type { RowPool } from '../row-pool.ts';
import { jsonNumbers, type PreAggregator, type Vector } from '../types.ts';

/**
 * Bucketing(s) (Karimireddy, He, Jaggi, ICLR 2022): draw a uniform random permutation π of the
 * n inputs (Fisher–Yates on the aggregator's random stream), cut π into ⌈n/s⌉ consecutive buckets
 * of s (the last may be smaller), output each bucket's mean. The next rule runs on the ⌈n/s⌉
 * means with the same f (each Byzantine input spoils at most one bucket).
 * `permutation` (a JSON array) replays a recorded permutation, e.g. ByzFL's.
 * Params: s (default 2, the paper's experiments), permutation.
 *
 * Requirement: s ≥ 1; the next rule's requirement at ⌈n/s⌉ vectors.
 * κ: randomised, no deterministic κ [derived]; not permutation-invariant for a fixed stream.
 * @example bucketing([[1],[2],[3],[100],[-50]], s=2, permutation=[2,0,1,3,4]) → [[2],[51],[-50]]
 */
export const bucketing: PreAggregator = {
  name: 'bucketing',
  summary: 'means of random buckets of s inputs (Karimireddy et al. 2022)',
  schema: z
    .object({ s: z.number().int().min(1), permutation: jsonNumbers('a JSON permutation such as "[2, 0, 1]"') })
    .partial()
    .strict(),
  params: { s: 2 },
  cost: law(CALIBRATED, ['n·d', (n, _f, d) => n * d, 7.2]),
  check(n, _f, params) {
    const s = params.s === undefined ? 2 : Number(params.s);
    if (!Number.isInteger(s) || s < 1) return `bucketing: parameter s must be an integer ≥ 1, got ${String(params.s)}`;
    return n >= 1 ? undefined : `bucketing: needs n ≥ 1, got n=${n}`;
  },
  outputCount: (n, params) => Math.ceil(n / (params.s === undefined ? 2 : Number(params.s))),
  apply(inputs, ctx) {
    const n = inputs.length;
    const s = intParam('bucketing', ctx.params, 's', 2, 1);
    const perm = ctx.params.permutation !== undefined ? parsePermutation(String(ctx.params.permutation), n) : randomPermutation(n, ctx.rng);
    return bucketMeans(inputs, s, perm, ctx.pool);
  },
};

/** Means of consecutive buckets of size s of the inputs taken in the order `perm`. */
export function bucketMeans<V extends Vector>(inputs: readonly V[], s: number, perm: ArrayLike<number>, pool?: RowPool): V[] {
  const buckets: number[][] = [];
  for (let b = 0; b < perm.length; b += s) buckets.push(Array.prototype.slice.call(perm, b, Math.min(perm.length, b + s)) as number[]);
  return meansOf(inputs, buckets, pool);
}

/** A uniform permutation of 0..n−1 (Fisher–Yates driven by `rng`). */
export function randomPermutation(n: number, rng: () => number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

function parsePermutation(text: string, n: number): Int32Array {
  let p: unknown;
  try {
    p = JSON.parse(text);
  } catch {
    p = undefined;
  }
  const ok = Array.isArray(p) && p.length === n && [...p].sort((a, b) => a - b).every((v, i) => v === i);
  if (!ok) throw new Error(`bucketing: parameter permutation must be a JSON permutation of 0..${n - 1}, got ${text}`);
  return Int32Array.from(p as number[]);
}
