/**
 * The parameter-server protocol (one trusted server, n workers of which the last f are
 * Byzantine): broadcast the model → workers compute mini-batch gradients → the server
 * aggregates with the GAR → w ← w − γ·F(G₁…G_q). Builds the kernel, the network of link
 * actors, the worker and server actors from a validated run config, and runs them.
 */
import { stragglerActive } from '../../attacks/faults.ts';
import { ATTACKS } from '../../attacks/index.ts';
import { createAggregator } from '../../gars/index.ts';
import type { GradientEngine } from '../../learn/engine.ts';
import { partition } from '../../learn/data/partition.ts';
import type { Dataset } from '../../learn/data/types.ts';
import { dimension, initParams, type ModelDef } from '../../learn/model.ts';
import { DELAYS } from '../../net/delay/index.ts';
import type { TraceRecord } from '../../net/link.ts';
import { Network, type LinkOverride } from '../../net/network.ts';
import { partitionPredicate } from '../../net/partition.ts';
import { PRIVACY } from '../../privacy/index.ts';
import { vnRatio } from '../../privacy/vn-ratio.ts';
import { privacySpent } from '../../privacy/rdp.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import { garSteps, namedSpec, privacyList, quorumOf, scheduleOf } from '../../scenario/validate.ts';
import { startActor } from '../../sim/actor.ts';
import { Kernel, PRIO } from '../../sim/kernel.ts';
import { round, type MetricsRow } from '../../sim/metrics.ts';
import { stream } from '../../sim/rng.ts';
import type { GradientMsg, ModelMsg } from '../../actors/messages.ts';
import { serverLogic, type StepInfo } from '../../actors/server.ts';
import { workerLogic, type WorkerEnv } from '../../actors/worker.ts';
import { byzantineProducer } from './byzantine.ts';
import { GradientOracle } from './oracle.ts';

export interface PsRunInput {
  readonly config: RunConfig;
  readonly model: ModelDef;
  readonly train: Dataset;
  readonly test: Dataset;
  readonly engine: GradientEngine;
  /** Rows in step order, as soon as each is complete (evaluations are awaited in order). */
  readonly onRow?: (row: MetricsRow) => void;
  readonly onTrace?: (rec: TraceRecord | StepTrace) => void;
}

export interface StepTrace {
  readonly t: number;
  readonly ev: 'step';
  readonly step: number;
  readonly used: readonly string[];
}

export interface PsRunResult {
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

export async function runPs(input: PsRunInput): Promise<PsRunResult> {
  const { config: cfg, model, train, test, engine } = input;
  const { seed } = cfg;
  const { n, f, batch } = cfg.workers;
  const d = dimension(model);
  const kernel = new Kernel();
  const failures: Error[] = [];
  const { model: delayName, ...delayParams } = cfg.network.delay;
  const network = new Network(kernel, {
    seed,
    delay: DELAYS.get(delayName)!.sampler(delayParams),
    synchrony: cfg.network.synchrony,
    lossRate: cfg.network.loss,
    duplicationRate: cfg.network.duplication,
    cut: partitionPredicate(cfg.network.partitions),
    trace: input.onTrace,
    override: linkOverrides(cfg),
  }, failures);

  const shards = partition(train.y, train.classes, n, cfg.data.partition, stream(seed, 'data/partition'));
  const privacy = privacyList(cfg).map(namedSpec).map((s) => ({ mech: PRIVACY.get(s.name)!, params: s.params ?? {} }));
  const oracle = new GradientOracle({ seed, engine, train, shards, batch, privacy, dpsgd: cfg.workers.dpsgd });
  const serverF = cfg.server.f ?? f;
  const steps = garSteps(cfg);
  const aggregator = createAggregator(steps, serverF, stream(seed, 'server/gar'), cfg.server.convention);
  const honest = Array.from({ length: n - f }, (_, i) => i);
  const attackSpec = cfg.workers.attack === undefined ? undefined : namedSpec(cfg.workers.attack);
  const byz = attackSpec && {
    seed, n, f, honest, attack: ATTACKS.get(attackSpec.name)!, params: attackSpec.params ?? {}, schedule: scheduleOf(cfg),
    oracle, classes: train.classes, engine,
    aggregator: () => createAggregator(steps, serverF, stream(seed, 'byz/gar-copy'), cfg.server.convention),
  };

  const workerIds = Array.from({ length: n }, (_, i) => `w${i}`);
  const g = cfg.compute.gradient;
  const baseComputeMs = g.fixedMs + g.perExampleMs * batch + g.perParamNs * d * 1e-6;
  const faults = cfg.workers.faults;
  const workerActors: { getSnapshot(): { context: { computed: number } } }[] = [];
  const workerSteps = (i: number) => workerActors[i].getSnapshot().context.computed;
  for (let i = 0; i < n; i++) {
    const mine = faults.filter((x) => x.worker === i);
    const stragglers = mine.filter((x) => x.kind === 'straggler');
    const crashes = mine.filter((x) => x.kind === 'crash');
    const env: WorkerEnv = {
      id: workerIds[i], index: i, serverId: 'server', kernel,
      send: ((port) => (_to: string, msg: GradientMsg) => port(msg))(network.port(workerIds[i], 'server')),
      produce: i < n - f || !byz ? (step, params) => oracle.honestPayload(i, step, params) : byzantineProducer(byz, i, i - (n - f)),
      computeMs: (now) => stragglers.reduce((ms, x) => (stragglerActive(x, now) ? ms * x.slowdown : ms), baseComputeMs),
      crashAtStep: crashes.reduce<number | undefined>((s, x) => (x.atStep === undefined ? s : Math.min(s ?? Infinity, x.atStep)), undefined),
      omissionRate: mine.reduce((r, x) => (x.kind === 'omission' ? 1 - (1 - r) * (1 - x.fraction) : r), 0),
      rng: stream(seed, `worker/${i}/omission`),
    };
    const actor = startActor(kernel, workerIds[i], workerLogic(env), failures);
    workerActors.push(actor);
    env.self = actor;
    network.attach(workerIds[i], (msg) => actor.send({ type: 'deliver', msg: msg as never }));
    for (const c of crashes) if (c.atMs !== undefined) kernel.schedule(c.atMs, () => actor.send({ type: 'crash' }), PRIO.control);
  }

  const serverPorts = new Map(workerIds.map((w) => [w, network.port('server', w)]));
  const rows: MetricsRow[] = [];
  let emitted = Promise.resolve();
  let doneSteps = 0;
  const a = cfg.compute.aggregate;
  const lr = cfg.server.lr;
  const serverEnv = {
    id: 'server', workers: workerIds, kernel, d, steps: cfg.steps, policy: cfg.server.policy, quorum: quorumOf(cfg),
    timeoutMs: cfg.server.timeoutMs,
    send: (to: string, msg: ModelMsg) => serverPorts.get(to)!(msg),
    aggregateMs: (count: number) => a.fixedMs + a.perValueNs * count * d * 1e-6,
    update(_step: number, params: Float32Array, used: readonly GradientMsg[]) {
      const agg = aggregator.aggregate(used.map((m) => m.grad as Float32Array));
      const next = new Float32Array(d);
      for (let k = 0; k < d; k++) next[k] = params[k] - lr * agg[k];
      return next;
    },
    onStep(info: StepInfo) {
      doneSteps = info.step + 1;
      oracle.forgetBefore(info.step + 1);
      input.onTrace?.({ t: info.timeMs, ev: 'step', step: info.step, used: info.used.map((m) => m.from) });
      const row = makeRow(info, server.getSnapshot().context, network.stats, n - f);
      if (cfg.logVnRatio) {
        const honestGrads = info.used.filter((m) => m.index < n - f).map((m) => m.grad as Float32Array);
        if (honestGrads.length >= 2) row.vnRatio = round(vnRatio(honestGrads).ratio);
      }
      const last = info.step + 1 === cfg.steps;
      const evaluation = last || (info.step + 1) % cfg.evalEvery === 0 ? engine.evaluate(info.params, test.x, test.y) : undefined;
      emitted = emitted.then(async () => {
        if (evaluation) {
          const e = await evaluation;
          row.testAccuracy = round(e.accuracy);
          row.testLoss = round(e.loss);
        }
        rows.push(row);
        input.onRow?.(row);
      });
    },
    onDone: () => kernel.stop(),
  };
  const server = startActor(kernel, 'server', serverLogic(serverEnv), failures);
  (serverEnv as { self?: unknown }).self = server;
  network.attach('server', (msg) => server.send({ type: 'deliver', msg: msg as never }));

  server.send({ type: 'start', params: initParams(model, stream(seed, 'model/init')) });
  await kernel.run({ maxEvents: 1e9 });
  await emitted;
  if (failures.length > 0) throw failures[0];
  const ctx = server.getSnapshot().context;
  return { rows, steps: doneSteps, stalled: doneSteps < cfg.steps, timeMs: kernel.now, events: kernel.fired, finalParams: ctx.params, privacy: spent(cfg, shards, workerSteps) };
}

/** The first `network.links` entry matching (from, to), compiled. */
function linkOverrides(cfg: RunConfig): ((from: string, to: string) => LinkOverride | undefined) | undefined {
  const rules = cfg.network.links.map((l) => {
    const { model, ...params } = l.delay ?? { model: '' };
    return { from: l.from, to: l.to, o: { delay: l.delay ? DELAYS.get(model)!.sampler(params as Record<string, number>) : undefined, lossRate: l.loss, duplicationRate: l.duplication } };
  });
  if (rules.length === 0) return undefined;
  return (from, to) => rules.find((r) => (r.from === '*' || r.from === from) && (r.to === '*' || r.to === to))?.o;
}

/** Worst-case (ε, δ) over honest workers: each ran `steps` subsampled Gaussian steps at q = b/|shard|. */
function spent(cfg: RunConfig, shards: readonly Int32Array[], workerSteps: (i: number) => number) {
  const dp = cfg.workers.dpsgd;
  if (dp === undefined) return undefined;
  let worst = { epsilon: 0, delta: dp.delta, order: NaN };
  for (let i = 0; i < cfg.workers.n - cfg.workers.f; i++) {
    const q = Math.min(1, cfg.workers.batch / shards[i].length); // fixed-size batches: the usual q = b/N approximation
    const s = privacySpent([{ q, sigma: dp.sigma, steps: workerSteps(i) }], dp.delta);
    if (s.epsilon > worst.epsilon) worst = { epsilon: s.epsilon, delta: dp.delta, order: s.order };
  }
  return worst;
}

function makeRow(info: StepInfo, s: { stale: number; faulty: number }, net: { sent: number; delivered: number; dropped: number; duplicated: number }, honestCount: number): MetricsRow {
  let lossSum = 0;
  let honestUsed = 0;
  for (const m of info.used)
    if (m.index < honestCount) {
      lossSum += m.loss;
      honestUsed++;
    }
  return {
    step: info.step,
    timeMs: round(info.timeMs),
    trainLoss: honestUsed > 0 ? round(lossSum / honestUsed) : null,
    used: info.used.length,
    byzantineUsed: info.used.length - honestUsed,
    timedOut: info.timedOut,
    sent: net.sent,
    delivered: net.delivered,
    dropped: net.dropped,
    duplicated: net.duplicated,
    stale: s.stale,
    faulty: s.faulty,
  };
}
