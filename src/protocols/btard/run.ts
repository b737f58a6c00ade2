/**
 * BTARD-SGD (Gorbunov, Borzunov, Diskin, Ryabinin, ICML 2022; seed 003): n peers `p0 … p{n−1}`,
 * no server, the last f Byzantine. Each step a Byzantine-tolerant all-reduce (peer.ts): butterfly
 * scatter with commitments, CenteredClip per part, the check Σᵢ⟨zⱼ, clip_τ(gᵢ − xⱼ)⟩ ≈ 0,
 * validators drawn from the round's shared randomness recomputing their targets' gradients,
 * accusations checked by recomputation, bans, and the round run again without the banned.
 *
 * The run wires the peers to the network and the workload, gives each its conduct (Byzantine
 * peers deviate on their schedule, conduct.ts), and turns what peers report into rows and the
 * history (history.ts). It reads the ground truth for metrics and behaviours only.
 */
import { attacks } from '../../attacks/schedule.ts';
import { initParams } from '../../learn/model.ts';
import { metricsRow, round } from '../../sim/metrics.ts';
import { stream } from '../../sim/rng.ts';
import { aggregateMs } from '../runtime/costs.ts';
import { drift } from '../runtime/drift.ts';
import { serverOptimizer } from '../runtime/optimizer.ts';
import { workerFaults } from '../runtime/faults.ts';
import { portsFrom, spawnNode } from '../runtime/node.ts';
import { counters } from '../runtime/rows.ts';
import { beginRun, endRun, type RunContext } from '../runtime/run.ts';
import { StepBarrier } from '../runtime/step-barrier.ts';
import type { RunInput, RunResult } from '../types.ts';
import type { Payload, Producer } from '../workload/payload.ts';
import { ClipTruth } from './clip-truth.ts';
import { byzantineConduct, HONEST } from './conduct.ts';
import { btardSettings, type BtardSettings } from './config.ts';
import { digestOf } from './digest.ts';
import { BtardHistory } from './history.ts';
import type { BtardMessage } from './messages.ts';
import { SharedDraws } from './mprng.ts';
import { btardNodes, type BtardRole } from './nodes.ts';
import type { PeerReports, PeerStep } from './peer-core.ts';
import { peerLogic } from './peer.ts';

type Ctx = RunContext<BtardMessage, BtardRole>;

export async function runBtard(input: RunInput): Promise<RunResult> {
  const ctx: Ctx = beginRun(input, btardNodes(input.plan.config));
  const { cfg, kernel, roles } = ctx;
  const settings = btardSettings(cfg);
  const ids = roles.ids('peer');
  const honest = new Set(ids.filter((id) => !roles.isByzantine(id)));
  const deviates = ctx.plan.attack !== undefined || settings.behaviours.length > 0;
  const history = new BtardHistory(
    {
      isByzantine: (id) => !honest.has(id),
      deviates: (id, step) => !honest.has(id) && deviates && attacks(ctx.plan.schedule, roles.of(id).index - honest.size, step),
    },
    ctx.history,
  );
  const truth = new ClipTruth();
  const rows = stepRows(ctx, history, honest, () => peers.map((p) => p.getSnapshot().context), truth, settings.clip.tau);
  const finished = new Set<string>();
  const reports: PeerReports = {
    step: rows.step,
    decision: (d) => {
      if (!honest.has(d.peer)) return;
      history.decision(d);
      // honest peers banned (a violation) never finish: stop when every honest peer is done or out
      if ([...honest].every((id) => finished.has(id) || history.banned.has(id))) kernel.stop();
    },
    accusation: (a) => history.accusation(kernel.now, a.step, a.accuser, a.target, a.via),
    published: (p) => history.published(kernel.now, p.step, p.round, p.by, p.part, p.used, p.tampered),
    cost: (peer, ms) => {
      if (honest.has(peer)) rows.validationMs += ms;
    },
    done: () => undefined,
  };
  const peers = spawnPeers(ctx, settings, reports, finished, honest, truth);
  const init = initParams(input.model, stream(cfg.seed, 'model/init'));
  for (const p of peers) p.send({ type: 'start', params: init, members: ids });
  return endRun(ctx, () => ({
    steps: rows.done,
    finalParams: peers[0].getSnapshot().context.params,
    workerSteps: (i) => peers[i].getSnapshot().context.step,
  }));
}

function spawnPeers(ctx: Ctx, settings: BtardSettings, reports: PeerReports, finished: Set<string>, honest: ReadonlySet<string>, truth: ClipTruth) {
  const { cfg, kernel, network, roles, work } = ctx;
  const ids = roles.ids('peer');
  const byzantine = new Set(ids.filter((id) => !honest.has(id)));
  const draws = new SharedDraws(cfg.seed, settings.validators, settings.probability);
  const models = new Models();
  const cost = aggregateMs(cfg, ctx.d);
  const expectedComputeMs = workerFaults({ ...cfg, workers: { ...cfg.workers, faults: [] } }, roles.at('peer', 0), ctx.d).computeMs(0);
  // with a deadline the links are synchronous (check.ts): every honest broadcast of a phase is in 2Δ after a member entered it
  const sync = cfg.network.synchrony;
  const hearMs = settings.timeoutMs !== undefined && sync.mode === 'synchronous' ? 2 * sync.deltaMs : undefined;
  return roles.members('peer').map((peer) => {
    const { id, index: i } = peer;
    const optimizer = serverOptimizer(cfg.server);
    const conduct = byzantine.has(id) ? byzantineConduct(cfg.seed, id, i - honest.size, ctx.plan.schedule, settings, byzantine) : HONEST;
    return spawnNode(
      ctx,
      id,
      peerLogic({
        id,
        kernel,
        send: portsFrom(
          network,
          id,
          ids.filter((p) => p !== id),
        ),
        d: ctx.d,
        steps: cfg.steps,
        settings,
        apply: (step, params, agg) => {
          if (honest.has(id)) truth.apply(step, agg); // ground truth for the judges (clip-truth.ts)
          return optimizer.step(step, params, agg); // every peer applies the same update to the assembled aggregate
        },
        produce: honest.has(id) ? witnessed(work.producer(i), (step, grad) => truth.contributed(step, id, grad)) : work.producer(i),
        recompute: (target, step, params) => work.oracle.honestPayload(roles.of(target).index, step, params).then((p) => p.grad),
        computeMs: workerFaults(cfg, peer, ctx.d).computeMs,
        expectedComputeMs,
        hearMs,
        aggregateMs: cost,
        draw: (step, round, members, digest, len) => draws.draw(step, round, members, digest, len),
        conduct,
        adopt: (params) => models.adopt(params),
        report: { ...reports, done: () => finished.add(id) },
      }),
    );
  });
}

/** The producer, telling `seen` each gradient it produced (the honest members' contributions, for the judges). */
function witnessed(produce: Producer, seen: (step: number, grad: Float32Array) => void): Producer {
  const see = (step: number, p: Payload) => {
    if (p.grad instanceof Float32Array) seen(step, p.grad);
    return p;
  };
  return (step, params) => {
    const out = produce(step, params);
    return out instanceof Promise ? out.then((p) => see(step, p)) : see(step, out);
  };
}

/** One shared object per distinct model (every honest member holds the same): the gradient oracle's memo then serves recomputations. */
class Models {
  private readonly byDigest = new Map<string, Float32Array>();

  adopt(params: Float32Array): Float32Array {
    const key = digestOf(params);
    const hit = this.byDigest.get(key);
    if (hit !== undefined) return hit;
    this.byDigest.set(key, params);
    if (this.byDigest.size > 16) this.byDigest.delete(this.byDigest.keys().next().value as string);
    return params;
  }
}

/** The metrics rows: one per step, once every honest member of it applied it. */
function stepRows(
  ctx: Ctx,
  history: BtardHistory,
  honest: ReadonlySet<string>,
  peerStates: () => { stale: number; faulty: number }[],
  truth: ClipTruth,
  tau: number,
) {
  const { network, work } = ctx;
  const barrier = new StepBarrier<PeerStep>();
  const out = {
    done: 0,
    validationMs: 0,
    step(info: PeerStep) {
      ctx.history.record({ t: info.timeMs, ev: 'step', node: info.peer, step: info.step, used: info.members });
      if (!honest.has(info.peer)) return;
      const list = barrier.arrive(info.step, info, info.members.filter((id) => honest.has(id)).length);
      if (list === undefined) return;
      out.done = info.step + 1;
      work.oracle.forgetBefore(info.step + 1);
      const honestMembers = info.members.filter((id) => honest.has(id));
      truth.record(ctx.history, info.timeMs, info.step, info.members, honestMembers, tau);
      const c = history.countsOf(info.step);
      const losses = info.members.filter((id) => honest.has(id) && info.losses.has(id)).map((id) => info.losses.get(id)!);
      const head = {
        step: info.step,
        timeMs: round(info.timeMs),
        trainLoss: losses.length ? round(losses.reduce((a, b) => a + b, 0) / losses.length) : null,
        used: info.members.length,
        byzantineUsed: info.members.filter((id) => !honest.has(id)).length,
        timedOut: c.silenceBans > 0,
      };
      const extras = {
        banned: history.bannedFor(),
        bannedHonest: history.bannedHonest(),
        bannedGradient: history.bannedFor('wrong-gradient'),
        bannedAggregate: history.bannedFor('wrong-aggregate'),
        bannedAccuser: history.bannedFor('false-accusation'),
        bannedSilent: history.bannedFor('silence'),
        accusations: c.accusations,
        rounds: c.rounds,
        reveals: c.reveals,
        validationMs: round(out.validationMs),
        attackSteps: history.attackSteps,
        wrongApplied: history.wrongApplied,
        drift: round(honestDrift(list.map((x) => x.params))),
      };
      history.forget(info.step);
      ctx.rows.push(metricsRow(head, extras, counters(network.stats, peerStates())), info.params);
    },
  };
  return out;
}

/** Drift between honest peers' models: exactly 0 when they are byte-identical (the mean of equal vectors is not, in floating point). */
function honestDrift(models: readonly Float32Array[]): number {
  const first = digestOf(models[0]);
  return models.every((w) => digestOf(w) === first) ? 0 : drift(models);
}
