/**
 * What every protocol builds from a validated run config, the same way: the network of link
 * actors, the workers' data shards and gradient oracle, the Byzantine behaviour, the workers'
 * faults and costs, the metrics rows (emitted in step order once their evaluation is done), and
 * the DP-SGD privacy spent.
 */
import type { GradientMsg } from '../actors/messages.ts';
import { stragglerActive } from '../attacks/faults.ts';
import { ATTACKS } from '../attacks/index.ts';
import { createAggregator, type Aggregator } from '../gars/index.ts';
import { partition } from '../learn/data/partition.ts';
import type { Dataset } from '../learn/data/types.ts';
import type { GradientEngine } from '../learn/engine.ts';
import { DELAYS } from '../net/delay/index.ts';
import type { LinkConfig, TraceRecord } from '../net/link.ts';
import { Network, type LinkOverride } from '../net/network.ts';
import { partitionPredicate } from '../net/partition.ts';
import { PRIVACY } from '../privacy/index.ts';
import { privacySpent } from '../privacy/rdp.ts';
import { vnRatio } from '../privacy/vn-ratio.ts';
import type { RunConfig } from '../scenario/schema.ts';
import { garSteps, namedSpec, privacyList, scheduleOf } from '../scenario/validate.ts';
import { Kernel } from '../sim/kernel.ts';
import { round, type MetricsRow } from '../sim/metrics.ts';
import { stream } from '../sim/rng.ts';
import type { Payload } from '../actors/messages.ts';
import { dimension } from '../learn/model.ts';
import type { RunInput, RunResult } from './types.ts';
import { byzantineProducer, type ByzantineConfig } from './ps/byzantine.ts';
import { GradientOracle } from './ps/oracle.ts';

/** The network of a run: delay model, synchrony, loss, duplication, partitions, per-link overrides. */
export function buildNetwork(cfg: RunConfig, kernel: Kernel, failures: Error[], trace?: (rec: TraceRecord) => void, scheduler?: LinkConfig['scheduler']): Network {
  const { model: delayName, ...delayParams } = cfg.network.delay;
  return new Network(kernel, {
    seed: cfg.seed,
    delay: DELAYS.get(delayName)!.sampler(delayParams),
    synchrony: cfg.network.synchrony,
    lossRate: cfg.network.loss,
    duplicationRate: cfg.network.duplication,
    cut: partitionPredicate(cfg.network.partitions),
    trace,
    scheduler,
    override: linkOverrides(cfg),
  }, failures);
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

export interface Workload {
  readonly shards: Int32Array[];
  readonly oracle: GradientOracle;
  /** A fresh instance of the server's aggregation pipeline, with its own state and stream (f: default server.f). */
  readonly aggregator: (streamName: string, f?: number) => Aggregator;
  /** What worker i sends for the model of a step: honest, or its Byzantine behaviour. */
  readonly producer: (i: number) => (step: number, params: Float32Array) => Payload | Promise<Payload>;
}

export function buildWorkload(cfg: RunConfig, engine: GradientEngine, train: Dataset): Workload {
  const { seed } = cfg;
  const { n, f, batch } = cfg.workers;
  const shards = partition(train.y, train.classes, n, cfg.data.partition, stream(seed, 'data/partition'));
  const privacy = privacyList(cfg).map(namedSpec).map((s) => ({ mech: PRIVACY.get(s.name)!, params: s.params ?? {} }));
  const oracle = new GradientOracle({ seed, engine, train, shards, batch, privacy, dpsgd: cfg.workers.dpsgd });
  const serverF = cfg.server.f ?? f;
  const steps = garSteps(cfg);
  const aggregator = (name: string, fAgg = serverF) => createAggregator(steps, fAgg, stream(seed, name), cfg.server.convention);
  const attackSpec = cfg.workers.attack === undefined ? undefined : namedSpec(cfg.workers.attack);
  const byz: ByzantineConfig | undefined = attackSpec && {
    seed, n, f, honest: Array.from({ length: n - f }, (_, i) => i), attack: ATTACKS.get(attackSpec.name)!,
    params: attackSpec.params ?? {}, schedule: scheduleOf(cfg), oracle, classes: train.classes, engine,
    aggregator: () => aggregator('byz/gar-copy'),
  };
  const producer = (i: number) =>
    i < n - f || !byz ? (step: number, params: Float32Array) => oracle.honestPayload(i, step, params) : byzantineProducer(byz, i, i - (n - f));
  return { shards, oracle, aggregator, producer };
}

export interface WorkerFaults {
  readonly computeMs: (nowMs: number) => number;
  readonly crashAtStep?: number;
  readonly crashAtMs: readonly number[];
  readonly omissionRate: number;
}

/** Worker i's compute cost (with straggler windows), crashes and omission rate. */
export function workerFaults(cfg: RunConfig, i: number, d: number): WorkerFaults {
  const g = cfg.compute.gradient;
  const base = g.fixedMs + g.perExampleMs * cfg.workers.batch + g.perParamNs * d * 1e-6;
  const mine = cfg.workers.faults.filter((x) => x.worker === i);
  const stragglers = mine.filter((x) => x.kind === 'straggler');
  const crashes = mine.filter((x) => x.kind === 'crash');
  return {
    computeMs: (now) => stragglers.reduce((ms, x) => (stragglerActive(x, now) ? ms * x.slowdown : ms), base),
    crashAtStep: crashes.reduce<number | undefined>((s, x) => (x.atStep === undefined ? s : Math.min(s ?? Infinity, x.atStep)), undefined),
    crashAtMs: crashes.flatMap((x) => (x.atMs === undefined ? [] : [x.atMs])),
    omissionRate: mine.reduce((r, x) => (x.kind === 'omission' ? 1 - (1 - r) * (1 - x.fraction) : r), 0),
  };
}

/** Virtual time to aggregate `count` vectors of dimension d. */
export function aggregateMs(cfg: RunConfig, d: number): (count: number) => number {
  const a = cfg.compute.aggregate;
  return (count) => a.fixedMs + a.perValueNs * count * d * 1e-6;
}

/** w − γ·agg, as a new vector. */
export function sgdStep(params: Float32Array, agg: Float32Array, lr: number): Float32Array {
  const next = new Float32Array(params.length);
  for (let k = 0; k < params.length; k++) next[k] = params[k] - lr * agg[k];
  return next;
}

/** The step's figures that depend only on what was aggregated (loss of honest gradients, VN ratio). */
export function stepFigures(used: readonly GradientMsg[], honestCount: number, logVn: boolean): Pick<MetricsRow, 'trainLoss' | 'used' | 'byzantineUsed' | 'vnRatio'> {
  let lossSum = 0;
  const honest: Float32Array[] = [];
  for (const m of used)
    if (m.index < honestCount) {
      lossSum += m.loss;
      honest.push(m.grad as Float32Array);
    }
  return {
    trainLoss: honest.length > 0 ? round(lossSum / honest.length) : null,
    used: used.length,
    byzantineUsed: used.length - honest.length,
    ...(logVn && honest.length >= 2 ? { vnRatio: round(vnRatio(honest).ratio) } : {}),
  };
}

/** Emits rows in step order; a row whose step is evaluated waits for its evaluation. */
export class RowEmitter {
  readonly rows: MetricsRow[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly cfg: RunConfig,
    private readonly engine: GradientEngine,
    private readonly test: Dataset,
    private readonly onRow?: (row: MetricsRow) => void,
  ) {}

  /** Queue `row`, evaluating `params` on the test set when the step is due. */
  push(row: MetricsRow, params: Float32Array): void {
    const last = row.step + 1 === this.cfg.steps;
    const due = last || (row.step + 1) % this.cfg.evalEvery === 0;
    const evaluation = due ? this.engine.evaluate(params, this.test.x, this.test.y) : undefined;
    this.chain = this.chain.then(async () => {
      if (evaluation) {
        const e = await evaluation;
        row.testAccuracy = round(e.accuracy);
        row.testLoss = round(e.loss);
      }
      this.rows.push(row);
      this.onRow?.(row);
    });
  }

  done(): Promise<void> {
    return this.chain;
  }
}

/** Worst-case (ε, δ) over honest workers under DP-SGD: each ran its steps at q = b/|shard|. */
export function privacySpentBy(cfg: RunConfig, shards: readonly Int32Array[], workerSteps: (i: number) => number) {
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

/** max_i ‖wᵢ − w̄‖ over the given models (w̄ their mean). */
export function drift(models: readonly Float32Array[]): number {
  const d = models[0].length;
  const mean = new Float64Array(d);
  for (const w of models) for (let k = 0; k < d; k++) mean[k] += w[k] / models.length;
  let worst = 0;
  for (const w of models) {
    let s = 0;
    for (let k = 0; k < d; k++) s += (w[k] - mean[k]) ** 2;
    worst = Math.max(worst, Math.sqrt(s));
  }
  return worst;
}

/** What every run starts from: the kernel, the network, the workload and the rows. */
export function beginRun(input: RunInput) {
  const cfg = input.config;
  const kernel = new Kernel();
  const failures: Error[] = [];
  return {
    cfg,
    d: dimension(input.model),
    kernel,
    failures,
    network: buildNetwork(cfg, kernel, failures, input.onTrace, input.scheduler),
    work: buildWorkload(cfg, input.engine, input.train),
    rows: new RowEmitter(cfg, input.engine, input.test, input.onRow),
  };
}

/** Run the kernel to the end, wait for the last rows, and report (`outcome` is read after the run). */
export async function endRun(
  ctx: { cfg: RunConfig; kernel: Kernel; failures: Error[]; work: Workload; rows: RowEmitter },
  outcome: () => { steps: number; finalParams: Float32Array; workerSteps: (i: number) => number },
): Promise<RunResult> {
  await ctx.kernel.run({ maxEvents: 1e9 });
  await ctx.rows.done();
  if (ctx.failures.length > 0) throw ctx.failures[0];
  const o = outcome();
  return {
    rows: ctx.rows.rows, steps: o.steps, stalled: o.steps < ctx.cfg.steps, timeMs: ctx.kernel.now, events: ctx.kernel.fired,
    finalParams: o.finalParams, privacy: privacySpentBy(ctx.cfg, ctx.work.shards, o.workerSteps),
  };
}
