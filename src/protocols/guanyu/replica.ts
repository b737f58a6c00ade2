/**
 * A GuanYu server replica (El Mhamdi, Guerraoui, Guirguis, Rouault 2019) as an xstate actor.
 * Step t, phases:
 * 1. `gradients`: it has sent its model w_t to every worker; it admits the first q_wr gradients
 *    of step t (one per worker, finite, dimension d);
 * 2. `aggregating` (charged on the virtual clock): w̄ = w_t − γ·F(gradients), sent to every replica
 *    (its own copy is kept locally);
 * 3. `models`: it admits the first q_ps replica models w̄ of step t;
 * 4. `merging` (charged): w_{t+1} = coordinate-wise median of those models; step t+1 begins.
 * Messages of later steps are kept until their step; older ones are stale. A Byzantine replica
 * runs the same steps but its behaviour (`servers.attack`, workload/server-attacks) decides what
 * each recipient gets in place of its model (channel `model`, to the workers) and of its update
 * (channel `update`, to the replicas), and watches the updates it receives. A `crash` event
 * (`servers.crashes`) stops it for good: it handles nothing after, its pending computations included.
 */
import { PRIO } from '../../sim/kernel.ts';
import { inPlace } from '../../sim/logic.ts';
import type { Crash } from '../runtime/crash.ts';
import type { ReplicaWiring } from '../runtime/replicated-nodes.ts';
import type { GradientMsg } from '../runtime/messages.ts';
import type { Deliver, Self } from '../runtime/node.ts';
import { filterRecorder, StepQuorum, type QuorumCounters } from '../runtime/quorum.ts';
import type { ServerBehaviour } from '../workload/server-attacks/index.ts';
import type { GuanyuMessage, PeerModelMsg, ReplicaModelMsg } from './messages.ts';

/** The shared wiring (history: its filter decisions and aggregations; its steps go to `onStep`; mergeMs: the coordinate-wise median's time) and GuanYu's own. */
export interface ReplicaEnv extends ReplicaWiring {
  readonly toWorker: (to: string, msg: ReplicaModelMsg) => void;
  readonly toPeer: (to: string, msg: PeerModelMsg) => void;
  /** q_ps: replica models merged per step (this replica's own included). */
  readonly modelQuorum: number;
  /** w_{t+1} from the admitted replica models (coordinate-wise median). */
  readonly merge: (models: readonly Float32Array[]) => Float32Array;
  /** Byzantine replicas: what each recipient gets instead of the replica's model or update. */
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
  /** w_{t+1}, and w_t (the model the replica sent the workers at step t). */
  readonly params: Float32Array;
  readonly at: Float32Array;
  /** w̄_t, the update it sent the other replicas (before the merge). */
  readonly update: Float32Array;
  readonly used: readonly GradientMsg[];
}

export type ReplicaEvent =
  | { type: 'start'; params: Float32Array }
  | Deliver<GuanyuMessage>
  | { type: 'aggregated'; step: number }
  | { type: 'merged'; step: number }
  | Crash;

export interface ReplicaState {
  phase: 'idle' | 'gradients' | 'aggregating' | 'models' | 'merging' | 'done' | 'crashed';
  step: number;
  params: Float32Array;
  counters: QuorumCounters;
  gradients: StepQuorum<GradientMsg>;
  models: StepQuorum<PeerModelMsg>;
}

/** The history's `aggregate` record: `id` combined `used` (admission order) for `step`. */
function aggregated(env: ReplicaEnv, step: number, kind: string, used: readonly { from: string; step: number }[]): void {
  env.history.record({ t: env.kernel.now, ev: 'aggregate', node: env.id, step, kind, used: used.map((m) => m.from), usedSteps: used.map((m) => m.step) });
}

export function replicaLogic(env: ReplicaEnv) {
  const judged = filterRecorder(env);
  /** What each recipient gets on `channel`: the model itself, or what the Byzantine behaviour chose (undefined: nothing). */
  const outgoing = (channel: string, step: number, params: Float32Array, to: readonly string[]): readonly unknown[] =>
    env.byzantine ? env.byzantine.models(channel, step, params, to) : to.map(() => params);
  const send = (step: number, params: Float32Array) => {
    const out = outgoing('model', step, params, env.workers);
    env.workers.forEach((w, i) => out[i] !== undefined && env.toWorker(w, { kind: 'replica-model', step, from: env.id, params: out[i] }));
  };
  const collectGradient = (s: ReplicaState, m: GradientMsg, self: Self<ReplicaEvent>) => {
    if (s.gradients.offer(m, s.step, s.phase === 'gradients') && s.gradients.size >= env.gradientQuorum) {
      s.phase = 'aggregating';
      const step = s.step;
      env.kernel.schedule(env.aggregateMs(s.gradients.size), () => self.send({ type: 'aggregated', step }), PRIO.compute);
    }
  };
  const collectModel = (s: ReplicaState, m: PeerModelMsg, self: Self<ReplicaEvent>) => {
    // The first q_ps models, this replica's own always among them (it joins on entering `models`).
    const open = s.phase === 'gradients' || s.phase === 'aggregating' || s.phase === 'models';
    const capacity = s.phase === 'models' ? env.modelQuorum : env.modelQuorum - 1;
    if (s.models.offer(m, s.step, open, capacity)) mergeIfReady(s, self);
  };
  const mergeIfReady = (s: ReplicaState, self: Self<ReplicaEvent>) => {
    if (s.phase === 'models' && s.models.size >= env.modelQuorum) {
      s.phase = 'merging';
      const step = s.step;
      env.kernel.schedule(env.mergeMs(s.models.size), () => self.send({ type: 'merged', step }), PRIO.compute);
    }
  };
  const begin = (s: ReplicaState, self: Self<ReplicaEvent>) => {
    s.phase = 'gradients';
    send(s.step, s.params);
    for (const m of s.models.advance(s.step)) collectModel(s, m, self);
    for (const m of s.gradients.advance(s.step)) collectGradient(s, m, self);
  };
  return inPlace(
    (s: ReplicaState, e: ReplicaEvent, { self }) => {
      if (s.phase === 'crashed') return; // crash-stop: nothing after, not even its own pending computations
      switch (e.type) {
        case 'crash':
          if (s.phase === 'done') return; // it finished every step: nothing left to stop
          s.phase = 'crashed';
          env.onCrash(s.step);
          return;
        case 'start':
          s.params = e.params;
          begin(s, self);
          return;
        case 'deliver':
          if (s.phase === 'done' || s.phase === 'idle') return;
          if (e.msg.kind === 'gradient') collectGradient(s, e.msg, self);
          else if (e.msg.kind === 'peer-model') {
            env.byzantine?.observe(e.msg.from, e.msg.step, e.msg.params);
            collectModel(s, e.msg, self);
          } else {
            s.counters.faulty++; // a replica takes gradients and replica updates only
            judged(e.msg, false, 'kind');
          }
          return;
        case 'aggregated': {
          aggregated(env, s.step, 'gradient', s.gradients.messages);
          const mine = env.update(s.step, s.params, s.gradients.messages);
          const out = outgoing('update', s.step, mine, env.peers);
          env.peers.forEach((p, i) => out[i] !== undefined && env.toPeer(p, { kind: 'peer-model', step: s.step, from: env.id, params: out[i] }));
          s.phase = 'models';
          s.models.offer({ kind: 'peer-model', step: s.step, from: env.id, params: mine }, s.step, true);
          mergeIfReady(s, self);
          return;
        }
        case 'merged': {
          const used = s.gradients.messages;
          aggregated(env, s.step, 'peer-model', s.models.messages);
          const at = s.params;
          const update = s.models.messages.find((m) => m.from === env.id)!.params as Float32Array;
          s.params = env.merge(s.models.messages.map((m) => m.params as Float32Array));
          env.onStep({ replica: env.id, step: s.step, timeMs: env.kernel.now, params: s.params, at, update, used });
          s.step++;
          if (s.step >= env.steps) {
            s.phase = 'done';
            env.onDone();
          } else begin(s, self);
          return;
        }
      }
    },
    (): ReplicaState => {
      const counters = { stale: 0, faulty: 0, duplicates: 0 };
      return {
        phase: 'idle',
        step: 0,
        params: new Float32Array(0),
        counters,
        gradients: new StepQuorum<GradientMsg>(env.d, (m) => m.grad, counters, judged),
        models: new StepQuorum<PeerModelMsg>(env.d, (m) => m.params, counters, judged),
      };
    },
  );
}
