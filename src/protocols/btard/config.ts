/**
 * BTARD's settings from a validated config: the validation knobs (`btard.validators`,
 * `btard.probability`), the deadline (`btard.timeoutMs`), the Byzantine peers' behaviours
 * (`btard.byzantine`) and ButterflyClip's CenteredClip (`server.gar: centered-clip` and its
 * params; BTARD's defaults where the scenario gives none: τ = 10, ≤ 100 iterations, η = 1e−6,
 * median start).
 */
import type { RunConfig } from '../../scenario/schema.ts';
import { garSteps, namedSpec } from '../../scenario/resolve.ts';
import { PEER_BEHAVIOURS, type BehaviourParams, type PeerBehaviour } from './behaviours/index.ts';
import type { ClipSettings } from './clip.ts';

export interface BtardSettings {
  /** Validators drawn per round (among all members), each recomputing one other member's gradient. */
  readonly validators: number;
  /** The probability that a round is validated at all. */
  readonly probability: number;
  /** The network part of each phase's deadline; undefined: wait for every member forever. */
  readonly timeoutMs?: number;
  readonly behaviours: readonly { readonly behaviour: PeerBehaviour; readonly params: BehaviourParams }[];
  readonly clip: ClipSettings;
}

export const CLIP_DEFAULTS: ClipSettings = { tau: 10, iterations: 100, tol: 1e-6, start: 'median' };

export function btardSettings(cfg: RunConfig): BtardSettings {
  const b = cfg.btard;
  const behaviours = (b?.byzantine ?? []).map(namedSpec).map((spec) => {
    const behaviour = PEER_BEHAVIOURS.get(spec.name);
    if (behaviour === undefined) throw new Error(`btard: unknown peer behaviour "${spec.name}" (the config was not validated)`);
    return { behaviour, params: { ...behaviour.params, ...spec.params } };
  });
  return { validators: b?.validators ?? 1, probability: b?.probability ?? 1, timeoutMs: b?.timeoutMs, behaviours, clip: clipSettings(cfg) };
}

/** CenteredClip's parameters as the scenario gives them, BTARD's defaults for the rest. */
export function clipParams(cfg: RunConfig): Record<string, unknown> {
  const step = garSteps(cfg)[0];
  return { ...CLIP_DEFAULTS, ...(step?.params ?? {}) };
}

function clipSettings(cfg: RunConfig): ClipSettings {
  const p = clipParams(cfg);
  return { tau: Number(p.tau), iterations: Number(p.iterations), tol: Number(p.tol), start: p.start === 'zero' ? 'zero' : 'median' };
}
