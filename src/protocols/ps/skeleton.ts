/**
 * The parameter-server protocol without learning: the same server, worker and link actors on
 * the same kernel, with constant payloads (d = 1, no tfjs). Used to measure the kernel
 * (bench/sim-throughput) and to fuzz the protocol under adversarial message schedules
 * (test/protocols): what it checks is the orchestration, not the math.
 */
import type { LinkConfig } from '../../net/link.ts';
import { Network, type NetworkConfig } from '../../net/network.ts';
import type { Synchrony } from '../../net/synchrony.ts';
import { Kernel } from '../../sim/kernel.ts';
import { stream } from '../../sim/rng.ts';
import { scheduleCrashes } from '../runtime/crash.ts';
import { History, type HistoryRecord, type RunStatus, type StallReason } from '../runtime/history.ts';
import type { Limits } from '../runtime/limits.ts';
import { StallDetector } from '../runtime/stall.ts';
import { portsByIndex, portsInto, spawnNode } from '../runtime/node.ts';
import { numbered, Roles } from '../runtime/roles.ts';
import type { PsMessage } from './messages.ts';
import { SERVER } from './nodes.ts';
import { serverLogic, type StepInfo } from './server.ts';
import { Workers } from './worker.ts';

export interface SkeletonConfig {
  readonly n: number;
  readonly steps: number;
  readonly policy: 'sync' | 'async';
  readonly quorum: number;
  readonly timeoutMs?: number;
  readonly delay: (rng: () => number) => number;
  readonly synchrony?: Synchrony;
  readonly lossRate?: number;
  readonly duplicationRate?: number;
  readonly scheduler?: LinkConfig['scheduler'];
  /** Partitions and per-link overrides, as the network takes them (a scenario's, for the fuzzer). */
  readonly cut?: NetworkConfig['cut'];
  readonly cutInFlight?: NetworkConfig['cutInFlight'];
  readonly override?: NetworkConfig['override'];
  readonly computeMs?: number;
  /** What worker i sends (default: the one-element vector [1]). */
  readonly payload?: (i: number) => unknown;
  /** Crash times (ms) by worker index. */
  readonly crashAtMs?: ReadonlyMap<number, number>;
  readonly seed?: number | string;
  /** The stall detector's limits (default: none but `maxEvents`). */
  readonly limits?: Partial<Limits>;
  /** Keep the whole history (`SkeletonRun.history.records`), and/or write each record. */
  readonly keepHistory?: boolean;
  readonly onRecord?: (rec: HistoryRecord) => void;
  /** Sees every node and end record even when the history is off (the links then build none): a judge that reads no link record. */
  readonly watch?: (rec: HistoryRecord) => void;
}

export interface SkeletonRun {
  readonly steps: StepInfo[];
  readonly kernel: Kernel;
  readonly network: Network<PsMessage>;
  readonly server: { stale: number; faulty: number; duplicates: number; resent: number };
  readonly history: History;
  readonly status: RunStatus;
  readonly reason?: StallReason;
}

/** Build and run the skeleton synchronously (no event awaits a computation). */
export function runSkeleton(cfg: SkeletonConfig, maxEvents = 50_000_000): SkeletonRun {
  const kernel = new Kernel();
  const failures: Error[] = [];
  const seed = cfg.seed ?? 1;
  const limits: Limits = { stallMs: Infinity, maxTimeMs: Infinity, maxResends: Infinity, spanMs: 0, graceMs: 0, maxEvents, ...cfg.limits };
  const stall = new StallDetector(kernel, limits);
  const watch = cfg.watch;
  const history = new History({ keep: cfg.keepHistory, write: cfg.onRecord, watch: watch ? (rec) => (stall.see(rec), watch(rec)) : stall.see });
  const network = new Network<PsMessage>(
    kernel,
    {
      seed,
      delay: cfg.delay,
      synchrony: cfg.synchrony ?? { mode: 'asynchronous' },
      lossRate: cfg.lossRate ?? 0,
      duplicationRate: cfg.duplicationRate ?? 0,
      scheduler: cfg.scheduler,
      trace: history.linkFeed,
      cut: cfg.cut,
      cutInFlight: cfg.cutInFlight,
      override: cfg.override,
    },
    failures,
  );
  const host = { kernel, network, failures, history };
  const workers = new Roles(numbered('worker', 'w', cfg.n, 0));
  const constant = { grad: Float32Array.of(1), loss: 0 }; // never mutated: one for every worker
  const ids = workers.ids('worker');
  const computeMs = cfg.computeMs ?? 1;
  const omission: (() => number)[] = [];
  const payloads = cfg.payload ? ids.map((_, i) => ({ grad: cfg.payload!(i), loss: 0 })) : undefined;
  const table = new Workers({
    ids,
    serverId: SERVER,
    kernel,
    history,
    send: portsInto(network, ids, SERVER),
    produce: payloads ? (i) => payloads[i] : () => constant,
    computeMs: () => computeMs,
    omissionRate: () => 0,
    rng: (i) => (omission[i] ??= stream(seed, `w${i}/omission`)),
  });
  for (const { id, index: i } of workers.members('worker')) {
    const actor = spawnNode(host, id, table.logic, i);
    const crash = cfg.crashAtMs?.get(i);
    if (crash !== undefined) scheduleCrashes(host, id, actor, [crash]);
  }
  const steps: StepInfo[] = [];
  const server = spawnNode(
    host,
    SERVER,
    serverLogic({
      id: SERVER,
      workers: ids,
      kernel,
      history,
      send: portsByIndex(network, SERVER, ids),
      d: 1,
      steps: cfg.steps,
      policy: cfg.policy,
      quorum: cfg.quorum,
      timeoutMs: cfg.timeoutMs,
      aggregateMs: () => 0.1,
      update: (_s, p, used) => Float32Array.of(p[0] - 0.001 * used.length),
      onStep: (info) => steps.push(info),
      onDone: () => kernel.stop(),
    }),
  );
  server.send({ type: 'start', params: new Float32Array(1) });
  const end = kernel.runSync({ maxEvents: limits.maxEvents });
  if (failures.length) throw failures[0];
  const { stale, faulty, duplicates, resent } = server.getSnapshot().context;
  const { status, reason } = stall.finish(history, end, steps.length, cfg.steps);
  return { steps, kernel, network, server: { stale, faulty, duplicates, resent }, history, status, ...(reason ? { reason } : {}) };
}
