/**
 * A LiuBei replica's round (seed 002 Algorithm 2; the phases are described in replica.ts): answering
 * pulls with what it holds (or what its Byzantine behaviour crafts), the gradient quorum and its
 * aggregation, the gather and its merge, and the end of a step. The actor (replica.ts) routes its
 * events here.
 */
import { PRIO } from '../../sim/kernel.ts';
import type { GradientMsg } from '../runtime/messages.ts';
import type { Self } from '../runtime/node.ts';
import { isGather } from './config.ts';
import type { GatherModelMsg, PullMsg } from './messages.ts';
import type { ReplicaEnv, ReplicaEvent, ReplicaState } from './replica-types.ts';

type S = Self<ReplicaEvent>;

export function replicaRound(env: ReplicaEnv) {
  const outgoing = (channel: string, step: number, params: Float32Array, to: readonly string[]): readonly unknown[] =>
    env.byzantine ? env.byzantine.models(channel, step, params, to) : to.map(() => params);
  const at = (absMs: number, self: S, e: ReplicaEvent) => env.kernel.schedule(Math.max(0, absMs - env.kernel.now), () => self.send(e), PRIO.timer);
  const answer = (s: ReplicaState, m: PullMsg) => {
    const out = outgoing('model', s.step, s.params, [m.from]);
    if (out[0] !== undefined) env.send(m.from, { kind: 'pulled-model', step: s.step, from: env.id, attempt: m.attempt, params: out[0] });
  };
  const aggregateIfReady = (s: ReplicaState, self: S) => {
    const have = s.gradients.size;
    if (s.phase !== 'gradients' || !(have >= env.workers.length || (s.late && have >= env.gradientQuorum))) return;
    s.phase = 'aggregating';
    const step = s.step;
    env.kernel.schedule(env.aggregateMs(have), () => self.send({ type: 'aggregated', step }), PRIO.compute);
  };
  const mergeIfReady = (s: ReplicaState, self: S) => {
    const have = s.gathers.size;
    if (s.phase !== 'gathering' || !(have >= env.nPs || (s.late && have >= env.nPs - env.fPs))) return;
    s.phase = 'merging';
    const step = s.step;
    env.kernel.schedule(env.mergeMs(have), () => self.send({ type: 'merged', step }), PRIO.compute);
  };
  const begin = (s: ReplicaState, self: S) => {
    s.phase = 'gradients';
    s.late = false;
    for (const m of s.pulls.get(s.step) ?? []) answer(s, m);
    s.pulls.delete(s.step);
    at(env.gradientDeadline(s.step), self, { type: 'deadline', step: s.step, what: 'gradients' });
    for (const m of s.gradients.advance(s.step)) s.gradients.offer(m, s.step, true, env.workers.length);
    aggregateIfReady(s, self);
  };
  const gather = (s: ReplicaState, self: S, next: Float32Array) => {
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
  const finish = (s: ReplicaState, self: S, params: Float32Array) => {
    const beforeGather = s.phase === 'merging' ? s.next : undefined;
    env.onStep({ replica: env.id, step: s.step, timeMs: env.kernel.now, params, at: s.params, beforeGather, used: s.gradients.messages });
    s.params = params;
    s.next = undefined;
    s.step++;
    if (s.step >= env.steps) {
      s.phase = 'done';
      env.onDone();
    } else begin(s, self);
  };
  return { answer, aggregateIfReady, mergeIfReady, begin, ...replicaEnds(env, gather, finish) };
}

/** The ends of the two computations: the aggregate w' (then the gather, or the step's end) and the merged model. */
function replicaEnds(
  env: ReplicaEnv,
  gather: (s: ReplicaState, self: S, next: Float32Array) => void,
  finish: (s: ReplicaState, self: S, params: Float32Array) => void,
) {
  const recordAggregate = (s: ReplicaState, step: number, kind: 'gradient' | 'gather-model', used: readonly (GradientMsg | GatherModelMsg)[]) =>
    env.history.record({
      t: env.kernel.now,
      ev: 'aggregate',
      node: env.id,
      step,
      kind,
      used: used.map((m) => m.from),
      usedSteps: used.map((m) => m.step),
      ...(s.late ? { timedOut: true } : {}),
    });
  const aggregated = (s: ReplicaState, self: S) => {
    const used = s.gradients.messages;
    recordAggregate(s, s.step, 'gradient', used);
    const next = env.update(s.step, s.params, used);
    if (s.step + 1 < env.steps && isGather(s.step + 1, env.T)) {
      s.next = next;
      return gather(s, self, next);
    }
    finish(s, self, next);
  };
  const merged = (s: ReplicaState, self: S) => {
    const used = s.gathers.messages;
    recordAggregate(s, s.step + 1, 'gather-model', used);
    finish(s, self, env.merge(used.map((m) => m.params as Float32Array)));
  };
  return { aggregated, merged };
}
