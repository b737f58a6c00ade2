/**
 * The parameter-server protocol (one trusted server, n workers of which the last f are
 * Byzantine): broadcast the model → workers compute mini-batch gradients → the server
 * aggregates with the GAR → w ← w − γ·F(G₁…G_q). Builds the kernel, the network of link
 * actors, the worker and server actors from a validated run config, and runs them.
 */
import type { GradientEngine } from '../../learn/engine.ts';
import type { Dataset } from '../../learn/data/types.ts';
import { dimension, initParams, type ModelDef } from '../../learn/model.ts';
import type { LinkConfig, TraceRecord } from '../../net/link.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import { quorumOf } from '../../scenario/validate.ts';
import { startActor } from '../../sim/actor.ts';
import { Kernel, PRIO } from '../../sim/kernel.ts';
import { round, type MetricsRow } from '../../sim/metrics.ts';
import { stream } from '../../sim/rng.ts';
import type { GradientMsg, ModelMsg } from '../../actors/messages.ts';
import { serverLogic, type ServerEnv, type StepInfo } from '../../actors/server.ts';
import { workerLogic, type WorkerEnv } from '../../actors/worker.ts';
import { aggregateMs, buildNetwork, buildWorkload, privacySpentBy, RowEmitter, sgdStep, stepFigures, workerFaults } from '../setup.ts';

export interface RunInput {
  readonly config: RunConfig;
  readonly model: ModelDef;
  readonly train: Dataset;
  readonly test: Dataset;
  readonly engine: GradientEngine;
  /** Rows in step order, as soon as each is complete (evaluations are awaited in order). */
  readonly onRow?: (row: MetricsRow) => void;
  readonly onTrace?: (rec: TraceRecord | StepTrace) => void;
  /** The links' adversarial scheduler hook (protocol fuzzing). */
  readonly scheduler?: LinkConfig['scheduler'];
}

export interface StepTrace {
  readonly t: number;
  readonly ev: 'step';
  readonly step: number;
  readonly used: readonly string[];
  /** The replica that completed the step (replicated protocols). */
  readonly replica?: string;
}

export interface RunResult {
  readonly rows: MetricsRow[];
  /** Steps completed (less than config.steps when the run stalled: no event left). */
  readonly steps: number;
  readonly stalled: boolean;
  readonly timeMs: number;
  readonly events: number;
  readonly finalParams: Float32Array;
  /** Under DP-SGD: the (ε, δ) each honest worker spent, worst case over workers (RDP accountant). */
  readonly privacy?: { readonly epsilon: number; readonly delta: number; readonly order: number };
}

export async function runPs(input: RunInput): Promise<RunResult> {
  const { config: cfg, model, train, test, engine } = input;
  const { n, f } = cfg.workers;
  const d = dimension(model);
  const kernel = new Kernel();
  const failures: Error[] = [];
  const network = buildNetwork(cfg, kernel, failures, input.onTrace, input.scheduler);
  const work = buildWorkload(cfg, engine, train);
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
  const rows = new RowEmitter(cfg, engine, test, input.onRow);
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

  server.send({ type: 'start', params: initParams(model, stream(cfg.seed, 'model/init')) });
  await kernel.run({ maxEvents: 1e9 });
  await rows.done();
  if (failures.length > 0) throw failures[0];
  return {
    rows: rows.rows, steps: doneSteps, stalled: doneSteps < cfg.steps, timeMs: kernel.now, events: kernel.fired,
    finalParams: server.getSnapshot().context.params,
    privacy: privacySpentBy(cfg, work.shards, (i) => workerActors[i].getSnapshot().context.computed),
  };
}
