/**
 * Rules that relate fields of a run, checked once before anything runs. Each message names
 * the field, the value and the rule, e.g. `workers.f: 11 — needs f < n (n = 11)`.
 */
import { ATTACKS } from '../attacks/index.ts';
import { checkFault } from '../attacks/faults.ts';
import { checkSchedule, SCHEDULES } from '../attacks/schedule.ts';
import { checkPipeline } from '../gars/index.ts';
import { checkAdversary } from '../net/adversary/index.ts';
import { DELAYS } from '../net/delay/index.ts';
import { PRIVACY } from '../privacy/index.ts';
import { PROTOCOLS } from '../protocols/index.ts';
import { describeNodes } from '../protocols/runtime/roles.ts';
import type { ProtocolDef } from '../protocols/types.ts';
import { garF, garSteps, namedSpec, privacyList } from './resolve.ts';
import { checkInputs } from './checks/index.ts';
import { paramsIssue } from './checks/params.ts';
import { show } from './checks/show.ts';
import type { RunConfig } from './schema.ts';

/** All violated rules, each as one line; empty when the run is valid. */
export function validateRun(cfg: RunConfig): string[] {
  const inputs = checkInputs(cfg); // checks/: parameters of named things, data files, sizes — first, alone
  if (inputs.length > 0) return inputs;
  const protocol = PROTOCOLS.get(cfg.protocol);
  if (protocol === undefined) return [`protocol: "${cfg.protocol}" — unknown protocol (known: ${[...PROTOCOLS.keys()].join(', ')})`];
  const errors: string[] = [];
  const { n, f } = cfg.workers;
  const serverF = garF(cfg);
  if (f >= n) errors.push(`workers.f: ${f} — needs f < n (n = ${n})`);
  if (serverF >= n) errors.push(`server.f: ${serverF} — needs f < n (n = ${n})`);
  if (cfg.server.quorum !== undefined && cfg.server.quorum > n) errors.push(`server.quorum: ${cfg.server.quorum} — needs q ≤ n (n = ${n})`);
  const agg = protocol.aggregation(cfg);
  const garMsg = checkPipeline(garSteps(cfg), agg.count, serverF, cfg.server.convention);
  if (garMsg) errors.push(`server.gar: ${garMsg} (${agg.by} ${agg.count === n ? agg.count : `as few as ${agg.count}`} gradients per step)`);
  if (cfg.workers.attack !== undefined) {
    const spec = namedSpec(cfg.workers.attack);
    const attack = ATTACKS.get(spec.name);
    if (!attack) errors.push(`workers.attack: ${show(spec.name)} — unknown attack (known: ${[...ATTACKS.keys()].join(', ')})`);
    else {
      const msg = attack.check?.(spec.params ?? {}) ?? attack.checkSetting?.(n, f, spec.params ?? {});
      if (msg) errors.push(`workers.attack.params: ${msg}`);
    }
  } else if (f > 0 && !protocol.ownByzantineBehaviour?.(cfg))
    errors.push(`workers.attack: missing — workers.f = ${f} Byzantine workers need an attack (e.g. sign-flip)`);
  const sched = cfg.workers.schedule;
  if (typeof sched === 'string' && !SCHEDULES.has(sched))
    errors.push(`workers.schedule: ${show(sched)} — unknown schedule (known: ${[...SCHEDULES.keys()].join(', ')})`);
  const schedMsg = typeof sched === 'object' ? checkSchedule(sched, f) : undefined;
  if (schedMsg) errors.push(`workers.schedule: ${schedMsg}`);
  for (const p of privacyList(cfg)) {
    const spec = namedSpec(p);
    const mech = PRIVACY.get(spec.name);
    if (!mech) errors.push(`workers.privacy: ${show(spec.name)} — unknown mechanism (known: ${[...PRIVACY.keys()].join(', ')})`);
    else {
      const msg = mech.check?.(spec.params ?? {});
      if (msg) errors.push(`workers.privacy.params: ${msg}`);
    }
  }
  errors.push(...validateFaults(cfg, protocol), ...validateNetwork(cfg, protocol), ...validateData(cfg));
  return [...validateProtocol(cfg, protocol), ...errors]; // the protocol's own bounds first: they explain the rest
}

/** A config section another protocol owns is refused; then the protocol's own bounds (its registry entry's check). */
function validateProtocol(cfg: RunConfig, protocol: ProtocolDef): string[] {
  for (const other of PROTOCOLS.values())
    for (const section of other.sections ?? [])
      if (other !== protocol && cfg[section] !== undefined && !protocol.sections?.includes(section))
        return [`${section}: only for protocol: ${other.name}, got protocol ${cfg.protocol}`];
  const waivable = cfg.unsafe ? [] : (protocol.assumptions?.(cfg) ?? []).map((line) => `${line} (an assumption of ${protocol.name}: --unsafe runs it anyway)`);
  return [...protocol.check(cfg), ...waivable];
}

/** The protocol assumptions a valid config runs outside of (`unsafe: true`), for the CLI to say so; empty otherwise. */
export function waivedAssumptions(cfg: RunConfig): string[] {
  return cfg.unsafe ? (PROTOCOLS.get(cfg.protocol)?.assumptions?.(cfg) ?? []) : [];
}

/** Each fault names one node of the protocol's fault role, by index (`worker`) or by name (`node`). */
function validateFaults(cfg: RunConfig, protocol: ProtocolDef): string[] {
  const errors: string[] = [];
  const faulty = protocol.nodes(cfg).filter((x) => x.role === protocol.faultRole);
  for (const [i, x] of cfg.workers.faults.entries()) {
    const field = `workers.faults[${i}]`;
    if ((x.worker === undefined) === (x.node === undefined))
      errors.push(`${field}: give exactly one of worker (an index) or node (a name, e.g. ${faulty[0]?.id ?? 'w0'})`);
    if (x.worker !== undefined && x.worker >= faulty.length) errors.push(`${field}.worker: ${x.worker} — needs a worker index < n (n = ${faulty.length})`);
    if (x.node !== undefined && !faulty.some((y) => y.id === x.node))
      errors.push(`${field}.node: "${x.node}" — ${protocol.name} simulates faults of its ${protocol.faultRole}s only (${describeNodes(faulty)})`);
    const msg = checkFault(x);
    if (msg) errors.push(`${field}: ${msg}`);
  }
  return [...errors, ...validateServerCrashes(cfg, protocol)];
}

/** `servers.crashes` names replicas of the protocol's server role, each once. */
function validateServerCrashes(cfg: RunConfig, protocol: ProtocolDef): string[] {
  const crashes = cfg.servers?.crashes ?? [];
  if (crashes.length === 0) return [];
  if (protocol.serverRole === undefined) return [`servers.crashes: ${crashes.length} given — protocol ${protocol.name} has no replicated servers to crash`];
  const replicas = protocol.nodes(cfg).filter((x) => x.role === protocol.serverRole);
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const [i, c] of crashes.entries()) {
    if (!replicas.some((x) => x.id === c.node))
      errors.push(`servers.crashes[${i}].node: ${show(c.node)} — not a replica of ${protocol.name} (${describeNodes(replicas)})`);
    else if (seen.has(c.node)) errors.push(`servers.crashes[${i}].node: ${show(c.node)} — crashes once (crash-stop)`);
    seen.add(c.node);
  }
  return errors;
}

/** Delay models, and the nodes links and partitions name: exactly the protocol's nodes. */
function validateNetwork(cfg: RunConfig, protocol: ProtocolDef): string[] {
  const errors: string[] = [];
  errors.push(...validateDelay(cfg.network.delay, 'network.delay'));
  for (const [i, l] of cfg.network.links.entries()) if (l.delay) errors.push(...validateDelay(l.delay, `network.links[${i}].delay`));
  const table = protocol.nodes(cfg);
  const nodes = new Set(table.map((x) => x.id));
  const known = `nodes of ${protocol.name} are ${describeNodes(table)}`;
  for (const [i, l] of cfg.network.links.entries())
    for (const end of ['from', 'to'] as const)
      if (l[end] !== '*' && !nodes.has(l[end])) errors.push(`network.links[${i}].${end}: "${l[end]}" — unknown node (${known}, or *)`);
  errors.push(
    ...checkAdversary(
      cfg.network.adversary,
      table.map((x) => x.id),
    ),
  );
  for (const [i, p] of cfg.network.partitions.entries()) {
    if (p.toMs < p.fromMs) errors.push(`network.partitions[${i}].toMs: ${p.toMs} — needs toMs ≥ fromMs (${p.fromMs})`);
    const oneWay = p.from !== undefined || p.to !== undefined;
    if (oneWay === (p.groups !== undefined) || (oneWay && (p.from === undefined || p.to === undefined)))
      errors.push(
        `network.partitions[${i}]: ${JSON.stringify(Object.keys(p).filter((k) => k === 'groups' || k === 'from' || k === 'to'))} — give groups (two-way) or both from and to (one-way)`,
      );
    for (const field of ['groups', 'from', 'to'] as const)
      for (const node of (field === 'groups' ? p.groups?.flat() : p[field]) ?? [])
        if (!nodes.has(node)) errors.push(`network.partitions[${i}].${field}: "${node}" — unknown node (${known})`);
  }
  return errors;
}

function validateDelay(spec: { model: string } & Record<string, unknown>, field: string): string[] {
  const { model, ...params } = spec;
  const delay = DELAYS.get(model);
  if (!delay) return [`${field}.model: ${show(model)} — unknown delay model (known: ${[...DELAYS.keys()].join(', ')})`];
  const errors: string[] = [];
  const bad = paramsIssue(delay.schema, params, model, field);
  if (bad) return [bad];
  const msg = delay.check(params as Record<string, number>);
  if (msg) errors.push(msg.replace('network.delay.', `${field}.`));
  return errors;
}

function validateData(cfg: RunConfig): string[] {
  const errors: string[] = [];
  const d = cfg.data;
  const images = d.name === 'mnist' || d.name === 'fashion-mnist' || d.name === 'idx';
  if (!images && cfg.model.name === 'cnn') errors.push(`model.name: cnn — needs image data (data.name = mnist, fashion-mnist or idx), got ${d.name}`);
  if ((d.name === 'mnist' || d.name === 'fashion-mnist') && cfg.model.name === 'svm')
    errors.push(`model.name: svm — a binary classifier; ${d.name} has 10 classes (use logreg, mlp or cnn, or a binary dataset)`);
  if (cfg.model.hidden && cfg.model.name !== 'mlp') errors.push(`model.hidden: only for model.name = mlp, got ${cfg.model.name}`);
  if (cfg.model.filters && cfg.model.name !== 'cnn') errors.push(`model.filters: only for model.name = cnn, got ${cfg.model.name}`);
  return errors;
}
