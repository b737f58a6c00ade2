/** A LiuBei worker's environment, events, state and what it tells the run (worker.ts, scatter.ts). */
import type { GradientResult } from '../../learn/engine.ts';
import type { Crash } from '../runtime/crash.ts';
import type { Deliver } from '../runtime/node.ts';
import type { QuorumCounters, StepQuorum } from '../runtime/quorum.ts';
import type { WorkerWiring } from '../runtime/replicated-nodes.ts';
import type { Payload } from '../workload/payload.ts';
import type { LipschitzFilter } from './lipschitz-filter.ts';
import type { ModelFilterConstants } from './model-filter.ts';
import type { GatherModelMsg, LiubeiMessage } from './messages.ts';

/** What the worker tells the run about a step (tallied against the node table for the metrics). */
export type WorkerTally =
  | { readonly kind: 'pull'; readonly step: number; readonly from: string }
  | { readonly kind: 'verdict'; readonly step: number; readonly from: string; readonly accept: boolean }
  | { readonly kind: 'timeout'; readonly step: number; readonly from: string }
  | { readonly kind: 'fallback'; readonly step: number };

/** The shared wiring and LiuBei's own. */
export interface LiubeiWorkerEnv extends WorkerWiring<LiubeiMessage> {
  readonly T: number;
  readonly fPs: number;
  /** r: where its pulls start (drawn once from `worker/<i>/liubei/start`). */
  readonly start: number;
  readonly deltaMs: number;
  /** S_t, and the deadline of the gather that begins step t (absolute virtual ms). */
  readonly roundStart: (step: number) => number;
  readonly gatherDeadline: (step: number) => number;
  readonly mergeMs: (count: number) => number;
  readonly merge: (models: readonly Float32Array[]) => Float32Array;
  readonly filters: boolean;
  readonly lipschitz: LipschitzFilter;
  /** The model filter's constants (model-filter.ts). */
  readonly modelFilter: ModelFilterConstants;
  /** γ_t. */
  readonly lr: (step: number) => number;
  /** G_t(params): its raw step-t mini-batch gradient (memoised per parameter vector). */
  readonly gradient: (step: number, params: Float32Array) => Promise<GradientResult>;
  readonly tally: (t: WorkerTally) => void;
}

export type LiubeiWorkerEvent =
  | { type: 'start'; params: Float32Array }
  | Deliver<LiubeiMessage>
  | { type: 'pull-timeout'; step: number; attempt: number }
  | { type: 'gather-deadline'; step: number }
  | { type: 'checked'; step: number; attempt: number; gNew: GradientResult; gOwn?: GradientResult }
  | { type: 'merged'; step: number; params: Float32Array; used: readonly string[] }
  | { type: 'adopted'; step: number; params: Float32Array; grad: Float32Array; payload: Payload; used: readonly string[] }
  | Crash;

export interface LiubeiWorkerState {
  phase: 'idle' | 'gathering' | 'pulling' | 'checking' | 'computing' | 'crashed' | 'done';
  step: number;
  wOwn: Float32Array;
  gOwn: Float32Array;
  local: Float32Array;
  attempt: number;
  target: string;
  /** G_t(w_own), started with the step's first pull. */
  ownGrad: Promise<GradientResult> | undefined;
  pulled: Float32Array | undefined;
  late: boolean;
  counters: QuorumCounters;
  gathers: StepQuorum<GatherModelMsg>;
}
