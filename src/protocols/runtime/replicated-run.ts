/**
 * The run of a replicated-server protocol (GuanYu, LiuBei), written once: the Byzantine replicas'
 * behaviours (`servers.attack`) and their send delays, the run context, the workers the protocol
 * spawns, then its replicas with the step barrier's hooks, the replica crashes (`servers.crashes`),
 * the start events and the end of the run.
 *
 * Rows: one per step once every correct replica that had not crashed before finishing it has
 * finished it (a crash releases the steps the remaining ones completed), at the time of the report
 * that completed it; accuracy of replica s0's model (or the first report's), the VN sample of the
 * honest gradients it aggregated at its w_t, the protocol's fields, the network's and nodes'
 * counters. The run stops when every correct replica still live is done.
 */
import type { Actor, AnyActorLogic } from 'xstate';
import type { Message } from '../../net/link.ts';
import { initParams } from '../../learn/model.ts';
import { metricsRow, round } from '../../sim/metrics.ts';
import { stream } from '../../sim/rng.ts';
import type { RunInput, RunResult } from '../types.ts';
import { delaysOf, replicaBehaviours, senderDelays, type ServerBehaviour } from '../workload/server-attacks/index.ts';
import { scheduleCrashes } from './crash.ts';
import type { GradientMsg } from './messages.ts';
import type { QuorumCounters } from './quorum.ts';
import type { NodeSpec } from './roles.ts';
import { counters, stepFigures } from './rows.ts';
import { beginRun, endRun, type RunContext } from './run.ts';
import { StepBarrier } from './step-barrier.ts';

/** What a correct replica reports when it finished a step. */
export interface ReplicaReport {
  readonly replica: string;
  readonly step: number;
  readonly timeMs: number;
  /** w_{t+1}, and w_t (the model it held at step t). */
  readonly params: Float32Array;
  readonly at: Float32Array;
  readonly used: readonly GradientMsg[];
}

/** What a replica's actor tells the run. */
export interface ReplicaHooks<S extends ReplicaReport> {
  readonly onStep: (info: S) => void;
  readonly onDone: () => void;
  /** It crash-stopped while on `step` (steps before it are finished). */
  readonly onCrash: (step: number) => void;
}

type NodeActor<C> = Actor<AnyActorLogic> & { getSnapshot(): { context: C } };
type WorkerActor = NodeActor<{ readonly phase: string; readonly step: number; readonly counters: QuorumCounters }>;
type ReplicaActor = NodeActor<{ readonly params: Float32Array; readonly counters: QuorumCounters }>;

/** The protocol's part, built on the run's context. */
export interface ReplicatedParts<S extends ReplicaReport> {
  readonly workers: readonly WorkerActor[];
  /** Spawn replica `r` (Byzantine ones get their behaviour) wired to `hooks`. */
  readonly spawnReplica: (r: NodeSpec, byzantine: ServerBehaviour | undefined, hooks: ReplicaHooks<S>) => ReplicaActor;
  /** Whether the workers get the start event too (else they begin on the replicas' first models). */
  readonly startWorkers: boolean;
  /** The history records of a released step (before its row). */
  readonly record?: (list: readonly S[]) => void;
  /** The row's protocol fields, in order. */
  readonly fields: (list: readonly S[]) => Record<string, number>;
}

export async function runReplicated<M extends Message, R extends string, S extends ReplicaReport>(
  input: RunInput,
  nodes: NodeSpec<R>[],
  build: (ctx: RunContext<M, R>) => ReplicatedParts<S>,
): Promise<RunResult> {
  const byzantine = replicaBehaviours(
    input.plan.config,
    nodes.filter((x) => x.role === 'replica'),
  );
  const ctx = beginRun<M, R>({ ...input, scheduler: senderDelays(input.scheduler, delaysOf(byzantine)) }, nodes);
  const parts = build(ctx);
  const { cfg, roles } = ctx;
  const members = roles.members('replica' as R);
  const live: LiveReplicas<M, R, S> = new LiveReplicas<M, R, S>(
    ctx,
    parts,
    members.filter((r) => !r.byzantine).length,
    (): readonly ReplicaActor[] => replicas,
  );
  const none = { onStep: () => undefined, onDone: () => undefined, onCrash: () => undefined };
  const replicas: ReplicaActor[] = members.map((r) => parts.spawnReplica(r, byzantine.get(r.id), r.byzantine ? none : live.hooks(r.id)));
  for (const c of cfg.servers?.crashes ?? []) scheduleCrashes(ctx, c.node, replicas[roles.of(c.node).index], [c.atMs]);
  const init = initParams(input.model, stream(cfg.seed, 'model/init'));
  for (const r of replicas) r.send({ type: 'start', params: init });
  if (parts.startWorkers) for (const w of parts.workers) w.send({ type: 'start', params: init });
  return endRun(ctx, () => ({
    steps: live.doneSteps,
    finalParams: replicas[0].getSnapshot().context.params,
    workerSteps: (i) => parts.workers[i].getSnapshot().context.step,
  }));
}

/** The step barrier over the correct replicas still live, and the rows it releases. */
class LiveReplicas<M extends Message, R extends string, S extends ReplicaReport> {
  doneSteps = 0;
  private doneReplicas = 0;
  private readonly barrier = new StepBarrier<S>();
  private readonly crashedAt = new Map<string, number>();

  constructor(
    private readonly ctx: RunContext<M, R>,
    private readonly parts: ReplicatedParts<S>,
    private readonly correct: number,
    private readonly replicas: () => readonly ReplicaActor[],
  ) {}

  /** The correct replicas a step waits for: those that had not crashed before finishing it. */
  private readonly needed = (step: number) => this.correct - [...this.crashedAt.values()].filter((at) => at <= step).length;

  hooks(id: string): ReplicaHooks<S> {
    const { ctx } = this;
    return {
      onStep: (info) => {
        ctx.history.record({ t: info.timeMs, ev: 'step', node: info.replica, step: info.step, used: info.used.map((m) => m.from) });
        const list = this.barrier.arrive(info.step, info, this.needed(info.step));
        if (list !== undefined) this.emit(list);
      },
      onDone: () => {
        if (++this.doneReplicas >= this.needed(ctx.cfg.steps)) ctx.kernel.stop();
      },
      onCrash: (step) => {
        this.crashedAt.set(id, step);
        for (const list of this.barrier.releaseReady(this.needed)) this.emit(list);
        if (this.doneReplicas >= this.needed(ctx.cfg.steps) && this.doneReplicas > 0) ctx.kernel.stop();
      },
    };
  }

  private emit(list: S[]) {
    const { ctx, parts } = this;
    const { network, roles, work, rows } = ctx;
    const info = list[list.length - 1]; // the report that completed the step: the row is at its time
    this.doneSteps = info.step + 1;
    parts.record?.(list);
    // Forget gradients no live worker can still ask for (crashed workers do not hold memory back).
    const live = parts.workers.map((w) => w.getSnapshot().context).filter((c) => c.phase !== 'crashed');
    work.oracle.forgetBefore(Math.min(info.step, ...live.map((c) => c.step)));
    const first = list.find((x) => x.replica === roles.at('replica' as R, 0).id) ?? list[0];
    const nodeCounters = [...this.replicas(), ...parts.workers].map((a) => a.getSnapshot().context.counters);
    const { figures, vn } = stepFigures(first.used, (id) => roles.isByzantine(id), first.at);
    const head = { step: info.step, timeMs: round(info.timeMs), ...figures, timedOut: false };
    rows.push(metricsRow(head, parts.fields(list), counters(network.stats, nodeCounters)), first.params, vn);
  }
}
