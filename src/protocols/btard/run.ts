/**
 * BTARD-SGD (Gorbunov, Borzunov, Diskin, Ryabinin, ICML 2022; seed 003): n peers, no server, the
 * last f Byzantine; each step a butterfly all-reduce whose parts are aggregated by the GAR
 * (CenteredClip with a median start in BTARD), then random validation: `validators` honest
 * members each recompute one random other member's gradient, and a member caught sending an
 * attack is banned from the next step on (the membership change is agreed by all, as BTARD's
 * accusation protocol ensures; Byzantine peers never accuse falsely — the assumption behind
 * BTARD's bound f ≤ ⌈n/2⌉ − 1). The checksum verification of aggregated parts is not simulated:
 * Byzantine peers aggregate their parts honestly and attack through their gradients.
 */
import { attacks } from '../../attacks/schedule.ts';
import { ATTACKS } from '../../attacks/index.ts';
import { initParams } from '../../learn/model.ts';
import { namedSpec, scheduleOf } from '../../scenario/validate.ts';
import { startActor } from '../../sim/actor.ts';
import { round } from '../../sim/metrics.ts';
import { stream } from '../../sim/rng.ts';
import { peerLogic, type PeerEnv, type PeerStep } from '../../actors/peer.ts';
import type { RunInput, RunResult } from '../types.ts';
import { beginRun, drift, endRun, workerFaults } from '../setup.ts';

export async function runBtard(input: RunInput): Promise<RunResult> {
  const { cfg, d, kernel, failures, network, work, rows } = beginRun(input);
  const { n, f } = cfg.workers;
  const ids = Array.from({ length: n }, (_, i) => `w${i}`);
  const honest = n - f;
  const attack = cfg.workers.attack === undefined ? undefined : ATTACKS.get(namedSpec(cfg.workers.attack).name);
  const schedule = scheduleOf(cfg);
  const validators = cfg.btard?.validators ?? 1;

  // Membership: everyone at step 0; bans decided when the first peer finishes a step.
  const membership: string[][] = [ids];
  const banned = new Set<string>();
  const members = (step: number) => membership[step] ?? membership[membership.length - 1];
  const decide = (step: number) => {
    if (membership[step + 1] !== undefined) return;
    const current = members(step);
    const rng = stream(cfg.seed, `btard/validation/${step}`);
    const honestMembers = current.filter((id) => Number(id.slice(1)) < honest);
    for (let v = 0; v < Math.min(validators, honestMembers.length); v++) {
      const validator = honestMembers[Math.floor(rng() * honestMembers.length)];
      const others = current.filter((id) => id !== validator);
      if (others.length === 0) continue;
      const target = others[Math.floor(rng() * others.length)];
      const i = Number(target.slice(1));
      if (attack && i >= honest && attacks(schedule, i - honest, step)) banned.add(target);
    }
    membership[step + 1] = current.filter((id) => !banned.has(id));
  };

  const finished = new Map<number, PeerStep[]>();
  let doneSteps = 0;
  let doneHonest = 0;
  const onStep = (info: PeerStep) => {
    decide(info.step);
    input.onTrace?.({ t: info.timeMs, ev: 'step', step: info.step, used: info.contributors.map((c) => c.from), replica: info.peer });
    if (Number(info.peer.slice(1)) >= honest) return;
    const list = finished.get(info.step) ?? [];
    list.push(info);
    finished.set(info.step, list);
    const honestMembers = info.members.filter((id) => Number(id.slice(1)) < honest).length;
    if (list.length < honestMembers) return;
    finished.delete(info.step);
    doneSteps = info.step + 1;
    work.oracle.forgetBefore(info.step + 1);
    const losses = info.contributors.filter((c) => Number(c.from.slice(1)) < honest).map((c) => c.loss);
    const s = peers.map((p) => p.getSnapshot().context);
    const net = network.stats;
    rows.push({
      step: info.step, timeMs: round(info.timeMs), trainLoss: losses.length ? round(losses.reduce((a, b) => a + b, 0) / losses.length) : null,
      used: info.contributors.length, byzantineUsed: info.members.filter((id) => Number(id.slice(1)) >= honest).length, timedOut: false,
      banned: banned.size, drift: round(drift(list.map((x) => x.params))), sent: net.sent, delivered: net.delivered, dropped: net.dropped, duplicated: net.duplicated,
      stale: s.reduce((a, c) => a + c.stale, 0), faulty: s.reduce((a, c) => a + c.faulty, 0),
    }, info.params);
  };

  const peers: { getSnapshot(): { context: { stale: number; faulty: number; step: number; params: Float32Array } }; send(e: never): void }[] = [];
  const a = cfg.compute.aggregate;
  for (let i = 0; i < n; i++) {
    const faults = workerFaults(cfg, i, d);
    // One aggregator per number of Byzantine members still in (bans lower f for the steps after).
    const byF = new Map<number, ReturnType<typeof work.aggregator>>();
    const aggregatorAt = (step: number) => {
      const fNow = Math.max(0, (cfg.server.f ?? f) - (n - members(step).length));
      if (!byF.has(fNow)) byF.set(fNow, work.aggregator(`peer/${i}/gar/f${fNow}`, fNow));
      return byF.get(fNow)!;
    };
    const ports = new Map(ids.filter((p) => p !== ids[i]).map((p) => [p, network.port(ids[i], p)]));
    const env: PeerEnv = {
      id: ids[i], index: i, kernel, send: (to, msg) => ports.get(to)!(msg), d, steps: cfg.steps, members,
      produce: work.producer(i), computeMs: faults.computeMs,
      aggregateMs: (count, length) => a.fixedMs + a.perValueNs * count * length * 1e-6,
      aggregate: (parts, step) => aggregatorAt(step).aggregate(parts), lr: cfg.server.lr,
      onStep,
      onDone: () => {
        if (i < honest && ++doneHonest === honest) kernel.stop(); // honest peers are never banned
      },
    };
    const actor = startActor(kernel, ids[i], peerLogic(env), failures);
    env.self = actor;
    peers.push(actor as never);
    network.attach(ids[i], (msg) => actor.send({ type: 'deliver', msg: msg as never }));
  }
  const init = initParams(input.model, stream(cfg.seed, 'model/init'));
  for (const p of peers) p.send({ type: 'start', params: init } as never);
  return endRun({ cfg, kernel, failures, work, rows }, () => ({
    steps: doneSteps, finalParams: peers[0].getSnapshot().context.params, workerSteps: (i) => peers[i].getSnapshot().context.step,
  }));
}
