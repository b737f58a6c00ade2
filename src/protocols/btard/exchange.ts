/**
 * A BTARD round's exchange (phases 1–2, peer.ts): start the round among the current members,
 * compute the gradient once per step, scatter its parts with the commitment, aggregate the parts
 * received with CenteredClip and publish the result (or, deviating, a wrong one).
 */
import { PRIO } from '../../sim/kernel.ts';
import { computeThen } from '../runtime/compute.ts';
import { isFiniteVector, partLength, splitParts } from './butterfly.ts';
import { clipAggregate } from './clip.ts';
import { digestOf } from './digest.ts';
import type { AggregateMsg, BtardMessage } from './messages.ts';
import type { Peer } from './peer-core.ts';
import { Round } from './round.ts';

export const roundKey = (step: number, round: number): string => `${step}/${round}`;

/** Start round (s.step, s.round) among s.members: compute the gradient (once per step) or scatter the one kept; replay its early messages. */
export function begin(p: Peer): void {
  const { env, s } = p;
  const m = s.members.length;
  s.r = new Round(s.step, s.round, s.members, partLength(env.d, Math.max(1, m)), s.members.indexOf(env.id));
  if (s.r.me < 0) {
    s.phase = 'out';
    return;
  }
  if (s.payload === undefined) {
    s.phase = 'computing';
    const step = s.step;
    computeThen(env.kernel, env.computeMs(env.kernel.now), env.produce(step, s.params), (payload) => p.self.send({ type: 'computed', step, payload }));
  } else scatter(p);
  const early: BtardMessage[] = s.later.get(roundKey(s.step, s.round)) ?? [];
  s.later.delete(roundKey(s.step, s.round));
  for (const key of s.later.keys()) if (Number(key.split('/')[0]) < s.step) s.later.delete(key); // rounds that never came
  for (const msg of early) p.receive(msg);
}

/** Phase 1: my parts to their aggregators, each with my commitment. */
export function scatter(p: Peer): void {
  const { env, s } = p;
  const { r } = s;
  const m = s.members.length;
  const grad = s.payload!.grad;
  // a malformed gradient is sent as is, and left out by its receivers
  const parts: unknown[] = grad instanceof Float32Array && grad.length === env.d ? splitParts(grad, m) : Array.from({ length: m }, () => grad);
  const commit = parts.map(digestOf);
  r.mine = { parts, commit };
  s.phase = 'parts';
  s.members.forEach((to, j) => {
    const msg = { kind: 'part' as const, step: s.step, round: s.round, from: env.id, index: j, data: parts[j], commit, loss: s.payload!.loss };
    if (to === env.id) p.receive(msg);
    else p.sendTo(to, msg);
  });
  p.arm('parts', 0);
  p.progress();
}

/** Phase 2: CenteredClip of the parts received (finite vectors of the part's length, in member order), charged on the clock. */
export function aggregate(p: Peer): void {
  const { env, s } = p;
  const { r } = s;
  s.phase = 'aggregating';
  r.used = s.members.filter((c) => isFiniteVector(r.parts.get(c)?.data, r.len) && r.parts.get(c)!.data instanceof Float32Array);
  const { step, round } = s;
  env.kernel.schedule(env.aggregateMs(r.used.length, r.len), () => p.self.send({ type: 'aggregated', step, round }), PRIO.compute);
}

/** Publish my part's aggregate (a deviation may replace it) with the contributors used. */
export function publish(p: Peer): void {
  const { env, s } = p;
  const { r } = s;
  const right = clipAggregate(
    r.used.map((c) => r.parts.get(c)!.data as Float32Array),
    r.len,
    env.settings.clip,
  );
  const wrong = p.deviation()?.aggregate;
  const x = wrong ? wrong(right, env.conduct.rng(s.step, s.round, 'aggregate')) : right;
  s.tampered = x !== right && x.some((v, k) => v !== right[k]);
  env.report.published({ step: s.step, round: s.round, by: env.id, part: r.me, used: r.used, tampered: s.tampered });
  s.phase = 'aggregates';
  const msg: AggregateMsg = { kind: 'aggregate', step: s.step, round: s.round, from: env.id, index: r.me, data: x, used: r.used };
  p.broadcast(msg);
  p.arm('aggregates', env.aggregateMs(s.members.length, r.len));
  p.progress();
}
