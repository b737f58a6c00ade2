/**
 * A LiuBei worker's steps (worker.ts describes them): adopting a model for the step (its gradient,
 * then its payload), beginning a step (the shared initial model, a gather, or the scatter's pulls),
 * merging the gather models, and sending the step's gradient to every replica before the next step.
 */
import type { GradientResult } from '../../learn/engine.ts';
import { PRIO } from '../../sim/kernel.ts';
import { computeThen } from '../runtime/compute.ts';
import { isGather } from './config.ts';
import { localEstimate } from './model-filter.ts';
import { scatterSteps } from './scatter.ts';
import type { LiubeiWorkerEnv, LiubeiWorkerEvent, LiubeiWorkerState } from './worker-types.ts';

/** How the steps reach the worker's own actor: now, and at virtual time `absMs`. */
export interface WorkerHost {
  readonly send: (e: LiubeiWorkerEvent) => void;
  readonly timer: (absMs: number, e: LiubeiWorkerEvent) => void;
}

export function workerSteps(env: LiubeiWorkerEnv, host: WorkerHost) {
  const record = env.history.record.bind(env.history);
  const nPs = env.replicas.length;
  /** Adopt `params` for the step: its gradient (computed unless given) and payload, then send. */
  const adopt = (s: LiubeiWorkerState, params: Float32Array, used: readonly string[], known?: GradientResult) => {
    s.phase = 'computing';
    const step = s.step;
    const job = Promise.all([known ?? env.gradient(step, params), env.produce(step, params)]);
    computeThen(env.kernel, known ? 0 : env.computeMs(env.kernel.now), job, ([g, payload]) =>
      host.send({ type: 'adopted', step, params, grad: g.grad, payload, used }),
    );
  };
  const scatter = scatterSteps(env, { ...host, adopt });
  const mergeIfReady = (s: LiubeiWorkerState) => {
    const have = s.gathers.size;
    if (s.phase !== 'gathering' || !(have >= nPs || (s.late && have >= nPs - env.fPs))) return;
    const used = s.gathers.messages;
    record({
      t: env.kernel.now,
      ev: 'aggregate',
      node: env.id,
      step: s.step,
      kind: 'gather-model',
      used: used.map((m) => m.from),
      usedSteps: used.map((m) => m.step),
      ...(s.late ? { timedOut: true } : {}),
    });
    s.phase = 'computing';
    const merged = env.merge(used.map((m) => m.params as Float32Array));
    const step = s.step;
    const from = used.map((m) => m.from);
    env.kernel.schedule(env.mergeMs(have), () => host.send({ type: 'merged', step, params: merged, used: from }), PRIO.compute);
  };
  const begin = (s: LiubeiWorkerState) => {
    s.attempt = 0;
    s.late = false;
    if (s.step === 0) return adopt(s, s.wOwn, []);
    if (isGather(s.step, env.T)) {
      s.phase = 'gathering';
      for (const m of s.gathers.advance(s.step)) s.gathers.offer(m, s.step, true, nPs);
      host.timer(env.gatherDeadline(s.step), { type: 'gather-deadline', step: s.step });
      return mergeIfReady(s);
    }
    s.local = localEstimate(s.wOwn, s.gOwn, env.lr(s.step - 1));
    s.ownGrad = env.filters ? env.gradient(s.step, s.wOwn) : undefined;
    scatter.pull(s);
  };
  return { adopt, scatter, mergeIfReady, begin, sent: sender(env, begin) };
}

/** The step's end: its gradient at the adopted model to every replica (omissions drawn), then the next step. */
function sender(env: LiubeiWorkerEnv, begin: (s: LiubeiWorkerState) => void) {
  const record = env.history.record.bind(env.history);
  return (s: LiubeiWorkerState, e: Extract<LiubeiWorkerEvent, { type: 'adopted' }>) => {
    const msg = { kind: 'gradient' as const, step: e.step, from: env.id, index: env.index, grad: e.payload.grad, loss: e.payload.loss };
    for (const r of env.replicas)
      if (!(env.omissionRate > 0 && env.rng() < env.omissionRate)) env.send(r, msg);
      else record({ t: env.kernel.now, ev: 'omit', node: env.id, step: e.step, kind: 'gradient', to: r });
    record({ t: env.kernel.now, ev: 'step', node: env.id, step: e.step, used: e.used });
    s.wOwn = e.params;
    s.gOwn = e.grad;
    s.pulled = undefined;
    s.ownGrad = undefined;
    s.step++;
    s.phase = s.step >= env.steps ? 'done' : env.crashAtStep !== undefined && s.step >= env.crashAtStep ? 'crashed' : 'idle';
    if (s.phase === 'crashed') record({ t: env.kernel.now, ev: 'crash', node: env.id, step: s.step });
    if (s.phase === 'idle') begin(s);
  };
}
