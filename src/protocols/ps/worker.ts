/**
 * A worker as an xstate actor (`inPlace` logic: workers are many and on the hot path).
 * Phases: idle → computing (charged on the virtual clock) → idle; crashed is final.
 * On a model it starts computing unless busy; when done it sends its payload to the server
 * and, if a newer model arrived meanwhile, starts on that one (its result is then stale).
 * What it sends — an honest gradient or an attack — is decided by `produce`, so honest and
 * Byzantine workers share this orchestration.
 */
import type { Kernel } from '../../sim/kernel.ts';
import { inPlace } from '../../sim/logic.ts';
import { computeThen } from '../runtime/compute.ts';
import type { Crash } from '../runtime/crash.ts';
import type { History } from '../runtime/history.ts';
import type { GradientMsg } from '../runtime/messages.ts';
import type { Deliver, Self } from '../runtime/node.ts';
import type { Payload, Producer } from '../workload/payload.ts';
import type { ModelMsg, PsMessage } from './messages.ts';

export interface WorkerEnv {
  readonly id: string;
  readonly index: number;
  readonly serverId: string;
  readonly kernel: Kernel;
  /** Where it records its crash (by step) and omissions. */
  readonly history: History;
  /** Send a message over the network. */
  readonly send: (to: string, msg: GradientMsg) => void;
  /** The payload for the model of `step` (a value, or a promise from an off-thread engine). */
  readonly produce: Producer;
  /** Virtual compute time for one gradient started at `nowMs` (ms). */
  readonly computeMs: (nowMs: number) => number;
  /** Crash fault by step: the worker stops when it receives the model of this step. */
  readonly crashAtStep?: number;
  /** Omission fault: drop this fraction of own messages (drawn from `rng`). */
  readonly omissionRate: number;
  readonly rng: () => number;
}

export type WorkerEvent = Deliver<PsMessage> | { type: 'done'; step: number; payload: Payload } | Crash;

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
  const start = (state: WorkerState, self: Self<WorkerEvent>) => {
    const step = state.latestStep;
    const job = env.produce(step, state.latestParams!);
    state.phase = 'computing';
    computeThen(env.kernel, env.computeMs(env.kernel.now), job, (payload) => self.send({ type: 'done', step, payload }));
  };
  const receive = (state: WorkerState, msg: ModelMsg, self: Self<WorkerEvent>) => {
    if (msg.step === state.lastSent?.step && state.phase === 'idle') {
      env.send(env.serverId, state.lastSent); // the server asks again: our answer was lost
      return;
    }
    if (msg.step <= state.latestStep) return; // duplicate or reordered old model
    if (env.crashAtStep !== undefined && msg.step >= env.crashAtStep) {
      state.phase = 'crashed';
      env.history.record({ t: env.kernel.now, ev: 'crash', node: env.id, step: msg.step });
      return;
    }
    state.latestStep = msg.step;
    state.latestParams = msg.params;
    if (state.phase === 'idle') start(state, self);
  };
  return inPlace(
    (state: WorkerState, event: WorkerEvent, { self }): WorkerState => {
      if (state.phase === 'crashed') return state;
      switch (event.type) {
        case 'deliver':
          if (event.msg.kind === 'model') receive(state, event.msg, self); // workers take models only
          return state;
        case 'done': {
          state.computed++;
          state.phase = 'idle';
          if (env.omissionRate > 0 && env.rng() < env.omissionRate) {
            state.omitted++;
            env.history.record({ t: env.kernel.now, ev: 'omit', node: env.id, step: event.step, kind: 'gradient', to: env.serverId });
          } else {
            state.lastSent = { kind: 'gradient', step: event.step, from: env.id, index: env.index, grad: event.payload.grad, loss: event.payload.loss };
            env.send(env.serverId, state.lastSent);
          }
          if (state.latestStep > event.step) start(state, self);
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
