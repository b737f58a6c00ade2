/**
 * LiuBei (El Mhamdi, Guerraoui, Guirguis, Rouault 2019, "Fast Machine Learning with Byzantine
 * Workers and Servers"; seed 002 Algorithms 1–2): n_ps server replicas of which the last f_ps are
 * Byzantine, n workers of which the last f are Byzantine, synchronous links. Scatter: a worker pulls
 * one replica's model per step ((r + t + i) mod n_ps, at most F + 1 pulls, F = f_ps + the crashed
 * correct replicas), keeps it iff it
 * passes the Lipschitz and model filters, and sends its gradient there to every replica; replicas
 * aggregate all n gradients with the GAR. Gather, every T steps: replicas and workers take MeaMed
 * of every replica's model. Requirements: n_ps ≥ 3f_ps + 1, n ≥ 2f + 1, the GAR's bound, synchrony.
 *
 * Rows (runtime/replicated-run.ts): one per step once every correct live replica finished it;
 * accuracy of replica s0's model; the correct workers' pulls, models rejected, correct models rejected (false rejections), Byzantine
 * models accepted, pull timeouts, fallbacks to the worker's own estimate (tallied against the node
 * table: metrics only), and the drift between correct replicas. The VN sample is the honest
 * gradients replica s0 aggregated, at s0's model of the step (the model the replicas served).
 */
import { mean } from '../../gars/average.ts';
import { meanAroundCenter } from '../../gars/meamed.ts';
import { round } from '../../sim/metrics.ts';
import { stream } from '../../sim/rng.ts';
import { aggregateMs, mergeMs } from '../runtime/costs.ts';
import { drift } from '../runtime/drift.ts';
import { portsFrom, spawnNode } from '../runtime/node.ts';
import { learningRate } from '../runtime/optimizer.ts';
import { replicaWiring, spawnWorkers } from '../runtime/replicated-nodes.ts';
import { runReplicated } from '../runtime/replicated-run.ts';
import type { RunContext } from '../runtime/run.ts';
import type { RunInput, RunResult } from '../types.ts';
import { liubeiSettings, roundMs, type LiubeiSettings } from './config.ts';
import { LipschitzFilter } from './lipschitz-filter.ts';
import type { LiubeiMessage } from './messages.ts';
import { liubeiNodes, type LiubeiRole } from './nodes.ts';
import { replicaLogic, type ReplicaStep } from './replica.ts';
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

export function runLiubei(input: RunInput): Promise<RunResult> {
  return runReplicated<LiubeiMessage, LiubeiRole, ReplicaStep>(input, liubeiNodes(input.plan.config), (ctx: Ctx) => {
    const sched = scheduleOf(ctx);
    const tallies = new StepTallies((id) => ctx.roles.isByzantine(id));
    return {
      workers: workersOf(ctx, sched, tallies),
      startWorkers: true,
      spawnReplica: (r, byzantine, hooks) => {
        const wiring = replicaWiring(ctx, r);
        const logic = replicaLogic({
          ...wiring,
          send: portsFrom(ctx.network, r.id, [...wiring.peers, ...wiring.workers]),
          T: sched.settings.T,
          nPs: ctx.cfg.servers!.n,
          fPs: sched.settings.faults,
          gradientDeadline: sched.gradientDeadline,
          gatherDeadline: sched.gatherDeadline,
          merge: sched.merge,
          byzantine,
          ...hooks,
        });
        return spawnNode(ctx, r.id, logic);
      },
      record: (list) => {
        const gathered = list.map((x) => x.beforeGather).filter((x) => x !== undefined);
        if (gathered.length < list.length) return;
        const info = list[list.length - 1];
        const after = drift(list.map((x) => x.params));
        ctx.history.record({
          t: info.timeMs,
          ev: 'gather',
          step: info.step + 1,
          rule: sched.settings.gather,
          correct: list.length,
          before: drift(gathered),
          after,
        });
      },
      fields: (list) => ({ ...tallies.take(list[0].step), drift: round(drift(list.map((x) => x.params))) }),
    };
  });
}

/** The workers: the shared wiring (runtime/replicated-nodes.ts) and LiuBei's schedule, filters and tallies. */
function workersOf(ctx: Ctx, sched: Schedule, tallies: StepTallies) {
  const { cfg, d, work } = ctx;
  const s = sched.settings;
  return spawnWorkers(ctx, (w, wiring) =>
    liubeiWorkerLogic({
      ...wiring,
      T: s.T,
      fPs: s.faults,
      start: Math.floor(stream(cfg.seed, `worker/${w.index}/liubei/start`)() * wiring.replicas.length),
      deltaMs: sched.deltaMs,
      roundStart: sched.roundStart,
      gatherDeadline: sched.gatherDeadline,
      mergeMs: mergeMs(cfg, d),
      merge: sched.merge,
      filters: s.filters,
      lipschitz: new LipschitzFilter(s.quantile),
      modelFilter: s.modelFilter,
      lr: (step) => learningRate(cfg.server.lr, cfg.server.lrSchedule, step),
      gradient: (step, params) => work.oracle.gradient(w.index, step, params),
      tally: w.byzantine ? () => {} : (x) => tallies.add(x),
    }),
  );
}
