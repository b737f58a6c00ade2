import { z } from 'zod';
import type { PrivacyMechanism } from './types.ts';

/**
 * Zero the fraction p of smallest-magnitude components, separately among the positive and
 * among the negative components: ⌊p·#pos⌋ smallest positives and ⌊p·#neg⌋ negatives closest
 * to 0 become 0 (zeros stay zero). Ties are broken by index (lower index pruned first).
 * @example sparsifyVector([5, 1, 2, -1, -4, -3, 0, 3], 0.34) → [5, 0, 2, 0, -4, -3, 0, 3]
 */
export function sparsifyVector(grad: Float32Array, fraction: number): Float32Array {
  const out = Float32Array.from(grad);
  const pos: number[] = [];
  const neg: number[] = [];
  for (let k = 0; k < grad.length; k++) {
    if (grad[k] > 0) pos.push(k);
    else if (grad[k] < 0) neg.push(k);
  }
  for (const idx of [pos, neg]) {
    const m = Math.floor(fraction * idx.length);
    if (m === 0) continue;
    idx.sort((a, b) => Math.abs(grad[a]) - Math.abs(grad[b]) || a - b);
    for (let i = 0; i < m; i++) out[idx[i]] = 0;
  }
  return out;
}

/**
 * Gradient sparsification (seed 000 §3.2, after Zhu et al. "Deep leakage from gradients" §6
 * and Lin et al. "Deep gradient compression"): prune the `fraction` (default 25%, the seed's
 * choice; DLG reports ≥ 20% defeats its attack) of smallest-magnitude components to zero,
 * separately within the positive and within the negative components. Deterministic.
 * Params: `fraction` in [0, 1].
 */
export const sparsify: PrivacyMechanism = {
  name: 'sparsify',
  summary: 'zero the 25% smallest-magnitude positive and negative components',
  params: { fraction: 0.25 },
  schema: z
    .object({ fraction: z.number().min(0).max(1) })
    .partial()
    .strict(),
  check(params) {
    const p = Number(params.fraction ?? 0.25);
    return p >= 0 && p <= 1 ? undefined : `sparsify: fraction must be in [0, 1], got ${params.fraction}`;
  },
  apply: (grad, ctx) => sparsifyVector(grad, Number(ctx.params.fraction ?? 0.25)),
};
