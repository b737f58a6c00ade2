/**
 * A BTARD peer's parts (peer.ts builds the actor from them): what it is given (PeerEnv), what it
 * reports (PeerReports), its events and state, and `Peer`, the handle the phase functions
 * (exchange.ts, verify.ts, settle.ts) act through.
 */
import type { Kernel } from '../../sim/kernel.ts';
import type { Deliver, Self } from '../runtime/node.ts';
import type { Payload, Producer } from '../workload/payload.ts';
import type { Deviation } from './behaviours/index.ts';
import type { Conduct } from './conduct.ts';
import type { BtardSettings } from './config.ts';
import type { BtardMessage } from './messages.ts';
import type { RoundDraw } from './mprng.ts';
import type { Ban, Phase, Round } from './round.ts';

export interface PeerEnv {
  readonly id: string;
  readonly kernel: Kernel;
  readonly send: (to: string, msg: BtardMessage) => void;
  readonly d: number;
  readonly steps: number;
  /** The optimiser's update of the model from the assembled aggregate (runtime/optimizer.ts; w − γ·x by default). */
  readonly apply: (step: number, params: Float32Array, agg: Float32Array) => Float32Array;
  readonly settings: BtardSettings;
  readonly produce: Producer;
  /** Member `target`'s honest gradient at `params` on its batch of `step` (what anyone can recompute). */
  readonly recompute: (target: string, step: number, params: Float32Array) => Float32Array | Promise<Float32Array>;
  readonly computeMs: (nowMs: number) => number;
  /** The public compute model's gradient time (what a deadline allows for a recomputation). */
  readonly expectedComputeMs: number;
  /** How long after entering a phase every honest member's broadcast of it has arrived (2Δ on synchronous links; undefined: no bound). */
  readonly hearMs?: number;
  readonly aggregateMs: (count: number, length: number) => number;
  readonly draw: (step: number, round: number, members: readonly string[], digest: string, len: number) => RoundDraw;
  readonly conduct: Conduct;
  /** The shared copy of a model every member holds (interned: a simulation shortcut). */
  readonly adopt: (params: Float32Array) => Float32Array;
  readonly report: PeerReports;
}

/** What a peer tells the run (metrics and history only). */
export interface PeerReports {
  step(info: PeerStep): void;
  decision(info: RoundDecision): void;
  accusation(info: { step: number; round: number; accuser: string; target: string; via: Via }): void;
  /** It published its part's aggregate of `used` (tampered: ground truth, it was not CenteredClip of them). */
  published(info: { step: number; round: number; by: string; part: number; used: readonly string[]; tampered: boolean }): void;
  /** Virtual ms this peer spent recomputing for validation (gradients, aggregates). */
  cost(peer: string, ms: number): void;
  done(): void;
}

/** How an accusation was made: a validator's verdict on a gradient, an outright accusation in a check message, a validator's flag on a check value. */
export type Via = 'verdict' | 'check' | 'flag';

export interface PeerStep {
  readonly peer: string;
  readonly step: number;
  readonly rounds: number;
  readonly timeMs: number;
  readonly params: Float32Array;
  readonly members: readonly string[];
  /** Each member's reported loss (from its part message to this peer). */
  readonly losses: ReadonlyMap<string, number>;
}

export interface RoundDecision {
  readonly peer: string;
  readonly step: number;
  readonly round: number;
  readonly timeMs: number;
  readonly members: readonly string[];
  readonly bans: readonly { id: string; ban: Ban }[];
  /** Parts accepted, in member order. */
  readonly accepted: readonly boolean[];
  readonly applied: boolean;
  readonly reveals: number;
}

export type PeerEvent =
  | { type: 'start'; params: Float32Array; members: readonly string[] }
  | { type: 'computed'; step: number; payload: Payload }
  | { type: 'aggregated'; step: number; round: number }
  | { type: 'validated'; step: number; round: number; slot: number; grad?: Float32Array }
  | { type: 'verdicts-due'; step: number; round: number }
  | { type: 'verified'; step: number; round: number; grads: ReadonlyMap<string, Float32Array> }
  | { type: 'recomputed'; step: number; round: number; parts: ReadonlyMap<number, Float64Array> }
  | { type: 'deadline'; step: number; round: number; phase: Phase }
  | Deliver<BtardMessage>;

export interface PeerState {
  phase: Phase | 'idle' | 'out' | 'done';
  step: number;
  round: number;
  params: Float32Array;
  members: readonly string[];
  payload?: Payload;
  r: Round;
  later: Map<string, BtardMessage[]>;
  faulty: number;
  stale: number;
  /** This round's aggregate was not CenteredClip of what it received (a Byzantine deviation). */
  tampered: boolean;
}

/** One peer as its phase functions see it: its environment, its state, and the primitives peer.ts gives them. */
export interface Peer {
  readonly env: PeerEnv;
  readonly s: PeerState;
  readonly self: Self<PeerEvent>;
  /** Its deviations at the current step (undefined: it follows the protocol). */
  deviation(): Deviation | undefined;
  /** Send to one member (nothing while it is silent). */
  sendTo(to: string, msg: BtardMessage): void;
  /** Send to every member, itself included (nothing to the others while it is silent). */
  broadcast(msg: BtardMessage): void;
  /** Arm the current round's deadline for `phase` (timeoutMs + extraMs; none without btard.timeoutMs). */
  arm(phase: Phase, extraMs: number): void;
  receive(msg: BtardMessage): void;
  /** Move on if the current phase has what it waits for. */
  progress(): void;
}
