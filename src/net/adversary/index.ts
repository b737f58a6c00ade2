/**
 * The registry of network adversaries (`network.adversary`): one scheduler per file.
 * `checkAdversary` validates a config's choice (name, parameters by schema, nodes it names);
 * `adversaryScheduler` builds the links' scheduler hook from it, in front of a base hook (a
 * fuzzer's schedule), which answers for the messages the adversary leaves to the delay model.
 */
import type { Synchrony } from '../synchrony.ts';
import { isolate } from './isolate.ts';
import { reorder } from './reorder.ts';
import { rushByzantine } from './rush-byzantine.ts';
import { slowHonest } from './slow-honest.ts';
import type { AdversaryParams, NetworkAdversary, Scheduler } from './types.ts';

export type { AdversaryParams, NetworkAdversary, Scheduler } from './types.ts';

export const ADVERSARIES: ReadonlyMap<string, NetworkAdversary> = new Map([slowHonest, rushByzantine, isolate, reorder].map((a) => [a.name, a]));

/** `network.adversary` as written in a scenario: a name, or { name, params }. */
export type AdversarySpec = string | { readonly name: string; readonly params?: AdversaryParams };

const specOf = (s: AdversarySpec) => (typeof s === 'string' ? { name: s, params: {} } : { name: s.name, params: s.params ?? {} });

/** The problems of `network.adversary` (each one line naming the field, the value and the rule). */
export function checkAdversary(spec: AdversarySpec | undefined, nodes: readonly string[]): string[] {
  if (spec === undefined) return [];
  const { name, params } = specOf(spec);
  const adversary = ADVERSARIES.get(name);
  if (adversary === undefined) return [`network.adversary: "${name}" — unknown network adversary (known: ${[...ADVERSARIES.keys()].join(', ')})`];
  const parsed = adversary.schema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys')
      return [`network.adversary.params.${issue.keys[0]}: unknown parameter of ${name} (known: ${Object.keys(adversary.schema.shape).join(', ')})`];
    const key = issue.path.join('.');
    const value = (params as Record<string, unknown>)[key];
    return [`network.adversary.params.${key}: ${value === undefined ? 'missing' : JSON.stringify(value)} — ${name}: ${issue.message}`];
  }
  const msg = adversary.check?.(params, nodes);
  return msg === undefined ? [] : [`network.adversary.params.${msg}`];
}

/**
 * The links' scheduler hook for a validated `network.adversary` (or `base` alone when there is
 * none): the adversary's delay when it picks one, else `base`'s, else the delay model's.
 */
export function adversaryScheduler(
  spec: AdversarySpec | undefined,
  setting: { readonly seed: number | string; readonly synchrony: Synchrony; readonly isByzantine: (id: string) => boolean },
  base?: Scheduler,
): Scheduler | undefined {
  if (spec === undefined) return base;
  const { name, params } = specOf(spec);
  const adversary = ADVERSARIES.get(name);
  if (adversary === undefined) throw new Error(`network.adversary: unknown adversary "${name}" (the config was not validated)`);
  const own = adversary.create({ ...setting, params });
  if (base === undefined) return own;
  return (from, to, msg, nowMs) => own(from, to, msg, nowMs) ?? base(from, to, msg, nowMs);
}
