/**
 * BTARD-SGD (Gorbunov, Borzunov, Diskin, Ryabinin, ICML 2022; seed 003): n peers, no server, the
 * last f Byzantine; each step a butterfly all-reduce whose parts are aggregated by the GAR
 * (CenteredClip with a median start in BTARD), then random validation: `validators` honest
 * members each recompute one random other member's gradient, and a member caught sending an
 * attack is banned from the next step on (the membership change is agreed by all, as BTARD's
 * accusation protocol ensures; Byzantine peers never accuse falsely — the assumption behind
 * BTARD's bound f ≤ ⌈n/2⌉ − 1). The checksum verification of aggregated parts is not simulated:
 * Byzantine peers aggregate their parts honestly and attack through their gradients.
 *
 * Known shortcut (issue 8 §4 replaces it): validation reads the ground truth (who is Byzantine,
 * the attack schedule) from the roles table instead of recomputing gradients.
 */
import { attacks } from '../../attacks/schedule.ts';
import type { Aggregator } from '../../gars/types.ts';
import { initParams } from '../../learn/model.ts';
import { metricsRow, round } from '../../sim/metrics.ts';
import { stream } from '../../sim/rng.ts';
import { aggregateMs } from '../runtime/costs.ts';
import { serverOptimizer } from '../runtime/optimizer.ts';
import { drift } from '../runtime/drift.ts';
import { workerFaults } from '../runtime/faults.ts';
import { portsFrom, spawnNode } from '../runtime/node.ts';
import type { Roles } from '../runtime/roles.ts';
import { counters } from '../runtime/rows.ts';
import { beginRun, endRun, type RunContext } from '../runtime/run.ts';
import { StepBarrier } from '../runtime/step-barrier.ts';
import type { RunInput, RunResult } from '../types.ts';
import type { BtardMessage } from './messages.ts';
import { btardNodes, type BtardRole } from './nodes.ts';
import { peerLogic, type PeerStep } from './peer.ts';

type Ctx = RunContext<BtardMessage, BtardRole>;

export async function runBtard(input: RunInput): Promise<RunResult> {
  const ctx: Ctx = beginRun(input, btardNodes(input.plan.config));
  const { cfg, kernel, network, roles, work, rows } = ctx;
  const membership = new Membership(ctx);
  const honest = roles.members('peer').filter((p) => !p.byzantine).length;

  const barrier = new StepBarrier<PeerStep>();
  let doneSteps = 0;
  let doneHonest = 0;
  const onStep = (info: PeerStep) => {
    membership.decide(info.step);
    ctx.history.record({ t: info.timeMs, ev: 'step', node: info.peer, step: info.step, used: info.contributors.map((c) => c.from) });
    if (roles.isByzantine(info.peer)) return;
    const list = barrier.arrive(info.step, info, info.members.filter((id) => !roles.isByzantine(id)).length);
    if (list === undefined) return;
    doneSteps = info.step + 1;
    work.oracle.forgetBefore(info.step + 1);
    const losses = info.contributors.filter((c) => !roles.isByzantine(c.from)).map((c) => c.loss);
    const head = {
      step: info.step, timeMs: round(info.timeMs), trainLoss: losses.length ? round(losses.reduce((a, b) => a + b, 0) / losses.length) : null,
      used: info.contributors.length, byzantineUsed: info.members.filter((id) => roles.isByzantine(id)).length, timedOut: false,
    };
    const extras = { banned: membership.banned.size, drift: round(drift(list.map((x) => x.params))) };
    rows.push(metricsRow(head, extras, counters(network.stats, peers.map((p) => p.getSnapshot().context))), info.params);
  };

  const cost = aggregateMs(cfg, ctx.d);
  const peers = roles.members('peer').map((peer) => {
    const { id, index: i, byzantine } = peer;
    const faults = workerFaults(cfg, peer, ctx.d);
    // One aggregator per number of Byzantine members still in (bans lower f for the steps after).
    const byF = new Map<number, Aggregator>();
    const aggregatorAt = (step: number) => {
      const fNow = Math.max(0, ctx.plan.garF - (roles.nodes.length - membership.at(step).length));
      if (!byF.has(fNow)) byF.set(fNow, work.aggregator(`peer/${i}/gar/f${fNow}`, fNow));
      return byF.get(fNow)!;
    };
    const others = roles.ids('peer').filter((p) => p !== id);
    const optimizer = serverOptimizer(cfg.server); // every peer applies the same update to the assembled aggregate
    return spawnNode(ctx, id, peerLogic({
      id, index: i, kernel, send: portsFrom(network, id, others), d: ctx.d, steps: cfg.steps, members: (step) => membership.at(step),
      produce: work.producer(i), computeMs: faults.computeMs, aggregateMs: cost,
      aggregate: (parts, step) => aggregatorAt(step).aggregate(parts), apply: (step, params, agg) => optimizer.step(step, params, agg),
      onStep,
      onDone: () => {
        if (!byzantine && ++doneHonest === honest) kernel.stop(); // honest peers are never banned
      },
    }));
  });
  const init = initParams(input.model, stream(cfg.seed, 'model/init'));
  for (const p of peers) p.send({ type: 'start', params: init });
  return endRun(ctx, () => ({
    steps: doneSteps, finalParams: peers[0].getSnapshot().context.params, workerSteps: (i) => peers[i].getSnapshot().context.step,
  }));
}

/** Who is a member at each step: everyone at step 0; bans decided when the first peer finishes a step. */
class Membership {
  private readonly steps: string[][];
  readonly banned = new Set<string>();
  private readonly roles: Roles<BtardRole>;

  constructor(private readonly ctx: Ctx) {
    this.roles = ctx.roles;
    this.steps = [ctx.roles.ids('peer')];
  }

  at(step: number): readonly string[] {
    return this.steps[step] ?? this.steps[this.steps.length - 1];
  }

  decide(step: number): void {
    if (this.steps[step + 1] !== undefined) return;
    const { cfg, plan } = this.ctx;
    const current = this.at(step);
    const rng = stream(cfg.seed, `btard/validation/${step}`);
    const honestMembers = current.filter((id) => !this.roles.isByzantine(id));
    const honest = this.roles.members('peer').filter((p) => !p.byzantine).length;
    const validators = cfg.btard?.validators ?? 1;
    for (let v = 0; v < Math.min(validators, honestMembers.length); v++) {
      const validator = honestMembers[Math.floor(rng() * honestMembers.length)];
      const others = current.filter((id) => id !== validator);
      if (others.length === 0) continue;
      const target = this.roles.of(others[Math.floor(rng() * others.length)]);
      // the target's rank among the Byzantine peers, as the schedule counts them
      if (plan.attack && target.byzantine && attacks(plan.schedule, target.index - honest, step)) this.banned.add(target.id);
    }
    this.steps[step + 1] = current.filter((id) => !this.banned.has(id));
  }
}
