import { z } from 'zod';
import { normal } from '../sim/rng.ts';
import { honestOf, mean } from './stats.ts';
import type { Attack, AttackContext } from './types.ts';

interface MimicState {
  t: number;
  mu: Float64Array;
  z: Float64Array;
  target: number;
}

/** z ← normalise(Σᵢ ⟨gᵢ − μ, z⟩·(gᵢ − μ)): one power-iteration step on the honest scatter matrix. */
function powerStep(honest: readonly Float32Array[], mu: Float64Array, z: Float64Array): Float64Array {
  const d = mu.length;
  const cumu = new Float64Array(d);
  for (const g of honest) {
    let w = 0;
    for (let k = 0; k < d; k++) w += (g[k] - mu[k]) * z[k];
    for (let k = 0; k < d; k++) cumu[k] += w * (g[k] - mu[k]);
  }
  let nrm = 0;
  for (let k = 0; k < d; k++) nrm += cumu[k] * cumu[k];
  nrm = Math.sqrt(nrm);
  if (!(nrm > 0)) return z; // identical honest gradients: no direction to learn
  for (let k = 0; k < d; k++) cumu[k] /= nrm;
  return cumu;
}

function update(ctx: AttackContext, honest: readonly Float32Array[], s: MimicState | undefined): MimicState {
  const avg = Float64Array.from(mean(honest));
  if (!s) {
    const z0 = Float64Array.from({ length: avg.length }, () => normal(ctx.sharedRng));
    return { t: 0, mu: avg, z: powerStep(honest, avg, z0), target: 0 };
  }
  const { t } = s;
  const mu = s.mu.map((m, k) => (t / (1 + t)) * m + avg[k] / (1 + t));
  const step = powerStep(honest, mu, s.z);
  const z = s.z.map((v, k) => (t / (1 + t)) * v + step[k] / (1 + t));
  let nrm = 0;
  for (const v of z) nrm += v * v;
  nrm = Math.sqrt(nrm);
  return { t, mu, z: nrm > 0 ? z.map((v) => v / nrm) : z, target: s.target };
}

/**
 * Mimic, the variant of Karimireddy, He, Jaggi (ICLR 2022, EPFML `MimicVariantAttacker`): during
 * a warm-up of `warmup` rounds the colluders estimate the top principal direction z of the
 * honest gradients (running mean μ, one power-iteration step per round from a random start drawn
 * from the shared stream) and copy the honest worker with the largest ⟨gᵢ, z⟩ (smallest with
 * `argmax: false`); after the warm-up they keep copying that same worker. Under heterogeneity
 * this over-weights the most atypical honest worker without ever sending an outlier.
 * State: kept in `ctx.state` across steps (rounds counted per call); without state every call
 * is a first round (z from one power step, target chosen afresh). Indices are positions in the
 * honest gradients the simulator hands over (stable order assumed).
 * Params: `warmup` (1, an integer ≥ 1), `argmax` (true).
 * Omniscient: the simulator hands it the honest gradients of the round.
 */
export const mimicVariant: Attack = {
  name: 'mimic-variant',
  summary: 'copy the honest worker furthest along the top principal direction (learned in a warm-up)',
  params: { warmup: 1, argmax: true },
  schema: z
    .object({ warmup: z.number().int().min(1), argmax: z.boolean() })
    .partial()
    .strict(),
  omniscient: true,
  check(params) {
    const w = params.warmup ?? 1;
    if (!(typeof w === 'number' && Number.isInteger(w) && w >= 1)) return `mimic-variant: warmup must be an integer ≥ 1, got ${w}`;
    const a = params.argmax ?? true;
    return typeof a === 'boolean' ? undefined : `mimic-variant: argmax must be true or false, got ${a}`;
  },
  craft(ctx) {
    const honest = honestOf('mimic-variant', ctx.honest);
    const warmup = Number(ctx.params.warmup ?? 1);
    const prev = ctx.state?.get('mimic-variant') as MimicState | undefined;
    let s = prev && prev.t >= warmup ? prev : update(ctx, honest, prev);
    if (s.t < warmup) {
      const sign = (ctx.params.argmax ?? true) ? 1 : -1;
      let best = -Infinity;
      honest.forEach((g, i) => {
        let v = 0;
        for (let k = 0; k < g.length; k++) v += g[k] * s.z[k];
        if (sign * v > best) [best, s.target] = [sign * v, i];
      });
    }
    if (s.target >= honest.length) throw new Error(`mimic-variant: target worker ${s.target} but only ${honest.length} honest gradients this round`);
    s = { ...s, t: s.t + 1 };
    ctx.state?.set('mimic-variant', s);
    return Float32Array.from(honest[s.target]);
  },
};
