/**
 * The worker attack a server behaviour applies to a model (`use: <attack>` in its parameters; the
 * other parameters are that attack's): looked up, checked, and called with the context a
 * Byzantine replica can fill in.
 */
import { ATTACKS } from '../../../attacks/index.ts';
import type { Attack, Params } from '../../../attacks/types.ts';

/** `{ use, ...rest }` → the attack's name and its own parameters. */
export function splitUse(params: Params, fallback: string): { name: string; params: Params } {
  const { use, ...rest } = params;
  return { name: typeof use === 'string' ? use : fallback, params: rest };
}

/**
 * The problem with `use: <name>` and its parameters, or undefined. `omniscientOk`: whether the
 * behaviour can hand an omniscient attack the correct replicas' models.
 */
export function checkUse(behaviour: string, params: Params, fallback: string, omniscientOk: boolean, nPs: number, fPs: number): string | undefined {
  const inner = splitUse(params, fallback);
  const attack = ATTACKS.get(inner.name);
  if (attack === undefined) return `${behaviour}: use: "${inner.name}" — unknown attack (known: ${[...ATTACKS.keys()].join(', ')})`;
  if (!attack.craft) return `${behaviour}: use: "${inner.name}" — a data attack; a replica's attack must craft a vector (e.g. gaussian, sign-flip, alie)`;
  if (attack.omniscient && !omniscientOk)
    return `${behaviour}: use: "${inner.name}" — omniscient; ${behaviour} transforms the replica's own model: use a non-omniscient vector attack (e.g. gaussian, sign-flip, non-finite), or servers.attack: attack for ${inner.name}`;
  const msg = attack.check?.(inner.params) ?? (attack.omniscient ? attack.checkSetting?.(nPs, fPs, inner.params) : undefined);
  return msg === undefined ? undefined : `${behaviour}: ${msg}`;
}

export function innerAttack(params: Params, fallback: string): { attack: Attack; params: Params } {
  const inner = splitUse(params, fallback);
  const attack = ATTACKS.get(inner.name);
  if (attack?.craft === undefined) throw new Error(`server attack: "${inner.name}" is not a vector attack (the config was not validated)`);
  return { attack, params: inner.params };
}
