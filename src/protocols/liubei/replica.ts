/**
 * A LiuBei server replica (El Mhamdi, Guerraoui, Guirguis, Rouault 2019; seed 002 Algorithm 2) as an
 * xstate actor. Step t, holding its model w_t:
 * 1. `gradients`: it answers every worker's pull of step t with w_t (pulls of later steps wait for
 *    their step) and admits the workers' step-t gradients (one per worker, finite, dimension d)
 *    until it has all n, or until the round's gradient deadline D_t with at least q_wr of them;
 * 2. `aggregating` (charged on the virtual clock): w' = w_t − γ·F(gradients);
 * 3. if t + 1 is a gather step ((t + 1) mod T = 0): `gathering` — it sends w' to every replica and
 *    every worker and admits the replicas' models of step t + 1 (its own included) until it has all
 *    n_ps, or until the gather deadline with at least n_ps − f_ps; `merging` (charged):
 *    w_{t+1} = MeaMed of them (or their average: `liubei.gather: average`); else w_{t+1} = w'.
 * A Byzantine replica runs the same steps; its behaviour (`servers.attack`, workload/server-attacks)
 * decides what each recipient gets in place of its model (channel `model`: pull replies; `gather`:
 * the gather models) and watches the gather models it receives. A `crash` event (`servers.crashes`)
 * stops it for good: it answers no pull and sends nothing after, its pending computations included.
 */
import { PRIO } from '../../sim/kernel.ts';
import { inPlace } from '../../sim/logic.ts';
import type { Crash } from '../runtime/crash.ts';
import type { ReplicaWiring } from '../runtime/replicated-nodes.ts';
import type { GradientMsg } from '../runtime/messages.ts';
import type { Deliver, Self } from '../runtime/node.ts';
import { filterRecorder, StepQuorum, type QuorumCounters } from '../runtime/quorum.ts';
import type { ServerBehaviour } from '../workload/server-attacks/index.ts';
import { isGather } from './config.ts';
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

export function replicaLogic(env: ReplicaEnv) {
  const judged = filterRecorder(env);
  const outgoing = (channel: string, step: number, params: Float32Array, to: readonly string[]): readonly unknown[] =>
    env.byzantine ? env.byzantine.models(channel, step, params, to) : to.map(() => params);
  const at = (absMs: number, self: Self<ReplicaEvent>, e: ReplicaEvent) =>
    env.kernel.schedule(Math.max(0, absMs - env.kernel.now), () => self.send(e), PRIO.timer);
  const timedOut = (s: ReplicaState, have: number, need: number) =>
    env.history.record({ t: env.kernel.now, ev: 'timeout', node: env.id, step: s.step, have, need });

  const answer = (s: ReplicaState, m: PullMsg) => {
    const out = outgoing('model', s.step, s.params, [m.from]);
    if (out[0] !== undefined) env.send(m.from, { kind: 'pulled-model', step: s.step, from: env.id, attempt: m.attempt, params: out[0] });
  };
  const onPull = (s: ReplicaState, m: PullMsg) => {
    if (m.step === s.step) return answer(s, m);
    if (m.step < s.step) return void s.counters.stale++; // a pull of a step it no longer holds
    const list = s.pulls.get(m.step) ?? [];
    list.push(m);
    s.pulls.set(m.step, list);
  };
  const aggregateIfReady = (s: ReplicaState, self: Self<ReplicaEvent>) => {
    const have = s.gradients.size;
    if (s.phase !== 'gradients' || !(have >= env.workers.length || (s.late && have >= env.gradientQuorum))) return;
    s.phase = 'aggregating';
    const step = s.step;
    env.kernel.schedule(env.aggregateMs(have), () => self.send({ type: 'aggregated', step }), PRIO.compute);
  };
  const mergeIfReady = (s: ReplicaState, self: Self<ReplicaEvent>) => {
    const have = s.gathers.size;
    if (s.phase !== 'gathering' || !(have >= env.nPs || (s.late && have >= env.nPs - env.fPs))) return;
    s.phase = 'merging';
    const step = s.step;
    env.kernel.schedule(env.mergeMs(have), () => self.send({ type: 'merged', step }), PRIO.compute);
  };
  const begin = (s: ReplicaState, self: Self<ReplicaEvent>) => {
    s.phase = 'gradients';
    s.late = false;
    for (const m of s.pulls.get(s.step) ?? []) answer(s, m);
    s.pulls.delete(s.step);
    at(env.gradientDeadline(s.step), self, { type: 'deadline', step: s.step, what: 'gradients' });
    for (const m of s.gradients.advance(s.step)) s.gradients.offer(m, s.step, true, env.workers.length);
    aggregateIfReady(s, self);
  };
  const gather = (s: ReplicaState, self: Self<ReplicaEvent>, next: Float32Array) => {
    s.phase = 'gathering';
    s.late = false;
    const step = s.step + 1;
    const to = [...env.peers, ...env.workers];
    const out = outgoing('gather', step, next, to);
    to.forEach((r, i) => out[i] !== undefined && env.send(r, { kind: 'gather-model', step, from: env.id, params: out[i] }));
    const early = s.gathers.advance(step);
    s.gathers.offer({ kind: 'gather-model', step, from: env.id, params: next }, step, true);
    for (const m of early) s.gathers.offer(m, step, true, env.nPs);
    at(env.gatherDeadline(step), self, { type: 'deadline', step: s.step, what: 'gather' });
    mergeIfReady(s, self);
  };
  const finish = (s: ReplicaState, self: Self<ReplicaEvent>, params: Float32Array) => {
    env.onStep({
      replica: env.id,
      step: s.step,
      timeMs: env.kernel.now,
      params,
      at: s.params,
      beforeGather: s.phase === 'merging' ? s.next : undefined,
      used: s.gradients.messages,
    });
    s.params = params;
    s.next = undefined;
    s.step++;
    if (s.step >= env.steps) {
      s.phase = 'done';
      env.onDone();
    } else begin(s, self);
  };
  const deliver = (s: ReplicaState, m: LiubeiMessage, self: Self<ReplicaEvent>) => {
    if (m.kind === 'pull') onPull(s, m);
    else if (m.kind === 'gradient') {
      s.gradients.offer(m, s.step, s.phase === 'gradients', env.workers.length);
      aggregateIfReady(s, self);
    } else if (m.kind === 'gather-model') {
      env.byzantine?.observe(m.from, m.step, m.params);
      const gathering = s.phase === 'gathering';
      s.gathers.offer(m, gathering ? s.step + 1 : s.step, gathering, env.nPs);
      mergeIfReady(s, self);
    } else {
      s.counters.faulty++; // a replica takes pulls, gradients and gather models only
      judged(m, false, 'kind');
    }
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
          return begin(s, self);
        case 'deliver':
          if (s.phase !== 'done' && s.phase !== 'idle') deliver(s, e.msg, self);
          return;
        case 'deadline': {
          const phase = e.what === 'gradients' ? 'gradients' : 'gathering';
          if (e.step !== s.step || s.phase !== phase) return;
          s.late = true;
          const have = e.what === 'gradients' ? s.gradients.size : s.gathers.size;
          const need = e.what === 'gradients' ? env.gradientQuorum : env.nPs - env.fPs;
          if (have < need) timedOut(s, have, need);
          return e.what === 'gradients' ? aggregateIfReady(s, self) : mergeIfReady(s, self);
        }
        case 'aggregated': {
          const used = s.gradients.messages;
          env.history.record({
            t: env.kernel.now,
            ev: 'aggregate',
            node: env.id,
            step: s.step,
            kind: 'gradient',
            used: used.map((m) => m.from),
            usedSteps: used.map((m) => m.step),
            ...(s.late ? { timedOut: true } : {}),
          });
          const next = env.update(s.step, s.params, used);
          if (s.step + 1 < env.steps && isGather(s.step + 1, env.T)) {
            s.next = next;
            return gather(s, self, next);
          }
          return finish(s, self, next);
        }
        case 'merged': {
          const used = s.gathers.messages;
          env.history.record({
            t: env.kernel.now,
            ev: 'aggregate',
            node: env.id,
            step: s.step + 1,
            kind: 'gather-model',
            used: used.map((m) => m.from),
            usedSteps: used.map((m) => m.step),
            ...(s.late ? { timedOut: true } : {}),
          });
          return finish(s, self, env.merge(used.map((m) => m.params as Float32Array)));
        }
      }
    },
    (): ReplicaState => {
      const counters = { stale: 0, faulty: 0, duplicates: 0 };
      return {
        phase: 'idle',
        step: 0,
        params: new Float32Array(0),
        next: undefined,
        late: false,
        counters,
        pulls: new Map(),
        gradients: new StepQuorum<GradientMsg>(env.d, (m) => m.grad, counters, judged),
        gathers: new StepQuorum<GatherModelMsg>(env.d, (m) => m.params, counters, judged),
      };
    },
  );
}
