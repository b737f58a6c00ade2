/** BTARD's bounds (seed 003): at most ⌈n/2⌉ − 1 Byzantine peers; a synchronous all-reduce (no servers, no timeout, no crash or omission faults). */
import type { RunConfig } from '../../scenario/schema.ts';

export function checkBtard(cfg: RunConfig): string[] {
  const errors: string[] = [];
  const { n, f } = cfg.workers;
  const bound = Math.ceil(n / 2) - 1;
  if (f > bound) errors.push(`workers.f: ${f} — btard tolerates at most ⌈n/2⌉−1 = ${bound} Byzantine peers (n = ${n})`);
  if (cfg.servers) errors.push('servers: btard has no servers: peers aggregate the butterfly parts themselves');
  if (cfg.server.timeoutMs !== undefined) errors.push(`server.timeoutMs: ${cfg.server.timeoutMs} — btard's all-reduce waits for every member, not a timeout`);
  for (const [i, x] of cfg.workers.faults.entries())
    if (x.kind !== 'straggler') errors.push(`workers.faults[${i}]: ${x.kind} — btard's synchronous all-reduce would stall on it (only straggler faults are simulated)`);
  return errors;
}
