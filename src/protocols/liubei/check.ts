/**
 * LiuBei's bounds (seed 002, theory sheet §6.2): n_ps ≥ 3f_ps + 1 replicas, n ≥ 2f + 1 workers,
 * the GAR's own bound (validation checks it at q_wr gradients), and synchronous links: its pull
 * timeouts, the replicas' gradient deadline and the gather's deadline all assume a known delay
 * bound Δ. `unsafe` (`byzsim run --unsafe`) runs it on partial or asynchronous links anyway — the
 * experiment that shows what synchrony buys — provided it is given a Δ to assume (`liubei.deltaMs`
 * on asynchronous links).
 */
import { serverQuorum } from '../../scenario/resolve.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import { checkServerAttack } from '../workload/server-attacks/index.ts';

export interface LiubeiCheckOptions {
  readonly unsafe?: boolean;
}

export function checkLiubei(cfg: RunConfig, opts: LiubeiCheckOptions = {}): string[] {
  const s = cfg.servers;
  if (!s) return ['servers: missing — protocol liubei needs servers: { n, f }'];
  const errors: string[] = [];
  const { n, f } = cfg.workers;
  if (s.n < 3 * s.f + 1) errors.push(`servers.n: ${s.n} — liubei needs n_ps ≥ 3f_ps+1 (f_ps = ${s.f})`);
  if (n < 2 * f + 1) errors.push(`workers.n: ${n} — liubei needs n ≥ 2f+1 (f = ${f})`);
  if (s.quorum !== undefined) errors.push(`servers.quorum: ${s.quorum} — liubei reads every replica at a gather (until its deadline), not a quorum`);
  const q = serverQuorum(cfg);
  if (q > n) errors.push(`server.quorum: ${q} — needs q ≤ n (n = ${n})`);
  if (cfg.server.timeoutMs !== undefined) errors.push(`server.timeoutMs: ${cfg.server.timeoutMs} — liubei's deadlines come from its synchronous round (liubei.deltaMs, network.synchrony.deltaMs)`);
  const l = cfg.liubei;
  if (l?.quantile !== undefined && l.quantile < (s.n - s.f) / s.n)
    errors.push(`liubei.quantile: ${l.quantile} — needs ≥ (n_ps − f_ps)/n_ps = ${round3((s.n - s.f) / s.n)} (a lower quantile rejects correct replicas' models more often than Byzantine ones can be)`);
  return [...errors, ...checkSynchrony(cfg, opts), ...checkServerAttack(s.attack, s.n, s.f)];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

function checkSynchrony(cfg: RunConfig, opts: LiubeiCheckOptions): string[] {
  const sync = cfg.network.synchrony;
  if (sync.mode === 'synchronous') return [];
  if (!opts.unsafe)
    return [`network.synchrony.mode: ${sync.mode} — liubei needs synchronous links (its timeouts and deadlines assume the delay bound Δ); byzsim run --unsafe runs it anyway`];
  if (sync.mode === 'asynchronous' && cfg.liubei?.deltaMs === undefined)
    return ['liubei.deltaMs: missing — on asynchronous links (--unsafe) liubei needs a delay bound Δ to assume for its timeouts'];
  return [];
}
