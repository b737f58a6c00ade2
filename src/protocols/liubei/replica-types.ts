/** A LiuBei replica's environment, what it reports a step, its events and state (replica.ts, replica-round.ts). */
import type { Crash } from '../runtime/crash.ts';
import type { GradientMsg } from '../runtime/messages.ts';
import type { Deliver } from '../runtime/node.ts';
import type { QuorumCounters, StepQuorum } from '../runtime/quorum.ts';
import type { ReplicaWiring } from '../runtime/replicated-nodes.ts';
import type { ServerBehaviour } from '../workload/server-attacks/index.ts';
import type { GatherModelMsg, LiubeiMessage, PullMsg } from './messages.ts';

/** The shared wiring (gradientQuorum: the fewest gradients it aggregates after the deadline) and LiuBei's own. */
export interface ReplicaEnv extends ReplicaWiring {
  readonly send: (to: string, msg: LiubeiMessage) => void;
  readonly T: number;
  /** n_ps, f_ps. */
  readonly nPs: number;
  readonly fPs: number;
  /** Absolute virtual times: step t's gradient deadline D_t, and the deadline of the gather that begins step t. */
  readonly gradientDeadline: (step: number) => number;
  readonly gatherDeadline: (step: number) => number;
  /** The gather's rule over the admitted replica models. */
  readonly merge: (models: readonly Float32Array[]) => Float32Array;
  readonly byzantine?: ServerBehaviour;
  readonly onStep: (info: ReplicaStep) => void;
  readonly onDone: () => void;
  /** It crash-stopped (`servers.crashes`) while on `step` (steps before it are finished). */
  readonly onCrash: (step: number) => void;
}

export interface ReplicaStep {
  readonly replica: string;
  readonly step: number;
  readonly timeMs: number;
  /** w_{t+1}; w_t (what it served at step t); w' (before the gather, when step t + 1 began with one). */
  readonly params: Float32Array;
  readonly at: Float32Array;
  readonly beforeGather?: Float32Array;
  readonly used: readonly GradientMsg[];
}

export type ReplicaEvent =
  | { type: 'start'; params: Float32Array }
  | Deliver<LiubeiMessage>
  | { type: 'deadline'; step: number; what: 'gradients' | 'gather' }
  | { type: 'aggregated'; step: number }
  | { type: 'merged'; step: number }
  | Crash;

export interface ReplicaState {
  phase: 'idle' | 'gradients' | 'aggregating' | 'gathering' | 'merging' | 'done' | 'crashed';
  step: number;
  params: Float32Array;
  /** w' of the step, before its gather. */
  next: Float32Array | undefined;
  late: boolean;
  counters: QuorumCounters;
  gradients: StepQuorum<GradientMsg>;
  gathers: StepQuorum<GatherModelMsg>;
  pulls: Map<number, PullMsg[]>;
}
