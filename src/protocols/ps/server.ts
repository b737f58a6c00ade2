/**
 * The parameter server as an xstate actor (`inPlace` logic, on the hot path: it receives
 * every gradient). Phases: collecting → aggregating (charged on the virtual clock) →
 * collecting the next step …; done after the last step.
 *
 * Waiting policies:
 * - sync: wait for all n gradients of the step; with `timeoutMs`, stop waiting after Δ and
 *   aggregate what arrived as soon as at least `quorum` did;
 * - async: aggregate the first q gradients of the step that arrive.
 * With `timeoutMs`, every timeout that leaves the server still waiting sends the model again to
 * the workers that have not answered (retransmission over lossy links).
 * A gradient for an older step is stale (counted, dropped); one that is not a finite vector
 * of dimension d is faulty (counted, dropped), so the GAR never sees it; so is one whose sender
 * name and worker index disagree (senders are tracked by index).
 */
import { isAdmissible } from '../../gars/index.ts';
import { PRIO, type Kernel } from '../../sim/kernel.ts';
import { inPlace } from '../../sim/logic.ts';
import type { History } from '../runtime/history.ts';
import type { GradientMsg } from '../runtime/messages.ts';
import type { Deliver, Self } from '../runtime/node.ts';
import type { ModelMsg, PsMessage } from './messages.ts';

export interface ServerEnv {
  readonly id: string;
  readonly workers: readonly string[];
  readonly kernel: Kernel;
  /** Where it records its timeouts, re-sends, rejections, aggregations and steps. */
  readonly history: History;
  /** Send to the worker `workers[index]` (ports by index: no name lookup per message). */
  readonly send: (index: number, msg: ModelMsg) => void;
  readonly d: number;
  readonly steps: number;
  readonly policy: 'sync' | 'async';
  /** async: gradients per step; sync: minimum to aggregate after a timeout. */
  readonly quorum: number;
  readonly timeoutMs?: number;
  /** Virtual time to aggregate `count` vectors of dimension d (ms). */
  readonly aggregateMs: (count: number) => number;
  /** The new model from the current one and the admitted gradients (pure math: GAR and update). */
  readonly update: (step: number, params: Float32Array, used: readonly GradientMsg[]) => Float32Array;
  /** Observer: a step finished (metrics). */
  readonly onStep: (info: StepInfo) => void;
  readonly onDone: () => void;
}

export interface StepInfo {
  readonly step: number;
  readonly timeMs: number;
  /** The model after the step, and the one the step's gradients were computed at. */
  readonly params: Float32Array;
  readonly at: Float32Array;
  readonly used: readonly GradientMsg[];
  readonly timedOut: boolean;
}

export type ServerEvent =
  | { type: 'start'; params: Float32Array }
  | Deliver<PsMessage>
  | { type: 'timeout'; step: number }
  | { type: 'aggregated'; step: number };

export interface ServerState {
  phase: 'idle' | 'collecting' | 'aggregating' | 'done';
  step: number;
  params: Float32Array;
  inbox: GradientMsg[];
  /** By worker index: 1 once its gradient of this step was admitted. */
  senders: Uint8Array;
  timedOut: boolean;
  stale: number;
  faulty: number;
  duplicates: number;
  /** Timeouts after which the model was sent again. */
  resent: number;
}

export function serverLogic(env: ServerEnv) {
  const n = env.workers.length;
  const target = env.policy === 'async' ? env.quorum : n;
  const armTimer = (step: number, self: Self<ServerEvent>) => {
    if (env.timeoutMs !== undefined) env.kernel.schedule(env.timeoutMs, () => self.send({ type: 'timeout', step }), PRIO.timer);
  };
  const broadcast = (state: ServerState, self: Self<ServerEvent>) => {
    const msg: ModelMsg = { kind: 'model', step: state.step, params: state.params };
    for (let i = 0; i < n; i++) env.send(i, msg);
    armTimer(state.step, self);
  };
  /** After a timeout: send the model again to the workers that have not answered (lost messages). */
  const resend = (state: ServerState, self: Self<ServerEvent>) => {
    const msg: ModelMsg = { kind: 'model', step: state.step, params: state.params };
    const to: string[] = [];
    for (let i = 0; i < n; i++)
      if (state.senders[i] === 0) {
        env.send(i, msg);
        to.push(env.workers[i]);
      }
    env.history.record({ t: env.kernel.now, ev: 'resend', node: env.id, step: state.step, to, have: state.inbox.length, need: env.quorum });
    state.resent++;
    armTimer(state.step, self);
  };
  const maybeAggregate = (state: ServerState, self: Self<ServerEvent>) => {
    const have = state.inbox.length;
    if (have >= target || (state.timedOut && have >= env.quorum)) {
      state.phase = 'aggregating';
      const step = state.step;
      env.kernel.schedule(env.aggregateMs(have), () => self.send({ type: 'aggregated', step }), PRIO.compute);
    }
  };
  const judged = (msg: { step: number; from?: unknown; kind: string }, accept: boolean, rule: string) => {
    if (env.history.on)
      env.history.record({ t: env.kernel.now, ev: 'filter', node: env.id, step: msg.step, from: String(msg.from), kind: msg.kind, accept, rule });
  };
  const reject = (msg: { step: number; from?: unknown; kind: string }, rule: string) => judged(msg, false, rule);
  const receive = (state: ServerState, msg: GradientMsg, self: Self<ServerEvent>) => {
    if (msg.step < state.step || (msg.step === state.step && state.phase !== 'collecting')) {
      state.stale++;
      reject(msg, 'stale');
    } else if (!(msg.index >= 0 && msg.index < n && env.workers[msg.index] === msg.from)) {
      state.faulty++;
      reject(msg, 'sender');
    } else if (state.senders[msg.index] === 1) {
      state.duplicates++;
      reject(msg, 'duplicate');
    } else if (msg.step > state.step || !isAdmissible(msg.grad, env.d)) {
      state.faulty++;
      reject(msg, msg.step > state.step ? 'future' : 'admissible');
    } else {
      state.senders[msg.index] = 1;
      state.inbox.push(msg);
      judged(msg, true, 'quorum');
      maybeAggregate(state, self);
    }
  };
  return inPlace(
    (state: ServerState, event: ServerEvent, { self }): ServerState => {
      switch (event.type) {
        case 'start':
          state.params = event.params;
          state.phase = 'collecting';
          broadcast(state, self);
          return state;
        case 'deliver':
          if (event.msg.kind === 'gradient') receive(state, event.msg, self);
          else {
            state.faulty++; // a server takes gradients only
            reject(event.msg, 'kind');
          }
          return state;
        case 'timeout':
          if (event.step === state.step && state.phase === 'collecting') {
            env.history.record({ t: env.kernel.now, ev: 'timeout', node: env.id, step: state.step, have: state.inbox.length, need: env.quorum });
            if (env.policy === 'sync') state.timedOut = true;
            maybeAggregate(state, self);
            if (state.phase === 'collecting') resend(state, self);
          }
          return state;
        case 'aggregated': {
          const used = state.inbox;
          const senders = used.map((m) => m.from);
          const t = env.kernel.now;
          env.history.record({
            t,
            ev: 'aggregate',
            node: env.id,
            step: state.step,
            kind: 'gradient',
            used: senders,
            usedSteps: used.map((m) => m.step),
            ...(state.timedOut ? { timedOut: true } : {}),
          });
          const at = state.params;
          state.params = env.update(state.step, state.params, used);
          env.history.record({ t, ev: 'step', node: env.id, step: state.step, used: senders });
          env.onStep({ step: state.step, timeMs: env.kernel.now, params: state.params, at, used, timedOut: state.timedOut });
          state.step++;
          state.inbox = [];
          state.senders = new Uint8Array(n);
          state.timedOut = false;
          if (state.step >= env.steps) {
            state.phase = 'done';
            env.onDone();
          } else {
            state.phase = 'collecting';
            broadcast(state, self);
          }
          return state;
        }
      }
    },
    (): ServerState => ({
      phase: 'idle',
      step: 0,
      params: new Float32Array(0),
      inbox: [],
      senders: new Uint8Array(n),
      timedOut: false,
      stale: 0,
      faulty: 0,
      duplicates: 0,
      resent: 0,
    }),
  );
}
