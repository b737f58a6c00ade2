import { z } from 'zod';
import { normal } from '../sim/rng.ts';
import type { Attack } from './types.ts';

/**
 * Noise addition (Zaharia, seed 003): "attackers compute the gradients but add random noise to
 * every other parameter p drawn from a Gaussian distribution with μ = p and σ = 100".
 * Our reading of the ambiguous sentence: "parameter" is a coordinate of the gradient the
 * attacker sends, "every other" is every second coordinate (k = offset, offset + stride, …),
 * and the coordinate is replaced by a draw from N(p, σ²), i.e. byzₖ = gₖ + σ·ξₖ with
 * ξₖ ∼ N(0, 1) on those coordinates and byzₖ = gₖ elsewhere. (Not 2p + σξ: "drawn from
 * N(μ = p, …)" already centres the draw on p.) stride = 1 perturbs every coordinate.
 * Params: `std` σ (100), `stride` (2), `offset` (0).
 * Not omniscient: it needs only its own gradient.
 */
export const noiseAddition: Attack = {
  name: 'noise-addition',
  summary: 'own gradient with N(0, 100²) added to every other coordinate',
  params: { std: 100, stride: 2, offset: 0 },
  schema: z
    .object({ std: z.number().min(0), stride: z.number().int().min(1), offset: z.number().int().min(0) })
    .partial()
    .strict(),
  omniscient: false,
  check(params) {
    const std = params.std ?? 100;
    if (!(typeof std === 'number' && Number.isFinite(std) && std >= 0)) return `noise-addition: std must be a finite number ≥ 0, got ${std}`;
    const stride = params.stride ?? 2;
    if (!(typeof stride === 'number' && Number.isInteger(stride) && stride >= 1)) return `noise-addition: stride must be an integer ≥ 1, got ${stride}`;
    const offset = params.offset ?? 0;
    if (!(typeof offset === 'number' && Number.isInteger(offset) && offset >= 0 && offset < stride))
      return `noise-addition: offset must be an integer in [0, stride), got ${offset}`;
    return undefined;
  },
  craft(ctx) {
    const std = Number(ctx.params.std ?? 100);
    const stride = Number(ctx.params.stride ?? 2);
    const out = Float32Array.from(ctx.own);
    for (let k = Number(ctx.params.offset ?? 0); k < out.length; k += stride) out[k] += std * normal(ctx.rng);
    return out;
  },
};
