/** The parameter-server protocol's own rules: one trusted server; `server.quorum` means something only where the policy reads it. */
import type { RunConfig } from '../../scenario/schema.ts';

export function checkPs(cfg: RunConfig): string[] {
  const errors: string[] = [];
  const s = cfg.servers;
  if (s && (s.n !== 1 || s.f !== 0))
    errors.push(`servers: n=${s.n}, f=${s.f} — protocol ps has one trusted server; set protocol: guanyu for replicated servers`);
  if (cfg.server.policy === 'sync' && cfg.server.quorum !== undefined && cfg.server.timeoutMs === undefined)
    errors.push(`server.quorum: ${cfg.server.quorum} — only used by the sync policy after a timeout: set server.timeoutMs too`);
  return errors;
}
