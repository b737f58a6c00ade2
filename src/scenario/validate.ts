/**
 * Rules that relate fields of a run, checked once before anything runs. Each message names
 * the field, the value and the rule, e.g. `workers.f: 11 — needs f < n (n = 11)`.
 */
import { ATTACKS } from '../attacks/index.ts';
import { checkFault } from '../attacks/faults.ts';
import { checkSchedule, SCHEDULES, type AttackSchedule } from '../attacks/schedule.ts';
import { checkPipeline, parsePipeline, type StepSpec } from '../gars/index.ts';
import { DELAYS } from '../net/delay/index.ts';
import { PRIVACY } from '../privacy/index.ts';
import type { RunConfig } from './schema.ts';

export type Named = string | { name: string; params?: Record<string, number | string | boolean> };

export function namedSpec(x: Named): StepSpec {
  return typeof x === 'string' ? { name: x } : { name: x.name, params: x.params };
}

/** The pipeline of `server.gar` as step specs. */
export function garSteps(cfg: RunConfig): StepSpec[] {
  const gar = cfg.server.gar;
  if (typeof gar === 'string') return parsePipeline(gar);
  return Array.isArray(gar) ? gar.map(namedSpec) : [namedSpec(gar)];
}

/**
 * The fewest gradients the server aggregates in a step: q (default n − f) for async and GuanYu;
 * for sync, all n — or, with a timeout, q (default n − f) once Δ has passed.
 */
export function quorumOf(cfg: RunConfig): number {
  const { n } = cfg.workers;
  const f = cfg.server.f ?? cfg.workers.f;
  const waitsForAll = cfg.protocol === 'ps' && cfg.server.policy === 'sync' && cfg.server.timeoutMs === undefined;
  return waitsForAll ? n : cfg.server.quorum ?? n - f;
}

/** All violated rules, each as one line; empty when the run is valid. */
export function validateRun(cfg: RunConfig): string[] {
  const errors: string[] = [];
  const { n, f } = cfg.workers;
  const serverF = cfg.server.f ?? f;
  if (f >= n) errors.push(`workers.f: ${f} — needs f < n (n = ${n})`);
  if (serverF >= n) errors.push(`server.f: ${serverF} — needs f < n (n = ${n})`);
  const q = quorumOf(cfg);
  if (cfg.server.quorum !== undefined && cfg.server.quorum > n) errors.push(`server.quorum: ${q} — needs q ≤ n (n = ${n})`);
  if (cfg.protocol === 'ps' && cfg.server.policy === 'sync' && cfg.server.quorum !== undefined && cfg.server.timeoutMs === undefined)
    errors.push(`server.quorum: ${q} — only used by the sync policy after a timeout: set server.timeoutMs too`);
  // BTARD aggregates every member's part; bans remove Byzantine members and lower f with them.
  const count = cfg.protocol === 'btard' ? n : q;
  const garMsg = checkPipeline(garSteps(cfg), count, serverF, cfg.server.convention);
  if (garMsg) errors.push(`server.gar: ${garMsg} (${cfg.protocol === 'btard' ? 'each butterfly part aggregates' : 'the server aggregates'} ${count === n ? count : `as few as ${count}`} gradients per step)`);
  if (cfg.workers.attack !== undefined) {
    const spec = namedSpec(cfg.workers.attack);
    const attack = ATTACKS.get(spec.name);
    if (!attack) errors.push(`workers.attack: "${spec.name}" — unknown attack (known: ${[...ATTACKS.keys()].join(', ')})`);
    else {
      const msg = attack.check?.(spec.params ?? {}) ?? attack.checkSetting?.(n, f, spec.params ?? {});
      if (msg) errors.push(`workers.attack.params: ${msg}`);
    }
  } else if (f > 0) errors.push(`workers.attack: missing — workers.f = ${f} Byzantine workers need an attack (e.g. sign-flip)`);
  const sched = cfg.workers.schedule;
  if (typeof sched === 'string' && !SCHEDULES.has(sched))
    errors.push(`workers.schedule: "${sched}" — unknown schedule (known: ${[...SCHEDULES.keys()].join(', ')})`);
  const schedMsg = typeof sched === 'object' ? checkSchedule(sched, f) : undefined;
  if (schedMsg) errors.push(`workers.schedule: ${schedMsg}`);
  for (const p of privacyList(cfg)) {
    const spec = namedSpec(p);
    const mech = PRIVACY.get(spec.name);
    if (!mech) errors.push(`workers.privacy: "${spec.name}" — unknown mechanism (known: ${[...PRIVACY.keys()].join(', ')})`);
    else {
      const msg = mech.check?.(spec.params ?? {});
      if (msg) errors.push(`workers.privacy.params: ${msg}`);
    }
  }
  for (const [i, x] of cfg.workers.faults.entries()) {
    if (x.worker >= n) errors.push(`workers.faults[${i}].worker: ${x.worker} — needs a worker index < n (n = ${n})`);
    const msg = checkFault(x);
    if (msg) errors.push(`workers.faults[${i}]: ${msg}`);
  }
  errors.push(...validateNetwork(cfg), ...validateData(cfg));
  return [...validateProtocol(cfg), ...errors]; // the protocol's own bounds first: they explain the rest
}

/** BTARD (seed 003): at most ⌈n/2⌉ − 1 Byzantine peers; a synchronous all-reduce (no crash or omission faults). */
function validateBtard(cfg: RunConfig): string[] {
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

/** GuanYu's bounds (seed 002, theory sheet §6.1): n_ps ≥ 3f_ps+3, n ≥ 3f+3, 2f+3 ≤ q ≤ n−f for both quorums. */
function validateProtocol(cfg: RunConfig): string[] {
  const s = cfg.servers;
  if (cfg.btard !== undefined && cfg.protocol !== 'btard') return [`btard: only for protocol: btard, got protocol ${cfg.protocol}`];
  if (cfg.protocol === 'btard') return validateBtard(cfg);
  if (cfg.protocol === 'ps')
    return s && (s.n !== 1 || s.f !== 0) ? [`servers: n=${s.n}, f=${s.f} — protocol ps has one trusted server; set protocol: guanyu for replicated servers`] : [];
  if (!s) return ['servers: missing — protocol guanyu needs servers: { n, f }'];
  const errors: string[] = [];
  const { n, f } = cfg.workers;
  if (s.n < 3 * s.f + 3) errors.push(`servers.n: ${s.n} — guanyu needs n_ps ≥ 3f_ps+3 (f_ps = ${s.f})`);
  if (n < 3 * f + 3) errors.push(`workers.n: ${n} — guanyu needs n ≥ 3f+3 (f = ${f})`);
  const qPs = s.quorum ?? s.n - s.f;
  if (qPs < 2 * s.f + 3 || qPs > s.n - s.f) errors.push(`servers.quorum: ${qPs} — guanyu needs 2f_ps+3 ≤ q_ps ≤ n_ps−f_ps (${2 * s.f + 3} … ${s.n - s.f})`);
  const qWr = cfg.server.quorum ?? n - f;
  if (qWr < 2 * f + 3 || qWr > n - f) errors.push(`server.quorum: ${qWr} — guanyu needs 2f+3 ≤ q_wr ≤ n−f (${2 * f + 3} … ${n - f})`);
  if (cfg.server.timeoutMs !== undefined) errors.push(`server.timeoutMs: ${cfg.server.timeoutMs} — guanyu waits on quorums, not timeouts`);
  if (s.f > 0 && s.attack === undefined) errors.push(`servers.attack: missing — servers.f = ${s.f} Byzantine replicas need an attack on the models they send (e.g. gaussian)`);
  if (s.attack !== undefined) {
    const spec = namedSpec(s.attack);
    const attack = ATTACKS.get(spec.name);
    if (!attack) errors.push(`servers.attack: "${spec.name}" — unknown attack (known: ${[...ATTACKS.keys()].join(', ')})`);
    else if (attack.omniscient || !attack.craft)
      errors.push(`servers.attack: "${spec.name}" — a replica's attack transforms its own model: it must be a non-omniscient vector attack (e.g. gaussian, sign-flip, non-finite)`);
    else {
      const msg = attack.check?.(spec.params ?? {});
      if (msg) errors.push(`servers.attack.params: ${msg}`);
    }
  }
  return errors;
}

/** The attack schedule of a run, names resolved. */
export function scheduleOf(cfg: RunConfig): AttackSchedule | undefined {
  const s = cfg.workers.schedule;
  return typeof s === 'string' ? SCHEDULES.get(s) : s;
}

export function privacyList(cfg: RunConfig): Named[] {
  const p = cfg.workers.privacy;
  return p === undefined ? [] : Array.isArray(p) ? p : [p];
}

function validateNetwork(cfg: RunConfig): string[] {
  const errors: string[] = [];
  errors.push(...validateDelay(cfg.network.delay, 'network.delay'));
  for (const [i, l] of cfg.network.links.entries()) if (l.delay) errors.push(...validateDelay(l.delay, `network.links[${i}].delay`));
  const nodes = new Set(['server', ...Array.from({ length: cfg.workers.n }, (_, i) => `w${i}`)]);
  for (const [i, l] of cfg.network.links.entries())
    for (const end of ['from', 'to'] as const)
      if (l[end] !== '*' && !nodes.has(l[end])) errors.push(`network.links[${i}].${end}: "${l[end]}" — unknown node (nodes are server, w0 … w${cfg.workers.n - 1}, or *)`);
  for (const [i, p] of cfg.network.partitions.entries()) {
    if (p.toMs < p.fromMs) errors.push(`network.partitions[${i}].toMs: ${p.toMs} — needs toMs ≥ fromMs (${p.fromMs})`);
    for (const g of p.groups)
      for (const node of g)
        if (!nodes.has(node)) errors.push(`network.partitions[${i}].groups: "${node}" — unknown node (nodes are server, w0 … w${cfg.workers.n - 1})`);
  }
  return errors;
}

function validateDelay(spec: { model: string } & Record<string, unknown>, field: string): string[] {
  const { model, ...params } = spec;
  const delay = DELAYS.get(model);
  if (!delay) return [`${field}.model: "${model}" — unknown delay model (known: ${[...DELAYS.keys()].join(', ')})`];
  const errors: string[] = [];
  for (const k of Object.keys(params))
    if (!(k in delay.params)) errors.push(`${field}.${k}: unknown parameter of ${model} (known: ${Object.keys(delay.params).join(', ')})`);
  const msg = delay.check(params as Record<string, number>);
  if (msg) errors.push(msg.replace('network.delay.', `${field}.`));
  return errors;
}

function validateData(cfg: RunConfig): string[] {
  const errors: string[] = [];
  const d = cfg.data;
  if ((d.name === 'libsvm' || d.name === 'csv') && !d.path) errors.push(`data.path: missing — data.name = ${d.name} reads a file`);
  if (d.name !== 'mnist' && cfg.model.name === 'cnn') errors.push(`model.name: cnn — needs image data (data.name = mnist), got ${d.name}`);
  if (d.name === 'mnist' && cfg.model.name === 'svm') errors.push(`model.name: svm — a binary classifier; mnist has 10 classes (use logreg, mlp or cnn, or a binary dataset)`);
  if (cfg.model.hidden && cfg.model.name !== 'mlp') errors.push(`model.hidden: only for model.name = mlp, got ${cfg.model.name}`);
  if (cfg.model.filters && cfg.model.name !== 'cnn') errors.push(`model.filters: only for model.name = cnn, got ${cfg.model.name}`);
  return errors;
}
