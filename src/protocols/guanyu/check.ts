/** GuanYu's bounds (seed 002, theory sheet §6.1): n_ps ≥ 3f_ps+3, n ≥ 3f+3, 2f+3 ≤ q ≤ n−f for both quorums (crashed correct replicas count in f_ps); quorums, not timeouts. */
import { serverQuorum } from '../../scenario/resolve.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import { crashedCorrect } from '../runtime/crash.ts';
import { checkServerAttack } from '../workload/server-attacks/index.ts';
import { guanyuNodes, replicaQuorum } from './nodes.ts';

export function checkGuanyu(cfg: RunConfig): string[] {
  const s = cfg.servers;
  if (!s) return ['servers: missing — protocol guanyu needs servers: { n, f }'];
  const errors: string[] = [];
  if (cfg.server.timeoutMs !== undefined) errors.push(`server.timeoutMs: ${cfg.server.timeoutMs} — guanyu waits on quorums, not timeouts`);
  return [...errors, ...checkServerAttack(s.attack, s.n, s.f)];
}

/**
 * The bounds GuanYu's guarantees assume (`unsafe: true` runs outside them). Crashed correct replicas
 * (`servers.crashes`) are faulty too: the replica bounds hold for f_ps + c, c the correct ones that crash.
 */
export function guanyuAssumptions(cfg: RunConfig): string[] {
  const s = cfg.servers;
  if (!s) return [];
  const errors: string[] = [];
  const { n, f } = cfg.workers;
  const crashed = crashedCorrect(s.crashes, guanyuNodes(cfg));
  const fps = s.f + crashed;
  const fName = crashed > 0 ? `f_ps+c = ${s.f}+${crashed}` : `f_ps = ${s.f}`;
  if (s.n < 3 * fps + 3) errors.push(`servers.n: ${s.n} — guanyu needs n_ps ≥ 3f_ps+3 (${fName})`);
  if (n < 3 * f + 3) errors.push(`workers.n: ${n} — guanyu needs n ≥ 3f+3 (f = ${f})`);
  const qPs = replicaQuorum(cfg);
  if (qPs < 2 * fps + 3 || qPs > s.n - fps)
    errors.push(`servers.quorum: ${qPs} — guanyu needs 2f_ps+3 ≤ q_ps ≤ n_ps−f_ps (${2 * fps + 3} … ${s.n - fps}${crashed > 0 ? `; ${fName}` : ''})`);
  const qWr = serverQuorum(cfg);
  if (qWr < 2 * f + 3 || qWr > n - f) errors.push(`server.quorum: ${qWr} — guanyu needs 2f+3 ≤ q_wr ≤ n−f (${2 * f + 3} … ${n - f})`);
  return errors;
}
