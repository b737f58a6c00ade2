/**
 * The parameter-server protocol (one trusted server, n workers of which the last f are
 * Byzantine): broadcast the model → workers compute mini-batch gradients → the server
 * aggregates with the GAR → w ← w − γ·F(G₁…G_q). Builds the kernel, the network of link
 * actors, the worker and server actors from a validated run config, and runs them.
 */
import { initParams } from '../../learn/model.ts';
import { quorumOf } from '../../scenario/validate.ts';
import { startActor } from '../../sim/actor.ts';
import { PRIO } from '../../sim/kernel.ts';
import { round } from '../../sim/metrics.ts';
import { stream } from '../../sim/rng.ts';
import type { GradientMsg, ModelMsg } from '../../actors/messages.ts';
import { serverLogic, type ServerEnv, type StepInfo } from '../../actors/server.ts';
import { workerLogic, type WorkerEnv } from '../../actors/worker.ts';
import type { RunInput, RunResult } from '../types.ts';
import { aggregateMs, beginRun, endRun, sgdStep, stepFigures, workerFaults } from '../setup.ts';

export type { RunInput, RunResult } from '../types.ts';

export async function runPs(input: RunInput): Promise<RunResult> {
  const { cfg, d, kernel, failures, network, work, rows } = beginRun(input);
  const { n, f } = cfg.workers;
  const aggregator = work.aggregator('server/gar');

  const workerIds = Array.from({ length: n }, (_, i) => `w${i}`);
  const workerActors: { getSnapshot(): { context: { computed: number } } }[] = [];
  for (let i = 0; i < n; i++) {
    const faults = workerFaults(cfg, i, d);
    const toServer = network.port(workerIds[i], 'server');
    const env: WorkerEnv = {
      id: workerIds[i], index: i, serverId: 'server', kernel,
      send: (_to: string, msg: GradientMsg) => toServer(msg),
      produce: work.producer(i),
      computeMs: faults.computeMs,
      crashAtStep: faults.crashAtStep,
      omissionRate: faults.omissionRate,
      rng: stream(cfg.seed, `worker/${i}/omission`),
    };
    const actor = startActor(kernel, workerIds[i], workerLogic(env), failures);
    workerActors.push(actor);
    env.self = actor;
    network.attach(workerIds[i], (msg) => actor.send({ type: 'deliver', msg: msg as never }));
    for (const at of faults.crashAtMs) kernel.schedule(at, () => actor.send({ type: 'crash' }), PRIO.control);
  }

  const serverPorts = new Map(workerIds.map((w) => [w, network.port('server', w)]));
  let doneSteps = 0;
  const serverEnv: ServerEnv = {
    id: 'server', workers: workerIds, kernel, d, steps: cfg.steps, policy: cfg.server.policy, quorum: quorumOf(cfg),
    timeoutMs: cfg.server.timeoutMs,
    send: (to: string, msg: ModelMsg) => serverPorts.get(to)!(msg),
    aggregateMs: aggregateMs(cfg, d),
    update: (_step, params, used) => sgdStep(params, aggregator.aggregate(used.map((m) => m.grad as Float32Array)), cfg.server.lr),
    onStep(info: StepInfo) {
      doneSteps = info.step + 1;
      work.oracle.forgetBefore(info.step + 1);
      input.onTrace?.({ t: info.timeMs, ev: 'step', step: info.step, used: info.used.map((m) => m.from) });
      const s = server.getSnapshot().context;
      const net = network.stats;
      rows.push({
        step: info.step, timeMs: round(info.timeMs), ...stepFigures(info.used, n - f, cfg.logVnRatio), timedOut: info.timedOut,
        sent: net.sent, delivered: net.delivered, dropped: net.dropped, duplicated: net.duplicated, stale: s.stale, faulty: s.faulty,
      }, info.params);
    },
    onDone: () => kernel.stop(),
  };
  const server = startActor(kernel, 'server', serverLogic(serverEnv), failures);
  serverEnv.self = server;
  network.attach('server', (msg) => server.send({ type: 'deliver', msg: msg as never }));

  server.send({ type: 'start', params: initParams(input.model, stream(cfg.seed, 'model/init')) });
  return endRun({ cfg, kernel, failures, work, rows }, () => ({
    steps: doneSteps, finalParams: server.getSnapshot().context.params, workerSteps: (i) => workerActors[i].getSnapshot().context.computed,
  }));
}
