/**
 * LiuBei (El Mhamdi, Guerraoui, Guirguis, Rouault 2019, "Fast Machine Learning with Byzantine
 * Workers and Servers"; seed 002 Algorithms 1–2): n_ps server replicas of which the last f_ps are
 * Byzantine, n workers of which the last f are Byzantine, synchronous links. Scatter: a worker pulls
 * one replica's model per step ((r + t + i) mod n_ps, at most f_ps + 1 pulls), keeps it iff it
 * passes the Lipschitz and model filters, and sends its gradient there to every replica; replicas
 * aggregate all n gradients with the GAR. Gather, every T steps: replicas and workers take MeaMed
 * of every replica's model. Requirements: n_ps ≥ 3f_ps + 1, n ≥ 2f + 1, the GAR's bound, synchrony.
 *
 * Rows: one per step once every correct replica finished it; accuracy of replica s0's model; the
 * correct workers' pulls, models rejected, correct models rejected (false rejections), Byzantine
 * models accepted, pull timeouts, fallbacks to the worker's own estimate (tallied against the node
 * table: metrics only), and the drift between correct replicas. The VN sample is the honest
 * gradients replica s0 aggregated, at s0's model of the step (the model the replicas served).
 */
import { mean } from '../../gars/average.ts';
import { meanAroundCenter } from '../../gars/meamed.ts';
import { initParams } from '../../learn/model.ts';
import { serverQuorum } from '../../scenario/resolve.ts';
import { metricsRow, round } from '../../sim/metrics.ts';
import { stream } from '../../sim/rng.ts';
import { aggregateMs, mergeMs } from '../runtime/costs.ts';
import { scheduleCrashes } from '../runtime/crash.ts';
import { drift } from '../runtime/drift.ts';
import { workerFaults } from '../runtime/faults.ts';
import { portsFrom, spawnNode } from '../runtime/node.ts';
import { learningRate, serverOptimizer } from '../runtime/optimizer.ts';
import type { NodeSpec } from '../runtime/roles.ts';
import { counters, stepFigures } from '../runtime/rows.ts';
import { beginRun, endRun, type RunContext } from '../runtime/run.ts';
import { StepBarrier } from '../runtime/step-barrier.ts';
import type { RunInput, RunResult } from '../types.ts';
import { delaysOf, replicaBehaviours, senderDelays, type ServerBehaviour } from '../workload/server-attacks/index.ts';
import { liubeiSettings, roundMs, type LiubeiSettings } from './config.ts';
import { LipschitzFilter } from './lipschitz-filter.ts';
import type { LiubeiMessage } from './messages.ts';
import { liubeiNodes, type LiubeiRole } from './nodes.ts';
import { replicaLogic, type ReplicaEnv, type ReplicaStep } from './replica.ts';
import { StepTallies } from './tallies.ts';
import { liubeiWorkerLogic } from './worker.ts';

type Ctx = RunContext<LiubeiMessage, LiubeiRole>;

/** The run's schedule: S_t = t·R and the deadlines derived from it (config.ts). */
interface Schedule {
  readonly settings: LiubeiSettings;
  readonly deltaMs: number;
  readonly roundStart: (step: number) => number;
  readonly gradientDeadline: (step: number) => number;
  readonly gatherDeadline: (step: number) => number;
  readonly merge: (models: readonly Float32Array[]) => Float32Array;
}

function scheduleOf(ctx: Ctx): Schedule {
  const { cfg, d } = ctx;
  const settings = liubeiSettings(cfg);
  const deltaMs = settings.deltaMs!; // check.ts: synchronous links, or liubei.deltaMs under --unsafe
  const g = cfg.compute.gradient;
  const faults = settings.faults;
  const nPs = cfg.servers!.n;
  const costs = {
    deltaMs,
    gradientMs: g.fixedMs + g.perExampleMs * cfg.workers.batch + g.perParamNs * d * 1e-6,
    aggregateMs: aggregateMs(cfg, d)(cfg.workers.n),
    mergeMs: mergeMs(cfg, d)(nPs),
  };
  const R = roundMs(faults, costs);
  const merge =
    settings.gather === 'average'
      ? (m: readonly Float32Array[]) => mean(m)
      : (m: readonly Float32Array[]) => meanAroundCenter(m, Math.min(faults, Math.floor((m.length - 1) / 2)), 'median');
  return {
    settings,
    deltaMs,
    merge,
    roundStart: (t) => t * R,
    gradientDeadline: (t) => (t + 1) * R - deltaMs - costs.aggregateMs - costs.mergeMs,
    gatherDeadline: (t) => t * R - costs.mergeMs,
  };
}

export async function runLiubei(input: RunInput): Promise<RunResult> {
  const nodes = liubeiNodes(input.plan.config);
  const byzantine = replicaBehaviours(
    input.plan.config,
    nodes.filter((x) => x.role === 'replica'),
  );
  const ctx: Ctx = beginRun({ ...input, scheduler: senderDelays(input.scheduler, delaysOf(byzantine)) }, nodes);
  const { cfg, kernel, network, roles, work, rows } = ctx;
  const sched = scheduleOf(ctx);
  const tallies = new StepTallies((id) => roles.isByzantine(id));
  const workers = spawnWorkers(ctx, sched, tallies);
  const correct = roles.members('replica').filter((r) => !r.byzantine).length;
  const barrier = new StepBarrier<ReplicaStep>();
  // A row per step once every correct replica that had not crashed before finishing it has finished it.
  const crashedAt = new Map<string, number>();
  const needed = (step: number) => correct - [...crashedAt.values()].filter((at) => at <= step).length;
  let doneSteps = 0;
  let doneReplicas = 0;
  const onStep = (info: ReplicaStep) => {
    ctx.history.record({ t: info.timeMs, ev: 'step', node: info.replica, step: info.step, used: info.used.map((m) => m.from) });
    const list = barrier.arrive(info.step, info, needed(info.step));
    if (list !== undefined) emit(list);
  };
  const emit = (list: ReplicaStep[]) => {
    const info = list[list.length - 1]; // the report that completed the step: the row is at its time
    doneSteps = info.step + 1;
    const live = workers.map((w) => w.getSnapshot().context).filter((c) => c.phase !== 'crashed');
    work.oracle.forgetBefore(Math.min(info.step, ...live.map((c) => c.step)));
    const gathered = list.map((x) => x.beforeGather).filter((x) => x !== undefined);
    if (gathered.length === list.length)
      ctx.history.record({
        t: info.timeMs,
        ev: 'gather',
        step: info.step + 1,
        rule: sched.settings.gather,
        correct: list.length,
        before: drift(gathered),
        after: drift(list.map((x) => x.params)),
      });
    const first = list.find((x) => x.replica === roles.at('replica', 0).id) ?? list[0];
    const nodeCounters = [...replicas, ...workers].map((a) => a.getSnapshot().context.counters);
    const { figures, vn } = stepFigures(first.used, (id) => roles.isByzantine(id), first.at);
    const head = { step: info.step, timeMs: round(info.timeMs), ...figures, timedOut: false };
    rows.push(
      metricsRow(head, { ...tallies.take(info.step), drift: round(drift(list.map((x) => x.params))) }, counters(network.stats, nodeCounters)),
      first.params,
      vn,
    );
  };
  const onDone = () => {
    if (++doneReplicas >= needed(cfg.steps)) kernel.stop();
  };
  const onCrash = (id: string) => (step: number) => {
    crashedAt.set(id, step);
    for (const list of barrier.releaseReady(needed)) emit(list);
    if (doneReplicas >= needed(cfg.steps) && doneReplicas > 0) kernel.stop();
  };
  const none = { onStep: () => undefined, onDone: () => undefined, onCrash: () => undefined };
  const replicas = roles
    .members('replica')
    .map((r) => spawnReplica(ctx, sched, r, byzantine.get(r.id), r.byzantine ? none : { onStep, onDone, onCrash: onCrash(r.id) }));
  for (const c of cfg.servers?.crashes ?? []) scheduleCrashes(ctx, c.node, replicas[roles.of(c.node).index], [c.atMs]);
  const init = initParams(input.model, stream(cfg.seed, 'model/init'));
  for (const r of replicas) r.send({ type: 'start', params: init });
  for (const w of workers) w.send({ type: 'start', params: init });
  return endRun(ctx, () => ({
    steps: doneSteps,
    finalParams: replicas[0].getSnapshot().context.params,
    workerSteps: (i) => workers[i].getSnapshot().context.step,
  }));
}

function spawnWorkers(ctx: Ctx, sched: Schedule, tallies: StepTallies) {
  const { cfg, d, kernel, network, roles, work } = ctx;
  const replicaIds = roles.ids('replica');
  const s = sched.settings;
  return roles.members('worker').map((w) => {
    const { id, index: i } = w;
    const faults = workerFaults(cfg, w, d);
    const actor = spawnNode(
      ctx,
      id,
      liubeiWorkerLogic({
        id,
        index: i,
        kernel,
        history: ctx.history,
        replicas: replicaIds,
        send: portsFrom(network, id, replicaIds),
        d,
        steps: cfg.steps,
        T: s.T,
        fPs: s.faults,
        start: Math.floor(stream(cfg.seed, `worker/${i}/liubei/start`)() * replicaIds.length),
        deltaMs: sched.deltaMs,
        roundStart: sched.roundStart,
        gatherDeadline: sched.gatherDeadline,
        mergeMs: mergeMs(cfg, d),
        merge: sched.merge,
        filters: s.filters,
        lipschitz: new LipschitzFilter(s.quantile, s.window),
        modelFilter: s.modelFilter,
        lr: (step) => learningRate(cfg.server.lr, cfg.server.lrSchedule, step),
        gradient: (step, params) => work.oracle.gradient(i, step, params),
        produce: work.producer(i),
        computeMs: faults.computeMs,
        crashAtStep: faults.crashAtStep,
        omissionRate: faults.omissionRate,
        rng: stream(cfg.seed, `worker/${i}/omission`),
        tally: w.byzantine ? () => {} : (x) => tallies.add(x),
      }),
    );
    scheduleCrashes(ctx, id, actor, faults.crashAtMs);
    return actor;
  });
}

/** Replica `r`; a Byzantine one (the last f_ps) sends its models through its `servers.attack` behaviour. */
function spawnReplica(
  ctx: Ctx,
  sched: Schedule,
  r: NodeSpec<LiubeiRole>,
  byzantine: ServerBehaviour | undefined,
  hooks: Pick<ReplicaEnv, 'onStep' | 'onDone' | 'onCrash'>,
) {
  const { cfg, d, kernel, network, roles, work } = ctx;
  const aggregator = work.aggregator(`replica/${r.index}/gar`);
  const optimizer = serverOptimizer(cfg.server);
  const workerIds = roles.ids('worker');
  const peers = roles.ids('replica').filter((p) => p !== r.id);
  return spawnNode(
    ctx,
    r.id,
    replicaLogic({
      id: r.id,
      kernel,
      history: ctx.history,
      workers: workerIds,
      peers,
      send: portsFrom(network, r.id, [...peers, ...workerIds]),
      d,
      steps: cfg.steps,
      T: sched.settings.T,
      gradientQuorum: serverQuorum(cfg),
      nPs: cfg.servers!.n,
      fPs: sched.settings.faults,
      gradientDeadline: sched.gradientDeadline,
      gatherDeadline: sched.gatherDeadline,
      aggregateMs: aggregateMs(cfg, d),
      mergeMs: mergeMs(cfg, d),
      update: (step, params, used) => optimizer.step(step, params, aggregator.aggregate(used.map((m) => m.grad as Float32Array))),
      merge: sched.merge,
      byzantine,
      ...hooks,
    }),
  );
}
