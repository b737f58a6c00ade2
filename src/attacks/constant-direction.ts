import { z } from 'zod';
import { normal, stream } from '../sim/rng.ts';
import { norm } from './stats.ts';
import type { Attack, AttackContext } from './types.ts';

/** A unit direction of dimension d drawn from N(0, I) with `rng`, normalised. */
export function unitDirection(d: number, rng: () => number): Float64Array {
  const r = new Float64Array(d);
  for (let k = 0; k < d; k++) r[k] = normal(rng);
  const s = norm(r);
  for (let k = 0; k < d; k++) r[k] /= s;
  return r;
}

function directionOf(ctx: AttackContext): Float64Array {
  const d = ctx.own.length;
  const key = `constant-direction/${d}`;
  const kept = ctx.state?.get(key) as Float64Array | undefined;
  if (kept) return kept;
  const rng = ctx.state ? ctx.sharedRng : stream(Number(ctx.params.seed ?? 0), 'attack/constant-direction');
  const r = unitDirection(d, rng);
  ctx.state?.set(key, r);
  return r;
}

/**
 * Amplified constant direction (BTARD `ConstantDirection`, Gorbunov et al. ICML 2022; seed 003):
 * byz = scale · ‖g‖ · r/‖r‖, with r ∼ N(0, I_d) drawn once for the whole run and identical
 * for all colluding attackers, g the attacker's own honest gradient, scale = 1000.
 * BTARD applies this per parameter tensor; here the flat gradient is one block (same norm
 * overall, direction spread over all parameters).
 * Where r comes from: on the first call it is drawn from `ctx.sharedRng` (the stream all
 * colluders share, so they agree) and kept in `ctx.state`; without `ctx.state` it is drawn
 * from the named stream (`params.seed`, default 0) on every call, which gives the same r.
 * Params: `scale` (1000), `seed` (0; used only without ctx.state).
 * Not omniscient: it needs only its own gradient's norm.
 */
export const constantDirection: Attack = {
  name: 'constant-direction',
  summary: 'amplified constant direction: 1000·‖g‖·r/‖r‖, r fixed and shared',
  params: { scale: 1000, seed: 0 },
  schema: z
    .object({ scale: z.number().positive(), seed: z.number().int().min(0) })
    .partial()
    .strict(),
  omniscient: false,
  check(params) {
    const s = params.scale ?? 1000;
    return typeof s === 'number' && Number.isFinite(s) && s > 0 ? undefined : `constant-direction: scale must be a positive number, got ${s}`;
  },
  craft(ctx) {
    const r = directionOf(ctx);
    const m = Number(ctx.params.scale ?? 1000) * norm(ctx.own);
    const out = new Float32Array(r.length);
    for (let k = 0; k < r.length; k++) out[k] = m * r[k];
    return out;
  },
};
