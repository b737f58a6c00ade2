/**
 * The replica crash budget the fuzzer may spend: the most correct replicas (role `replica`, not
 * Byzantine, not yet named by `servers.crashes`) that may crash-stop with the protocol's own
 * assumptions still met when they count in f_ps (GuanYu: n_ps ≥ 3(f_ps + c) + 3 and
 * 2(f_ps + c) + 3 ≤ q_ps ≤ n_ps − f_ps − c; LiuBei: n_ps ≥ 3(f_ps + c) + 1); 0 for a configuration
 * already outside them. `ProtocolFuzz.assumption(cfg).serverCrashes` of a replicated protocol.
 */
import { serverQuorum } from '../../scenario/resolve.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import type { ProtocolFuzz } from '../types.ts';
import { SERVER_ATTACK_CHOICES } from '../workload/server-attack-choices.ts';
import type { NodeSpec } from './roles.ts';

export function replicaCrashBudget(cfg: RunConfig, nodes: readonly NodeSpec[], assumptions: (cfg: RunConfig) => readonly string[]): number {
  const s = cfg.servers;
  if (s === undefined) return 0;
  const gone = new Set((s.crashes ?? []).map((x) => x.node));
  const up = nodes.filter((x) => x.role === 'replica' && !x.byzantine && !gone.has(x.id));
  const fits = (c: number) =>
    assumptions({ ...cfg, servers: { ...s, crashes: [...(s.crashes ?? []), ...up.slice(0, c).map((x) => ({ node: x.id, atMs: 0 }))] } }).length === 0;
  if (!fits(0)) return 0;
  let c = 0;
  while (c < up.length && fits(c + 1)) c++;
  return c;
}

/**
 * What a replicated protocol's fuzz entry draws and allows (GuanYu, LiuBei): the Byzantine
 * replicas' behaviours when there are any; as many honest worker crashes as leave the replicas'
 * gradient quorum (n − f − q_wr), the replica crash budget above, duplication, no losses (a lost
 * gradient or model is not sent again).
 */
export function replicatedFuzz(
  nodes: (cfg: RunConfig) => readonly NodeSpec[],
  assumptions: (cfg: RunConfig) => readonly string[],
): Pick<ProtocolFuzz, 'choices' | 'assumption'> {
  return {
    choices: (cfg) => ((cfg.servers?.f ?? 0) > 0 ? SERVER_ATTACK_CHOICES : []),
    assumption: (cfg) => ({
      crashes: Math.max(0, cfg.workers.n - cfg.workers.f - serverQuorum(cfg)),
      serverCrashes: replicaCrashBudget(cfg, nodes(cfg), assumptions),
      loss: false,
      duplication: true,
    }),
  };
}
