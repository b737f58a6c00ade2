import { z } from 'zod';
import type { Attack } from './types.ts';

const KINDS = ['nan', 'inf', '-inf', 'mixed'] as const;

/**
 * Non-finite vector: every coordinate NaN (LPD `nan` attack, the default), +∞ (ByzFL `Inf`),
 * −∞, or `mixed` (NaN, +∞, −∞ cycling over the coordinates). Tests that the server drops
 * inadmissible messages before any rule sees them.
 * Params: `value` — 'nan' | 'inf' | '-inf' | 'mixed'.
 * @example value 'inf', d = 3 → [+∞, +∞, +∞]
 */
export const nonFinite: Attack = {
  name: 'non-finite',
  summary: 'vector of NaN or ±Inf',
  params: { value: 'nan' },
  schema: z
    .object({ value: z.enum(KINDS) })
    .partial()
    .strict(),
  omniscient: false,
  check(params) {
    const v = params.value ?? 'nan';
    return (KINDS as readonly unknown[]).includes(v) ? undefined : `non-finite: value must be one of ${KINDS.join(', ')}, got ${v}`;
  },
  craft(ctx) {
    const v = ctx.params.value ?? 'nan';
    const out = new Float32Array(ctx.own.length);
    const cycle = [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
    for (let k = 0; k < out.length; k++) out[k] = v === 'inf' ? Infinity : v === '-inf' ? -Infinity : v === 'mixed' ? cycle[k % 3] : Number.NaN;
    return out;
  },
};
