/** GuanYu's bounds (seed 002, theory sheet §6.1): n_ps ≥ 3f_ps+3, n ≥ 3f+3, 2f+3 ≤ q ≤ n−f for both quorums; quorums, not timeouts. */
import { serverQuorum } from '../../scenario/resolve.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import { checkServerAttack } from '../workload/server-attacks/index.ts';
import { replicaQuorum } from './nodes.ts';

export function checkGuanyu(cfg: RunConfig): string[] {
  const s = cfg.servers;
  if (!s) return ['servers: missing — protocol guanyu needs servers: { n, f }'];
  const errors: string[] = [];
  if (cfg.server.timeoutMs !== undefined) errors.push(`server.timeoutMs: ${cfg.server.timeoutMs} — guanyu waits on quorums, not timeouts`);
  return [...errors, ...checkServerAttack(s.attack, s.n, s.f)];
}

/** The bounds GuanYu's guarantees assume (`unsafe: true` runs outside them). */
export function guanyuAssumptions(cfg: RunConfig): string[] {
  const s = cfg.servers;
  if (!s) return [];
  const errors: string[] = [];
  const { n, f } = cfg.workers;
  if (s.n < 3 * s.f + 3) errors.push(`servers.n: ${s.n} — guanyu needs n_ps ≥ 3f_ps+3 (f_ps = ${s.f})`);
  if (n < 3 * f + 3) errors.push(`workers.n: ${n} — guanyu needs n ≥ 3f+3 (f = ${f})`);
  const qPs = replicaQuorum(cfg);
  if (qPs < 2 * s.f + 3 || qPs > s.n - s.f) errors.push(`servers.quorum: ${qPs} — guanyu needs 2f_ps+3 ≤ q_ps ≤ n_ps−f_ps (${2 * s.f + 3} … ${s.n - s.f})`);
  const qWr = serverQuorum(cfg);
  if (qWr < 2 * f + 3 || qWr > n - f) errors.push(`server.quorum: ${qWr} — guanyu needs 2f+3 ≤ q_wr ≤ n−f (${2 * f + 3} … ${n - f})`);
  return errors;
}
