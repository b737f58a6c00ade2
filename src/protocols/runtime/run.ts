/**
 * The begin and end of every protocol's run: the kernel, the network of link actors typed by the
 * protocol's messages, the workload, the roles table and the metrics rows; then running the kernel
 * to the end, waiting for the last rows and reporting (with the DP-SGD privacy spent).
 */
import { dimension } from '../../learn/model.ts';
import type { Message } from '../../net/link.ts';
import type { Network } from '../../net/network.ts';
import { privacySpent } from '../../privacy/rdp.ts';
import type { ResolvedRun } from '../../scenario/resolve.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import { Kernel } from '../../sim/kernel.ts';
import type { RunInput, RunResult } from '../types.ts';
import { buildWorkload, type Workload } from '../workload/workload.ts';
import { History } from './history.ts';
import { runLimits } from './limits.ts';
import { buildNetwork } from './network.ts';
import { Roles, type NodeSpec } from './roles.ts';
import { RowEmitter } from './rows.ts';
import { StallDetector } from './stall.ts';
import { DEFAULT_VN_BATCH, VnReference } from './vn-reference.ts';

export interface RunContext<M extends Message, R extends string> {
  readonly plan: ResolvedRun;
  readonly cfg: RunConfig;
  /** The model dimension. */
  readonly d: number;
  readonly kernel: Kernel;
  readonly failures: Error[];
  /** The run's event history: every protocol records its nodes' events here (see history.ts). */
  readonly history: History;
  /** Decides that the run cannot finish (reads the history's step and resend records). */
  readonly stall: StallDetector;
  readonly network: Network<M>;
  readonly roles: Roles<R>;
  readonly work: Workload;
  readonly rows: RowEmitter;
}

/** What every run starts from; `nodes` is the protocol's node table for this config. */
export function beginRun<M extends Message, R extends string>(input: RunInput, nodes: NodeSpec<R>[]): RunContext<M, R> {
  const plan = input.plan;
  const cfg = plan.config;
  const kernel = new Kernel();
  const failures: Error[] = [];
  const d = dimension(input.model);
  const stall = new StallDetector(kernel, runLimits(cfg, d, nodes.length));
  const history = new History({ write: input.onTrace, watch: stall.see });
  const roles = new Roles(nodes);
  const work = buildWorkload(plan, input.engine, input.train);
  return {
    plan,
    cfg,
    d,
    kernel,
    failures,
    history,
    stall,
    network: buildNetwork<M>(cfg, kernel, failures, (id) => roles.isByzantine(id), history.linkFeed, input.scheduler),
    roles,
    work,
    rows: new RowEmitter(cfg, input.engine, input.test, input.onRow, vnReference(cfg, input, work)),
  };
}

/** The VN ratio's reference over the honest workers' shards (the first n − f), when the ratio is logged. */
function vnReference(cfg: RunConfig, input: RunInput, work: Workload): VnReference | undefined {
  if (cfg.logVnRatio === false) return undefined;
  const { n, f } = cfg.workers;
  return new VnReference({
    seed: cfg.seed,
    engine: input.engine,
    train: input.train,
    shards: work.shards.slice(0, n - f),
    batch: cfg.vnBatch ?? DEFAULT_VN_BATCH,
    workerBatch: cfg.workers.batch,
    privacy: input.plan.privacy,
    clip: cfg.workers.dpsgd?.clip,
  });
}

/** What a run reports at its end (read after the kernel stopped). */
export interface Outcome {
  readonly steps: number;
  readonly finalParams: Float32Array;
  /** Gradients honest worker i computed (for the privacy accountant). */
  readonly workerSteps: (i: number) => number;
}

/** Run the kernel to the end (completed, or stopped by the stall detector or a limit), wait for the last rows, and report. */
export async function endRun<M extends Message, R extends string>(ctx: RunContext<M, R>, outcome: () => Outcome): Promise<RunResult> {
  const end = await ctx.kernel.run({ maxEvents: ctx.stall.limits.maxEvents });
  await ctx.rows.done();
  if (ctx.failures.length > 0) throw ctx.failures[0];
  const o = outcome();
  const { status, reason } = ctx.stall.finish(ctx.history, end, o.steps, ctx.cfg.steps);
  return {
    rows: ctx.rows.rows,
    steps: o.steps,
    stalled: status === 'stalled',
    status,
    ...(reason ? { reason } : {}),
    timeMs: ctx.kernel.now,
    events: ctx.kernel.fired,
    finalParams: o.finalParams,
    privacy: privacySpentBy(ctx.cfg, ctx.work.shards, o.workerSteps),
  };
}

/** Worst-case (ε, δ) over honest workers under DP-SGD: each ran its steps at q = b/|shard|. */
function privacySpentBy(cfg: RunConfig, shards: readonly Int32Array[], workerSteps: (i: number) => number) {
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
