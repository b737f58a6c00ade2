/**
 * A LiuBei worker's scatter phase (seed 002 Algorithm 1, lines 12–19): pull replica
 * (r + t + i) mod n_ps for i = 0 … f_ps, each pull timed out at max(sent, S_t) + 2Δ; on a reply,
 * G_t at the pulled model (and at w_own, started with the step), then the model filter
 * (model-filter.ts) and, on a model within its bound, the Lipschitz filter (lipschitz-filter.ts:
 * only such a model's coefficient becomes the replica's entry — a far model's coefficient measures
 * the loss between distant points, not a step's curvature, and would let a replica steer the
 * quantile; a reply that is no candidate step, i.e. not a finite d-vector, beyond the model
 * filter's bound or timed out, clears the replica's entry); the first model that passes both is
 * adopted, else the worker's own estimate w_local after f_ps + 1 failures.
 */
import { isAdmissible } from '../../gars/index.ts';
import type { GradientResult } from '../../learn/engine.ts';
import { computeThen } from '../runtime/compute.ts';
import { filterRecorder } from '../runtime/quorum.ts';
import { lipschitzCoefficient } from './lipschitz-filter.ts';
import type { PulledModelMsg } from './messages.ts';
import { gradientSpread, modelBound } from './model-filter.ts';
import { norm2Diff } from './vectors.ts';
import type { LiubeiWorkerEnv, LiubeiWorkerEvent, LiubeiWorkerState } from './worker-types.ts';

export interface ScatterHost {
  /** Send an event to the worker's own actor (now). */
  readonly send: (e: LiubeiWorkerEvent) => void;
  /** Send an event to the worker's own actor at virtual time `absMs`. */
  readonly timer: (absMs: number, e: LiubeiWorkerEvent) => void;
  /** Adopt `params` for the step (its gradient `known` when already computed), then send. */
  readonly adopt: (s: LiubeiWorkerState, params: Float32Array, used: readonly string[], known?: GradientResult) => void;
}

export function scatterSteps(env: LiubeiWorkerEnv, host: ScatterHost) {
  const judged = filterRecorder(env);
  const record = env.history.record.bind(env.history);
  const nPs = env.replicas.length;
  const pull = (s: LiubeiWorkerState) => {
    const step = s.step;
    s.phase = 'pulling';
    s.target = env.replicas[(env.start + step + s.attempt) % nPs];
    record({ t: env.kernel.now, ev: 'pull', node: env.id, step, from: s.target, attempt: s.attempt });
    env.tally({ kind: 'pull', step, from: s.target });
    env.send(s.target, { kind: 'pull', step, from: env.id, attempt: s.attempt });
    host.timer(Math.max(env.kernel.now, env.roundStart(step)) + 2 * env.deltaMs, { type: 'pull-timeout', step, attempt: s.attempt });
  };
  const next = (s: LiubeiWorkerState) => {
    s.attempt++;
    if (s.attempt <= env.fPs) return pull(s);
    env.tally({ kind: 'fallback', step: s.step });
    host.adopt(s, s.local, []);
  };
  /** The pulled replica's reply is no candidate step: its coefficient entry goes, the next replica is pulled. */
  const discard = (s: LiubeiWorkerState) => {
    env.lipschitz.forget(s.target);
    next(s);
  };
  const verdict = (s: LiubeiWorkerState, rule: string, accept: boolean, value: number, bound: number) => recordVerdict(env, s, rule, accept, value, bound);
  const check = (s: LiubeiWorkerState, gNew: GradientResult, gOwn: GradientResult | undefined) => {
    const wNew = s.pulled!;
    let accept = true;
    if (env.filters && gOwn !== undefined) {
      const dist = norm2Diff(wNew, s.local);
      const spread = gradientSpread(s.gOwn, gOwn.grad);
      const bound = modelBound({ lr: env.lr(s.step - 1), spread, ...env.modelFilter, T: env.T, step: s.step });
      verdict(s, 'model', dist <= bound, dist, bound);
      if (dist > bound) {
        env.tally({ kind: 'verdict', step: s.step, from: s.target, accept: false });
        return discard(s);
      }
      // Only a model within the bound is a candidate step: its coefficient becomes the replica's entry.
      const k = lipschitzCoefficient(gNew.grad, gOwn.grad, wNew, s.wOwn);
      const lip = env.lipschitz.judge(s.target, k);
      verdict(s, 'lipschitz', lip.accept, k, lip.bound);
      accept = lip.accept;
    }
    env.tally({ kind: 'verdict', step: s.step, from: s.target, accept });
    if (accept) host.adopt(s, wNew, [s.target], gNew);
    else next(s);
  };
  const onPulled = (s: LiubeiWorkerState, m: PulledModelMsg) => {
    if (s.phase !== 'pulling' || m.step !== s.step || m.attempt !== s.attempt || m.from !== s.target) return void s.counters.stale++;
    if (!isAdmissible(m.params, env.d)) {
      s.counters.faulty++;
      judged(m, false, 'admissible');
      env.tally({ kind: 'verdict', step: s.step, from: m.from, accept: false });
      return discard(s);
    }
    s.phase = 'checking';
    s.pulled = m.params;
    const { step, attempt } = s;
    const job = Promise.all([env.gradient(step, m.params), env.filters ? s.ownGrad : undefined]);
    computeThen(env.kernel, env.computeMs(env.kernel.now), job, ([gNew, gOwn]) => host.send({ type: 'checked', step, attempt, gNew, gOwn }));
  };
  return { pull, next, discard, check, onPulled };
}

/** A filter's verdict on the pulled model, in the history (when it is kept). */
function recordVerdict(env: LiubeiWorkerEnv, s: LiubeiWorkerState, rule: string, accept: boolean, value: number, bound: number): void {
  if (env.history.on)
    env.history.record({
      t: env.kernel.now,
      ev: 'filter',
      node: env.id,
      step: s.step,
      from: s.target,
      kind: 'pulled-model',
      accept,
      rule,
      ...finite('value', value),
      ...finite('bound', bound),
    });
}

/** A `value`/`bound` field only when finite (a record is plain JSON). */
function finite(key: 'value' | 'bound', x: number): Record<string, number> {
  return Number.isFinite(x) ? { [key]: x } : {};
}
