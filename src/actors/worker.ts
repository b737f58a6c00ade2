/**
 * A worker as an xstate actor (`inPlace` logic: workers are many and on the hot path).
 * Phases: idle → computing (charged on the virtual clock) → idle; crashed is final.
 * On a model it starts computing unless busy; when done it sends its payload to the server
 * and, if a newer model arrived meanwhile, starts on that one (its result is then stale).
 * What it sends — an honest gradient or an attack — is decided by `produce`, so honest and
 * Byzantine workers share this orchestration.
 */
import { inPlace } from '../sim/logic.ts';
import type { Kernel } from '../sim/kernel.ts';
import { computeThen } from './compute.ts';
import type { GradientMsg, ModelMsg, Payload } from './messages.ts';

export interface WorkerEnv {
  readonly id: string;
  readonly index: number;
  readonly serverId: string;
  readonly kernel: Kernel;
  /** Send a message over the network. */
  readonly send: (to: string, msg: GradientMsg) => void;
  /** The payload for the model of `step` (a value, or a promise from an off-thread engine). */
  readonly produce: (step: number, params: Float32Array) => Payload | Promise<Payload>;
  /** Virtual compute time for one gradient started at `nowMs` (ms). */
  readonly computeMs: (nowMs: number) => number;
  /** Crash fault by step: the worker stops when it receives the model of this step. */
  readonly crashAtStep?: number;
  /** Omission fault: drop this fraction of own messages (drawn from `rng`). */
  readonly omissionRate: number;
  readonly rng: () => number;
  /** Self-addressed events (completion, crash) go back through the actor. */
  self?: { send(ev: WorkerEvent): void };
}

export type WorkerEvent =
  | { type: 'deliver'; msg: ModelMsg }
  | { type: 'done'; step: number; payload: Payload }
  | { type: 'crash' };

export interface WorkerState {
  phase: 'idle' | 'computing' | 'crashed';
  latestStep: number;
  latestParams: Float32Array | undefined;
  computed: number;
  omitted: number;
  /** The last gradient sent, kept to answer a re-sent model. */
  lastSent: GradientMsg | undefined;
}

export function workerLogic(env: WorkerEnv) {
  const start = (state: WorkerState) => {
    const step = state.latestStep;
    const job = env.produce(step, state.latestParams!);
    state.phase = 'computing';
    computeThen(env.kernel, env.computeMs(env.kernel.now), job, (payload) => env.self!.send({ type: 'done', step, payload }));
  };
  return inPlace(
    (state: WorkerState, event: WorkerEvent): WorkerState => {
      if (state.phase === 'crashed') return state;
      switch (event.type) {
        case 'deliver':
          if (event.msg.step === state.lastSent?.step && state.phase === 'idle') {
            env.send(env.serverId, state.lastSent); // the server asks again: our answer was lost
            return state;
          }
          if (event.msg.step <= state.latestStep) return state; // duplicate or reordered old model
          if (env.crashAtStep !== undefined && event.msg.step >= env.crashAtStep) {
            state.phase = 'crashed';
            return state;
          }
          state.latestStep = event.msg.step;
          state.latestParams = event.msg.params;
          if (state.phase === 'idle') start(state);
          return state;
        case 'done': {
          state.computed++;
          state.phase = 'idle';
          if (env.omissionRate > 0 && env.rng() < env.omissionRate) state.omitted++;
          else {
            state.lastSent = { kind: 'gradient', step: event.step, from: env.id, index: env.index, grad: event.payload.grad, loss: event.payload.loss };
            env.send(env.serverId, state.lastSent);
          }
          if (state.latestStep > event.step) start(state);
          return state;
        }
        case 'crash':
          state.phase = 'crashed';
          return state;
      }
    },
    (): WorkerState => ({ phase: 'idle', latestStep: -1, latestParams: undefined, computed: 0, omitted: 0, lastSent: undefined }),
  );
}
