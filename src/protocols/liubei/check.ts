/**
 * LiuBei's rules and assumptions (seed 002, theory sheet §6.2).
 *
 * Assumptions (`liubeiAssumptions`; `unsafe: true` / `byzsim run --unsafe` runs outside them — the
 * experiment that shows what synchrony buys): n_ps ≥ 3f_ps + 1 replicas (f_ps + c with c the correct
 * replicas `servers.crashes` crash-stops: n_ps ≥ 3(f_ps + c) + 1), n ≥ 2f + 1 workers, and
 * synchronous links — its pull timeouts, the replicas' gradient deadline and the gather's deadline
 * all assume a known delay bound Δ.
 *
 * Rules (`checkLiubei`, never waived): replicated servers; no replica quorum (a gather reads every
 * replica) nor server timeout (its deadlines come from its round); a Lipschitz quantile of at least
 * (n_ps − f_ps)/n_ps; a Δ to assume (`liubei.deltaMs`) on asynchronous links; a known server
 * behaviour. The GAR's own bound is validation's, at q_wr gradients.
 */
import { serverQuorum } from '../../scenario/resolve.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import { crashedCorrect } from '../runtime/crash.ts';
import { checkServerAttack } from '../workload/server-attacks/index.ts';
import { liubeiNodes } from './nodes.ts';

export function checkLiubei(cfg: RunConfig): string[] {
  const s = cfg.servers;
  if (!s) return ['servers: missing — protocol liubei needs servers: { n, f }'];
  const errors: string[] = [];
  const n = cfg.workers.n;
  if (s.quorum !== undefined) errors.push(`servers.quorum: ${s.quorum} — liubei reads every replica at a gather (until its deadline), not a quorum`);
  const q = serverQuorum(cfg);
  if (q > n) errors.push(`server.quorum: ${q} — needs q ≤ n (n = ${n})`);
  if (cfg.server.timeoutMs !== undefined)
    errors.push(`server.timeoutMs: ${cfg.server.timeoutMs} — liubei's deadlines come from its synchronous round (liubei.deltaMs, network.synchrony.deltaMs)`);
  const l = cfg.liubei;
  if (l?.quantile !== undefined && l.quantile < (s.n - s.f) / s.n)
    errors.push(
      `liubei.quantile: ${l.quantile} — needs ≥ (n_ps − f_ps)/n_ps = ${round3((s.n - s.f) / s.n)} (a lower quantile rejects correct replicas' models more often than Byzantine ones can be)`,
    );
  if (cfg.unsafe && cfg.network.synchrony.mode === 'asynchronous' && l?.deltaMs === undefined)
    errors.push('liubei.deltaMs: missing — asynchronous links have no delay bound: liubei needs one to assume for its timeouts (give liubei.deltaMs)');
  return [...errors, ...checkServerAttack(s.attack, s.n, s.f)];
}

/** The bounds and the synchrony LiuBei's guarantees assume (`unsafe: true` runs outside them). */
export function liubeiAssumptions(cfg: RunConfig): string[] {
  const s = cfg.servers;
  if (!s) return [];
  const errors: string[] = [];
  const { n, f } = cfg.workers;
  const crashed = crashedCorrect(s.crashes, liubeiNodes(cfg));
  const fName = crashed > 0 ? `f_ps+c = ${s.f}+${crashed}` : `f_ps = ${s.f}`;
  if (s.n < 3 * (s.f + crashed) + 1) errors.push(`servers.n: ${s.n} — liubei needs n_ps ≥ 3f_ps+1 (${fName})`);
  if (n < 2 * f + 1) errors.push(`workers.n: ${n} — liubei needs n ≥ 2f+1 (f = ${f})`);
  const mode = cfg.network.synchrony.mode;
  if (mode !== 'synchronous')
    errors.push(`network.synchrony.mode: ${mode} — liubei needs synchronous links (its timeouts and deadlines assume the delay bound Δ)`);
  return errors;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
