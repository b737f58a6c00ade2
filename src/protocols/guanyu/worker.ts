import { inPlace } from '../../sim/logic.ts';
import { computeThen } from '../runtime/compute.ts';
import type { Crash } from '../runtime/crash.ts';
import type { GradientMsg } from '../runtime/messages.ts';
import type { Deliver, Self } from '../runtime/node.ts';
import type { WorkerWiring } from '../runtime/replicated-nodes.ts';
import { filterRecorder, StepQuorum, type QuorumCounters } from '../runtime/quorum.ts';
import type { Payload } from '../workload/payload.ts';
import type { GuanyuMessage, ReplicaModelMsg } from './messages.ts';

/** The shared wiring (history: where it records its filter decisions, model merges, omissions and crash by step; crashAtStep: it stops when that step begins) and GuanYu's own. */
export interface GuanyuWorkerEnv extends WorkerWiring<GradientMsg> {
  /** q_ps: replica models awaited per step. */
  readonly modelQuorum: number;
  readonly merge: (models: readonly Float32Array[]) => Float32Array;
}

export type GuanyuWorkerEvent = Deliver<GuanyuMessage> | { type: 'done'; step: number; payload: Payload } | Crash;

export interface GuanyuWorkerState {
  phase: 'waiting' | 'computing' | 'crashed' | 'done';
  step: number;
  counters: QuorumCounters;
  models: StepQuorum<ReplicaModelMsg>;
}

export function guanyuWorkerLogic(env: GuanyuWorkerEnv) {
  const judged = filterRecorder(env);
  const crashedAt = (step: number) => env.history.record({ t: env.kernel.now, ev: 'crash', node: env.id, step });
  const collect = (s: GuanyuWorkerState, m: ReplicaModelMsg, self: Self<GuanyuWorkerEvent>) => {
    if (!s.models.offer(m, s.step, s.phase === 'waiting') || s.models.size < env.modelQuorum) return;
    const merged = s.models.messages;
    env.history.record({
      t: env.kernel.now,
      ev: 'aggregate',
      node: env.id,
      step: s.step,
      kind: 'replica-model',
      used: merged.map((x) => x.from),
      usedSteps: merged.map((x) => x.step),
    });
    const params = env.merge(s.models.messages.map((x) => x.params as Float32Array));
    const step = s.step;
    const job = env.produce(step, params);
    s.phase = 'computing';
    computeThen(env.kernel, env.computeMs(env.kernel.now), job, (payload) => self.send({ type: 'done', step, payload }));
  };
  return inPlace(
    (s: GuanyuWorkerState, e: GuanyuWorkerEvent, { self }) => {
      if (s.phase === 'crashed' || s.phase === 'done') return;
      switch (e.type) {
        case 'deliver':
          if (e.msg.kind === 'replica-model') collect(s, e.msg, self); // workers take replica models only
          return;
        case 'done': {
          const msg: GradientMsg = { kind: 'gradient', step: e.step, from: env.id, index: env.index, grad: e.payload.grad, loss: e.payload.loss };
          for (const r of env.replicas)
            if (!(env.omissionRate > 0 && env.rng() < env.omissionRate)) env.send(r, msg);
            else env.history.record({ t: env.kernel.now, ev: 'omit', node: env.id, step: e.step, kind: 'gradient', to: r });
          s.step++;
          s.phase = s.step >= env.steps ? 'done' : env.crashAtStep !== undefined && s.step >= env.crashAtStep ? 'crashed' : 'waiting';
          if (s.phase === 'crashed') crashedAt(s.step);
          for (const m of s.models.advance(s.step)) collect(s, m, self);
          return;
        }
        case 'crash':
          s.phase = 'crashed';
          return;
      }
    },
    (): GuanyuWorkerState => {
      const counters = { stale: 0, faulty: 0, duplicates: 0 };
      if (env.crashAtStep === 0) crashedAt(0);
      return {
        phase: env.crashAtStep === 0 ? 'crashed' : 'waiting',
        step: 0,
        counters,
        models: new StepQuorum<ReplicaModelMsg>(env.d, (m) => m.params, counters, judged),
      };
    },
  );
}
