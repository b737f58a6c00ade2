/**
 * The parameter-server protocol (one trusted server, n workers of which the last f are
 * Byzantine): broadcast the model → workers compute mini-batch gradients → the server
 * aggregates with the GAR → w ← w − γ·F(G₁…G_q). Builds the worker and server actors on the
 * runtime from the resolved plan, and runs them.
 */
import { initParams } from '../../learn/model.ts';
import { round, metricsRow } from '../../sim/metrics.ts';
import { stream } from '../../sim/rng.ts';
import { aggregateMs } from '../runtime/costs.ts';
import { serverOptimizer } from '../runtime/optimizer.ts';
import { scheduleCrashes } from '../runtime/crash.ts';
import { workerFaults } from '../runtime/faults.ts';
import { portsByIndex, portsInto, spawnNode } from '../runtime/node.ts';
import { counters, stepFigures } from '../runtime/rows.ts';
import { beginRun, endRun } from '../runtime/run.ts';
import type { RunInput, RunResult } from '../types.ts';
import type { PsMessage } from './messages.ts';
import { psNodes, SERVER } from './nodes.ts';
import { quorumMakeup } from './metrics.ts';
import { psQuorum } from './quorum.ts';
import { serverLogic, type StepInfo } from './server.ts';
import { Workers } from './worker.ts';

export async function runPs(input: RunInput): Promise<RunResult> {
  const ctx = beginRun<PsMessage, 'server' | 'worker'>(input, psNodes(input.plan.config));
  const { cfg, d, kernel, network, roles, work, rows } = ctx;
  const aggregator = work.aggregator('server/gar');
  const optimizer = serverOptimizer(cfg.server);
  const workerIds = roles.ids('worker');
  const honestWorkers = roles.members('worker').filter((w) => !w.byzantine).length;

  const members = roles.members('worker');
  const faults = members.map((w) => workerFaults(cfg, w, d));
  const producers = members.map((w) => work.producer(w.index));
  const omission: (() => number)[] = [];
  const workers = new Workers({
    ids: workerIds,
    serverId: SERVER,
    kernel,
    history: ctx.history,
    send: portsInto(network, workerIds, SERVER),
    produce: (i, step, params) => producers[i](step, params),
    computeMs: (i, now) => faults[i].computeMs(now),
    crashAtStep: (i) => faults[i].crashAtStep,
    omissionRate: (i) => faults[i].omissionRate,
    rng: (i) => (omission[i] ??= stream(cfg.seed, `worker/${i}/omission`)),
  });
  for (const { id, index: i } of members) scheduleCrashes(ctx, id, spawnNode(ctx, id, workers.logic, i), faults[i].crashAtMs);

  let doneSteps = 0;
  const onStep = (info: StepInfo) => {
    doneSteps = info.step + 1;
    work.oracle.forgetBefore(info.step + 1);
    const { figures, vn } = stepFigures(info.used, (id) => roles.isByzantine(id), info.at);
    const head = { step: info.step, timeMs: round(info.timeMs), ...figures, timedOut: info.timedOut };
    const extras = cfg.network.adversary === undefined ? {} : quorumMakeup(head.used, head.byzantineUsed, honestWorkers);
    rows.push(metricsRow(head, extras, counters(network.stats, [server.getSnapshot().context])), info.params, vn);
  };
  const server = spawnNode(
    ctx,
    SERVER,
    serverLogic({
      id: SERVER,
      workers: workerIds,
      kernel,
      history: ctx.history,
      d,
      steps: cfg.steps,
      policy: cfg.server.policy,
      quorum: psQuorum(cfg),
      timeoutMs: cfg.server.timeoutMs,
      send: portsByIndex(network, SERVER, workerIds),
      aggregateMs: aggregateMs(cfg, d),
      update: (step, params, used) => optimizer.step(step, params, aggregator.aggregate(used.map((m) => m.grad as Float32Array))),
      onStep,
      onDone: () => kernel.stop(),
    }),
  );

  server.send({ type: 'start', params: initParams(input.model, stream(cfg.seed, 'model/init')) });
  return endRun(ctx, () => ({
    steps: doneSteps,
    finalParams: server.getSnapshot().context.params,
    workerSteps: (i) => workers.computed[i],
  }));
}
