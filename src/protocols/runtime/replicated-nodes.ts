/**
 * The nodes of a replicated-server protocol (GuanYu, LiuBei), the part they share: each worker
 * (role `worker`) spawned on the kernel with its benign faults (`workers.faults`: compute cost,
 * stragglers, crash by step or time, omissions) and its ports to the replicas; each replica's
 * identity, peers, quorum of gradients, costs and update w' = w − γ·F(gradients) (its own GAR
 * state `replica/<i>/gar` and optimizer). The protocol adds what is its own.
 */
import type { EventObject } from 'xstate';
import type { Message } from '../../net/link.ts';
import { serverQuorum } from '../../scenario/resolve.ts';
import type { Kernel } from '../../sim/kernel.ts';
import type { InPlaceLogic } from '../../sim/logic.ts';
import { stream } from '../../sim/rng.ts';
import type { Producer } from '../workload/payload.ts';
import { aggregateMs, mergeMs } from './costs.ts';
import { scheduleCrashes, type Crash } from './crash.ts';
import { workerFaults } from './faults.ts';
import type { History } from './history.ts';
import type { GradientMsg } from './messages.ts';
import { portsFrom, spawnNode, type Deliver } from './node.ts';
import { serverOptimizer } from './optimizer.ts';
import type { NodeSpec } from './roles.ts';
import type { RunContext } from './run.ts';

/** What every replicated protocol's worker environment holds. */
export interface WorkerWiring<M extends Message> {
  readonly id: string;
  readonly index: number;
  readonly kernel: Kernel;
  readonly history: History;
  readonly replicas: readonly string[];
  readonly send: (to: string, msg: M) => void;
  readonly d: number;
  readonly steps: number;
  readonly produce: Producer;
  readonly computeMs: (nowMs: number) => number;
  readonly crashAtStep?: number;
  readonly omissionRate: number;
  readonly rng: () => number;
}

/** Spawn every worker with `logic` over its wiring; crashes by time are scheduled. */
export function spawnWorkers<M extends Message, R extends string, S, E extends EventObject>(
  ctx: RunContext<M, R>,
  logic: (w: NodeSpec<R>, wiring: WorkerWiring<M>) => InPlaceLogic<S, E | Crash | Deliver<M>>,
) {
  const { cfg, d, kernel, network, roles, work } = ctx;
  const replicas = roles.ids('replica' as R);
  return roles.members('worker' as R).map((w) => {
    const { id, index } = w;
    const faults = workerFaults(cfg, w, d);
    const send = portsFrom(network, id, replicas);
    const wiring: WorkerWiring<M> = {
      id,
      index,
      kernel,
      history: ctx.history,
      replicas,
      send,
      d,
      steps: cfg.steps,
      produce: work.producer(index),
      computeMs: faults.computeMs,
      crashAtStep: faults.crashAtStep,
      omissionRate: faults.omissionRate,
      rng: stream(cfg.seed, `worker/${index}/omission`),
    };
    const actor = spawnNode(ctx, id, logic(w, wiring));
    scheduleCrashes(ctx, id, actor, faults.crashAtMs);
    return actor;
  });
}

/** What every replicated protocol's replica environment holds. */
export interface ReplicaWiring {
  readonly id: string;
  readonly kernel: Kernel;
  readonly history: History;
  readonly workers: readonly string[];
  /** The other replicas (not this one). */
  readonly peers: readonly string[];
  readonly d: number;
  readonly steps: number;
  /** q_wr: the gradients it aggregates (at the latest, after a deadline). */
  readonly gradientQuorum: number;
  readonly aggregateMs: (count: number) => number;
  readonly mergeMs: (count: number) => number;
  /** w' from w_t and the admitted gradients (GAR and SGD update). */
  readonly update: (step: number, params: Float32Array, used: readonly GradientMsg[]) => Float32Array;
}

export function replicaWiring<M extends Message, R extends string>(ctx: RunContext<M, R>, r: NodeSpec<R>): ReplicaWiring {
  const { cfg, d, kernel, roles, work } = ctx;
  const aggregator = work.aggregator(`replica/${r.index}/gar`);
  const optimizer = serverOptimizer(cfg.server);
  return {
    id: r.id,
    kernel,
    history: ctx.history,
    workers: roles.ids('worker' as R),
    peers: roles.ids('replica' as R).filter((p) => p !== r.id),
    d,
    steps: cfg.steps,
    gradientQuorum: serverQuorum(cfg),
    aggregateMs: aggregateMs(cfg, d),
    mergeMs: mergeMs(cfg, d),
    update: (step, params, used) => optimizer.step(step, params, aggregator.aggregate(used.map((m) => m.grad as Float32Array))),
  };
}
