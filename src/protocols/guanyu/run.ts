/**
 * GuanYu (El Mhamdi, Guerraoui, Guirguis, Rouault 2019; seed 002): n_ps server replicas of which
 * the last f_ps are Byzantine, n workers of which the last f are Byzantine, an asynchronous
 * network, quorums everywhere. Step t: every replica sends its model to the workers; a worker
 * takes the coordinate-wise median of the first q_ps models, computes its gradient there and
 * sends it to every replica; a replica aggregates the first q_wr gradients with the GAR F and
 * updates (w̄); replicas exchange w̄ and each takes the median of the first q_ps → w_{t+1}.
 * Requirements: n_ps ≥ 3f_ps+3, n ≥ 3f+3, 2f_ps+3 ≤ q_ps ≤ n_ps−f_ps, 2f+3 ≤ q_wr ≤ n−f.
 *
 * Metrics: a row per step once every correct replica finished it; accuracy of replica s0's
 * model, `drift` = max over correct replicas of ‖w_i − w̄‖ (w̄ their mean). Omniscient Byzantine
 * workers are handed the honest gradients evaluated at their own median model (each worker holds
 * its own in GuanYu).
 */
import { ATTACKS } from '../../attacks/index.ts';
import type { Params } from '../../gars/index.ts';
import { coordinateMedian } from '../../gars/median.ts';
import { initParams } from '../../learn/model.ts';
import { namedSpec } from '../../scenario/validate.ts';
import { startActor } from '../../sim/actor.ts';
import { PRIO } from '../../sim/kernel.ts';
import { round } from '../../sim/metrics.ts';
import { stream } from '../../sim/rng.ts';
import { guanyuWorkerLogic, type GuanyuWorkerEnv } from '../../actors/guanyu-worker.ts';
import { replicaLogic, type ReplicaEnv, type ReplicaStep } from '../../actors/replica.ts';
import type { RunInput, RunResult } from '../types.ts';
import { aggregateMs, beginRun, drift, endRun, sgdStep, stepFigures, workerFaults } from '../setup.ts';

export async function runGuanyu(input: RunInput): Promise<RunResult> {
  const { cfg, d, kernel, failures, network, work, rows } = beginRun(input);
  const { n, f } = cfg.workers;
  const servers = cfg.servers!;
  const nPs = servers.n;
  const correct = nPs - servers.f;
  const qPs = servers.quorum ?? nPs - servers.f;
  const qWr = cfg.server.quorum ?? n - f;
  const workerIds = Array.from({ length: n }, (_, i) => `w${i}`);
  const replicaIds = Array.from({ length: nPs }, (_, r) => `s${r}`);
  const merge = (models: readonly Float32Array[]) => coordinateMedian(models);

  const workerActors: { getSnapshot(): { context: { step: number; phase: string; counters: { stale: number; faulty: number } } } }[] = [];
  for (let i = 0; i < n; i++) {
    const faults = workerFaults(cfg, i, d);
    const ports = new Map(replicaIds.map((r) => [r, network.port(workerIds[i], r)]));
    const env: GuanyuWorkerEnv = {
      id: workerIds[i], index: i, kernel, replicas: replicaIds, send: (to, msg) => ports.get(to)!(msg), d, steps: cfg.steps,
      modelQuorum: qPs, merge, produce: work.producer(i), computeMs: faults.computeMs, crashAtStep: faults.crashAtStep,
      omissionRate: faults.omissionRate, rng: stream(cfg.seed, `worker/${i}/omission`),
    };
    const actor = startActor(kernel, workerIds[i], guanyuWorkerLogic(env), failures);
    env.self = actor;
    workerActors.push(actor);
    network.attach(workerIds[i], (msg) => actor.send({ type: 'deliver', msg: msg as never }));
    for (const at of faults.crashAtMs) kernel.schedule(at, () => actor.send({ type: 'crash' }), PRIO.control);
  }

  const finished = new Map<number, ReplicaStep[]>();
  let doneSteps = 0;
  let doneReplicas = 0;
  const replicaActors: { getSnapshot(): { context: { params: Float32Array; counters: { stale: number; faulty: number } } } }[] = [];
  const attackSpec = servers.attack === undefined ? undefined : namedSpec(servers.attack);
  const onStep = (info: ReplicaStep) => {
    input.onTrace?.({ t: info.timeMs, ev: 'step', step: info.step, used: info.used.map((m) => m.from), replica: info.replica });
    const list = finished.get(info.step) ?? [];
    list.push(info);
    finished.set(info.step, list);
    if (list.length < correct) return;
    finished.delete(info.step);
    doneSteps = info.step + 1;
    // Forget gradients no live worker can still ask for (crashed workers do not hold memory back).
    const live = workerActors.map((w) => w.getSnapshot().context).filter((c) => c.phase !== 'crashed');
    work.oracle.forgetBefore(Math.min(info.step, ...live.map((c) => c.step)));
    const first = list.find((x) => x.replica === 's0') ?? list[0];
    const counters = [...replicaActors, ...workerActors].map((a) => a.getSnapshot().context.counters);
    const net = network.stats;
    rows.push({
      step: info.step, timeMs: round(info.timeMs), ...stepFigures(first.used, n - f, cfg.logVnRatio), timedOut: false,
      drift: round(drift(list.map((x) => x.params))),
      sent: net.sent, delivered: net.delivered, dropped: net.dropped, duplicated: net.duplicated,
      stale: counters.reduce((a, c) => a + c.stale, 0), faulty: counters.reduce((a, c) => a + c.faulty, 0),
    }, first.params);
  };
  const init = initParams(input.model, stream(cfg.seed, 'model/init'));
  for (let r = 0; r < nPs; r++) {
    const id = replicaIds[r];
    const aggregator = work.aggregator(`replica/${r}/gar`);
    const byzantine = r >= correct && attackSpec !== undefined;
    const attack = byzantine ? ATTACKS.get(attackSpec.name)! : undefined;
    const state = new Map<string, unknown>();
    const toWorker = new Map(workerIds.map((w) => [w, network.port(id, w)]));
    const toPeer = new Map(replicaIds.filter((p) => p !== id).map((p) => [p, network.port(id, p)]));
    const env: ReplicaEnv = {
      id, kernel, workers: workerIds, peers: [...toPeer.keys()],
      toWorker: (to, msg) => toWorker.get(to)!(msg), toPeer: (to, msg) => toPeer.get(to)!(msg),
      d, steps: cfg.steps, gradientQuorum: qWr, modelQuorum: qPs, aggregateMs: aggregateMs(cfg, d),
      update: (_step, params, used) => sgdStep(params, aggregator.aggregate(used.map((m) => m.grad as Float32Array)), cfg.server.lr),
      merge,
      craft: attack && ((step, model) => attack.craft!({
        step, n: nPs, f: servers.f, own: model, honest: [], rng: stream(cfg.seed, `replica/${r}/attack/${step}`),
        sharedRng: stream(cfg.seed, 'replica/byz/shared'), params: (attackSpec!.params ?? {}) as Params, state,
      })),
      onStep: r < correct ? onStep : () => undefined,
      onDone: () => {
        if (r < correct && ++doneReplicas === correct) kernel.stop();
      },
    };
    const actor = startActor(kernel, id, replicaLogic(env), failures);
    env.self = actor;
    replicaActors.push(actor);
    network.attach(id, (msg) => actor.send({ type: 'deliver', msg: msg as never }));
  }
  for (const a of replicaActors) (a as unknown as { send(e: { type: 'start'; params: Float32Array }): void }).send({ type: 'start', params: init });
  return endRun({ cfg, kernel, failures, work, rows }, () => ({
    steps: doneSteps, finalParams: replicaActors[0].getSnapshot().context.params, workerSteps: (i) => workerActors[i].getSnapshot().context.step,
  }));
}
