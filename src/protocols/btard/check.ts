/**
 * BTARD's bounds (seed 003) and what its simulation needs: at most ⌈n/2⌉ − 1 Byzantine peers; no
 * servers; ButterflyClip aggregates with CenteredClip from a start anyone can recompute; the peer
 * behaviours known and their parameters valid; a deadline only on links that make it sound.
 */
import type { RunConfig } from '../../scenario/schema.ts';
import { garSteps, namedSpec } from '../../scenario/resolve.ts';
import { PEER_BEHAVIOURS } from './behaviours/index.ts';
import { clipParams } from './config.ts';

export function checkBtard(cfg: RunConfig): string[] {
  const errors: string[] = [];
  const { n } = cfg.workers;
  if (cfg.servers) errors.push('servers: btard has no servers: peers aggregate the butterfly parts themselves');
  if (cfg.server.timeoutMs !== undefined)
    errors.push(`server.timeoutMs: ${cfg.server.timeoutMs} — btard has no server; its all-reduce deadline is btard.timeoutMs`);
  for (const [i, x] of cfg.workers.faults.entries())
    if (x.kind !== 'straggler')
      errors.push(`workers.faults[${i}]: ${x.kind} — btard's synchronous all-reduce would stall on it (only straggler faults are simulated)`);
  const validators = cfg.btard?.validators ?? 1;
  if (validators > n) errors.push(`btard.validators: ${validators} — at most the n = ${n} peers can validate in a round`);
  return [...errors, ...checkClip(cfg), ...checkBehaviours(cfg), ...checkDeadline(cfg)];
}

/** The bound BTARD's guarantees assume: an honest majority (`unsafe: true` runs outside it). */
export function btardAssumptions(cfg: RunConfig): string[] {
  const { n, f } = cfg.workers;
  const bound = Math.ceil(n / 2) - 1;
  return f > bound ? [`workers.f: ${f} — btard tolerates at most ⌈n/2⌉−1 = ${bound} Byzantine peers (n = ${n})`] : [];
}

/** ButterflyClip is CenteredClip: its check Σ⟨z, clip_τ(gᵢ − x)⟩ = 0 is CenteredClip's fixed point. */
function checkClip(cfg: RunConfig): string[] {
  const steps = garSteps(cfg);
  if (steps.length !== 1 || steps[0].name !== 'centered-clip')
    return [
      `server.gar: ${steps.map((s) => s.name).join(' → ')} — btard aggregates each part with CenteredClip alone (its check Σᵢ⟨z, clip_τ(gᵢ − x)⟩ = 0 is CenteredClip's fixed point): use centered-clip`,
    ];
  const p = clipParams(cfg);
  const errors: string[] = [];
  if (p.start !== 'median' && p.start !== 'zero')
    errors.push(`server.gar.params.start: ${String(p.start)} — btard needs a start every member can recompute from the parts: median or zero`);
  if (!(typeof p.tol === 'number' && p.tol > 0 && Number.isFinite(p.tol)))
    errors.push(
      `server.gar.params.tol: ${String(p.tol)} — btard's check tolerance m‖z‖·tol comes from CenteredClip's stopping rule: needs a finite tol > 0 (BTARD: 1e-6)`,
    );
  if (!(typeof p.iterations === 'number' && Number.isInteger(p.iterations) && p.iterations >= 1))
    errors.push(`server.gar.params.iterations: ${String(p.iterations)} — needs an integer ≥ 1`);
  if (!(typeof p.tau === 'number' && p.tau > 0 && Number.isFinite(p.tau))) errors.push(`server.gar.params.tau: ${String(p.tau)} — needs a finite τ > 0`);
  return errors;
}

function checkBehaviours(cfg: RunConfig): string[] {
  const errors: string[] = [];
  for (const [i, x] of (cfg.btard?.byzantine ?? []).entries()) {
    const spec = namedSpec(x);
    const b = PEER_BEHAVIOURS.get(spec.name);
    if (b === undefined) {
      errors.push(`btard.byzantine[${i}]: "${spec.name}" — unknown peer behaviour (known: ${[...PEER_BEHAVIOURS.keys()].join(', ')})`);
      continue;
    }
    const unknown = Object.keys(spec.params ?? {}).find((k) => !(k in b.params));
    if (unknown) errors.push(`btard.byzantine[${i}].params.${unknown}: unknown parameter of ${b.name} (known: ${Object.keys(b.params).join(', ') || 'none'})`);
    const msg = b.check?.({ ...b.params, ...spec.params });
    if (msg) errors.push(`btard.byzantine[${i}].params: ${msg}`);
    if (b.needsTimeout && cfg.btard?.timeoutMs === undefined)
      errors.push(`btard.byzantine[${i}]: ${b.name} — needs btard.timeoutMs (without a deadline the all-reduce waits for a silent peer forever)`);
  }
  if (cfg.workers.f === 0 && (cfg.btard?.byzantine ?? []).length > 0) errors.push('btard.byzantine: behaviours given but workers.f = 0 Byzantine peers');
  return errors;
}

/**
 * A deadline bans whoever misses it, so it must be one an honest member never misses: synchronous
 * links with bound Δ and timeoutMs ≥ 2Δ (a member starts a phase at most Δ after another, whose
 * message then takes at most Δ), no losses or partitions, no stragglers (a slow honest peer would
 * look silent).
 */
function checkDeadline(cfg: RunConfig): string[] {
  const t = cfg.btard?.timeoutMs;
  if (t === undefined) return [];
  const net = cfg.network;
  const errors: string[] = [];
  if (net.synchrony.mode !== 'synchronous')
    errors.push(`btard.timeoutMs: ${t} — a deadline bans honest peers on ${net.synchrony.mode} links: needs network.synchrony { mode: synchronous, deltaMs }`);
  else if (t < 2 * net.synchrony.deltaMs)
    errors.push(
      `btard.timeoutMs: ${t} — needs ≥ 2Δ = ${2 * net.synchrony.deltaMs} (Δ = network.synchrony.deltaMs): an honest member may start a phase Δ late and its message take Δ more`,
    );
  if (net.loss > 0 || net.links.some((l) => (l.loss ?? 0) > 0))
    errors.push(`btard.timeoutMs: ${t} — lost messages would get honest peers banned for silence: needs network.loss = 0 on every link`);
  if (net.partitions.length > 0) errors.push(`btard.timeoutMs: ${t} — a partition would get honest peers banned for silence: needs no network.partitions`);
  for (const [i, x] of cfg.workers.faults.entries())
    if (x.kind === 'straggler')
      errors.push(`workers.faults[${i}]: straggler with btard.timeoutMs — a slow honest peer would miss the deadline and be banned as silent`);
  return errors;
}
