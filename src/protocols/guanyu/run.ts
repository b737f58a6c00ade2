/**
 * GuanYu (El Mhamdi, Guerraoui, Guirguis, Rouault 2019; seed 002): n_ps server replicas of which
 * the last f_ps are Byzantine, n workers of which the last f are Byzantine, an asynchronous
 * network, quorums everywhere. Step t: every replica sends its model to the workers; a worker
 * takes the coordinate-wise median of the first q_ps models, computes its gradient there and
 * sends it to every replica; a replica aggregates the first q_wr gradients with the GAR F and
 * updates (w̄); replicas exchange w̄ and each takes the median of the first q_ps → w_{t+1}.
 * Requirements: n_ps ≥ 3f_ps+3, n ≥ 3f+3, 2f_ps+3 ≤ q_ps ≤ n_ps−f_ps, 2f+3 ≤ q_wr ≤ n−f.
 *
 * History: besides the nodes' records, a `spread` record per step once every correct replica
 * finished it (the correct replicas' updates' spread and their merged models').
 * Metrics: a row per step once every correct replica finished it; accuracy of replica s0's
 * model, `drift` = max over correct replicas of ‖w_i − w̄‖ (w̄ their mean). Omniscient Byzantine
 * workers are handed the honest gradients evaluated at their own median model (each worker holds
 * its own in GuanYu).
 */
import { coordinateMedian } from '../../gars/median.ts';
import { initParams } from '../../learn/model.ts';
import { serverQuorum } from '../../scenario/resolve.ts';
import { metricsRow, round } from '../../sim/metrics.ts';
import { stream } from '../../sim/rng.ts';
import { aggregateMs, mergeMs } from '../runtime/costs.ts';
import { serverOptimizer } from '../runtime/optimizer.ts';
import { scheduleCrashes } from '../runtime/crash.ts';
import { drift } from '../runtime/drift.ts';
import { spread } from '../runtime/spread.ts';
import { workerFaults } from '../runtime/faults.ts';
import { portsFrom, spawnNode } from '../runtime/node.ts';
import type { NodeSpec } from '../runtime/roles.ts';
import { counters, stepFigures } from '../runtime/rows.ts';
import { beginRun, endRun, type RunContext } from '../runtime/run.ts';
import { StepBarrier } from '../runtime/step-barrier.ts';
import type { RunInput, RunResult } from '../types.ts';
import { delaysOf, replicaBehaviours, senderDelays, type ServerBehaviour } from '../workload/server-attacks/index.ts';
import type { GuanyuMessage } from './messages.ts';
import { guanyuNodes, replicaQuorum, type GuanyuRole } from './nodes.ts';
import { replicaLogic, type ReplicaEnv, type ReplicaStep } from './replica.ts';
import { guanyuWorkerLogic } from './worker.ts';

type Ctx = RunContext<GuanyuMessage, GuanyuRole>;
const merge = (models: readonly Float32Array[]) => coordinateMedian(models);

export async function runGuanyu(input: RunInput): Promise<RunResult> {
  const nodes = guanyuNodes(input.plan.config);
  const byzantine = replicaBehaviours(
    input.plan.config,
    nodes.filter((x) => x.role === 'replica'),
  );
  const ctx: Ctx = beginRun({ ...input, scheduler: senderDelays(input.scheduler, delaysOf(byzantine)) }, nodes);
  const { cfg, kernel, network, roles, work, rows } = ctx;
  const workers = spawnWorkers(ctx);
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
    if (ctx.history.on) {
      const [before, after] = [spread(list.map((x) => x.update)), spread(list.map((x) => x.params))];
      ctx.history.record({ t: info.timeMs, ev: 'spread', step: info.step, nodes: list.map((x) => x.replica), before, after });
    }
    // Forget gradients no live worker can still ask for (crashed workers do not hold memory back).
    const live = workers.map((w) => w.getSnapshot().context).filter((c) => c.phase !== 'crashed');
    work.oracle.forgetBefore(Math.min(info.step, ...live.map((c) => c.step)));
    const first = list.find((x) => x.replica === roles.at('replica', 0).id) ?? list[0];
    const nodes = [...replicas, ...workers].map((a) => a.getSnapshot().context.counters);
    // VN sample: the honest gradients replica s0 aggregated, against the reference at its w_t (each worker computed at its own median model, close to it)
    const { figures, vn } = stepFigures(first.used, (id) => roles.isByzantine(id), first.at);
    const head = { step: info.step, timeMs: round(info.timeMs), ...figures, timedOut: false };
    rows.push(metricsRow(head, { drift: round(drift(list.map((x) => x.params))) }, counters(network.stats, nodes)), first.params, vn);
  };
  const onDone = () => {
    if (++doneReplicas >= needed(cfg.steps)) kernel.stop();
  };
  const onCrash = (id: string) => (step: number) => {
    crashedAt.set(id, step);
    for (const list of barrier.releaseReady(needed)) emit(list);
    if (doneReplicas >= needed(cfg.steps) && doneReplicas > 0) kernel.stop();
  };
  const hooks = (r: NodeSpec<GuanyuRole>) =>
    r.byzantine ? { onStep: () => undefined, onDone: () => undefined, onCrash: () => undefined } : { onStep, onDone, onCrash: onCrash(r.id) };
  const replicas = roles.members('replica').map((r) => spawnReplica(ctx, r, byzantine.get(r.id), hooks(r)));
  for (const c of cfg.servers?.crashes ?? []) scheduleCrashes(ctx, c.node, replicas[roles.of(c.node).index], [c.atMs]);
  const init = initParams(input.model, stream(cfg.seed, 'model/init'));
  for (const r of replicas) r.send({ type: 'start', params: init });
  return endRun(ctx, () => ({
    steps: doneSteps,
    finalParams: replicas[0].getSnapshot().context.params,
    workerSteps: (i) => workers[i].getSnapshot().context.step,
  }));
}

function spawnWorkers(ctx: Ctx) {
  const { cfg, d, kernel, network, roles, work } = ctx;
  const replicaIds = roles.ids('replica');
  return roles.members('worker').map((w) => {
    const { id, index: i } = w;
    const faults = workerFaults(cfg, w, d);
    const actor = spawnNode(
      ctx,
      id,
      guanyuWorkerLogic({
        id,
        index: i,
        kernel,
        history: ctx.history,
        replicas: replicaIds,
        send: portsFrom(network, id, replicaIds),
        d,
        steps: cfg.steps,
        modelQuorum: replicaQuorum(cfg),
        merge,
        produce: work.producer(i),
        computeMs: faults.computeMs,
        crashAtStep: faults.crashAtStep,
        omissionRate: faults.omissionRate,
        rng: stream(cfg.seed, `worker/${i}/omission`),
      }),
    );
    scheduleCrashes(ctx, id, actor, faults.crashAtMs);
    return actor;
  });
}

/** Replica `r`; a Byzantine one (the last f_ps) sends its models through its `servers.attack` behaviour. */
function spawnReplica(ctx: Ctx, r: NodeSpec<GuanyuRole>, byzantine: ServerBehaviour | undefined, hooks: Pick<ReplicaEnv, 'onStep' | 'onDone' | 'onCrash'>) {
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
      toWorker: portsFrom(network, r.id, workerIds),
      toPeer: portsFrom(network, r.id, peers),
      d,
      steps: cfg.steps,
      gradientQuorum: serverQuorum(cfg),
      modelQuorum: replicaQuorum(cfg),
      aggregateMs: aggregateMs(cfg, d),
      mergeMs: mergeMs(cfg, d),
      update: (step, params, used) => optimizer.step(step, params, aggregator.aggregate(used.map((m) => m.grad as Float32Array))),
      merge,
      byzantine,
      ...hooks,
    }),
  );
}
