/**
 * The registry of Byzantine server behaviours (`servers.attack`), shared by every replicated-server
 * protocol: one behaviour per file. `checkServerAttack` validates a config's choice (name, its
 * parameters' schema, an inner worker attack); `serverBehaviour` builds a Byzantine replica's
 * behaviour; `senderDelays` turns the slow replicas' delays into the links' scheduler hook.
 */
import type { Params } from '../../../attacks/types.ts';
import type { LinkConfig } from '../../../net/link.ts';
import { namedSpec, type Named } from '../../../scenario/resolve.ts';
import type { RunConfig } from '../../../scenario/schema.ts';
import type { NodeSpec } from '../../runtime/roles.ts';
import { modelAttack } from './attack.ts';
import { arbitrary } from './arbitrary.ts';
import { equivocate } from './equivocate.ts';
import { silent } from './silent.ts';
import { slow } from './slow.ts';
import { stale } from './stale.ts';
import type { ServerAttack, ServerAttackSetting, ServerBehaviour } from './types.ts';

export type { ServerAttack, ServerAttackSetting, ServerBehaviour } from './types.ts';

export const SERVER_ATTACKS: ReadonlyMap<string, ServerAttack> = new Map([arbitrary, equivocate, silent, slow, stale, modelAttack].map((a) => [a.name, a]));

/** The problems of `servers.attack` (each one line naming the field, the value and the rule); f_ps > 0 needs one. */
export function checkServerAttack(spec: Named | undefined, nPs: number, fPs: number): string[] {
  if (spec === undefined)
    return fPs > 0
      ? [`servers.attack: missing — servers.f = ${fPs} Byzantine replicas need a behaviour (known: ${[...SERVER_ATTACKS.keys()].join(', ')})`]
      : [];
  const { name, params = {} } = namedSpec(spec);
  const attack = SERVER_ATTACKS.get(name);
  if (attack === undefined)
    return [
      `servers.attack: "${name}" — unknown server behaviour (known: ${[...SERVER_ATTACKS.keys()].join(', ')}; a worker attack on the replica's model is { name: arbitrary, params: { use: ${name} } } or { name: attack, params: { use: ${name} } })`,
    ];
  const parsed = attack.schema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    if (issue.code === 'unrecognized_keys')
      return [
        `servers.attack.params.${issue.keys[0]}: unknown parameter of ${name} (known: ${Object.keys(attack.params).join(', ') || 'none — it takes no parameters'})`,
      ];
    const key = issue.path.join('.');
    return [`servers.attack.params.${key}: ${JSON.stringify((params as Record<string, unknown>)[key])} — ${name}: ${issue.message}`];
  }
  const msg = attack.check?.(params, nPs, fPs);
  return msg === undefined ? [] : [`servers.attack.params: ${msg}`];
}

/** The behaviour of a Byzantine replica (the config was validated). */
export function serverBehaviour(spec: Named, setting: Omit<ServerAttackSetting, 'params'>): ServerBehaviour {
  const { name, params = {} } = namedSpec(spec);
  const attack = SERVER_ATTACKS.get(name);
  if (attack === undefined) throw new Error(`servers.attack: unknown behaviour "${name}" (the config was not validated)`);
  return attack.create({ ...setting, params: params as Params });
}

/**
 * The links' scheduler hook with the given senders' raw delays (slow replicas) on every message
 * they send, falling back to `base` (a fuzzer's schedule) and then to the delay model; `base`
 * itself when no sender is slow.
 */
export function senderDelays(base: LinkConfig['scheduler'], delays: ReadonlyMap<string, number>): LinkConfig['scheduler'] {
  if (delays.size === 0) return base;
  return (from, to, msg, now) => delays.get(from) ?? base?.(from, to, msg, now);
}

/** The behaviour of each Byzantine replica among `replicas` (`servers.attack`), by node name. */
export function replicaBehaviours(cfg: RunConfig, replicas: readonly NodeSpec[]): Map<string, ServerBehaviour> {
  const s = cfg.servers;
  const out = new Map<string, ServerBehaviour>();
  if (s?.attack === undefined) return out;
  const correct = new Set(replicas.filter((r) => !r.byzantine).map((r) => r.id));
  for (const r of replicas)
    if (r.byzantine)
      out.set(
        r.id,
        serverBehaviour(s.attack, {
          seed: cfg.seed,
          index: r.index,
          id: r.id,
          nPs: s.n,
          fPs: s.f,
          synchrony: cfg.network.synchrony,
          isCorrect: (id) => correct.has(id),
        }),
      );
  return out;
}

/** The raw delays of the behaviours that set one (slow), by sender. */
export function delaysOf(behaviours: ReadonlyMap<string, ServerBehaviour>): Map<string, number> {
  return new Map([...behaviours].flatMap(([id, b]) => (b.delayMs === undefined ? [] : [[id, b.delayMs] as const])));
}
