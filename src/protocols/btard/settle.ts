/**
 * A BTARD round's settlement (phases 4–5, peer.ts): silence, part checks, validators' flags,
 * reveals and accusations judged by recomputation (decide.ts), then the step applied or the round
 * run again without the banned.
 */
import { PRIO } from '../../sim/kernel.ts';
import { computeThen } from '../runtime/compute.ts';
import { assembleParts } from './butterfly.ts';
import { clipAggregate } from './clip.ts';
import { accusationsOf, ban, collectFlags, judgeFlags, judgeReveals, partStatus, settledBans, silenceBans } from './decide.ts';
import { begin } from './exchange.ts';
import type { RevealMsg } from './messages.ts';
import type { Peer } from './peer-core.ts';

/** Phase 4: silence, part checks, flags, my reveals of the failing parts, and every accused gradient recomputed. */
export function resolve(p: Peer): void {
  const { env, s } = p;
  const { r } = s;
  s.phase = 'resolving';
  silenceBans(r);
  s.members.forEach((a, j) => {
    const status = partStatus(r, j, env.settings.clip);
    if (status === 'pass') r.accepted.add(j);
    else if (status === 'fail') r.failing.push(j);
    else if (status === 'malformed')
      ban(r, a, { reason: 'wrong-aggregate', detail: `part ${j}: not a finite vector of the part's length, or a malformed list of contributors` });
  });
  collectFlags(r);
  for (const f of r.flags) if (r.accepted.has(f.part) && !r.failing.includes(f.part)) r.failing.push(f.part);
  r.failing.sort((a, b) => a - b);
  for (const j of r.failing)
    if (r.usedOf(j)!.includes(env.id))
      p.broadcast({ kind: 'reveal', step: s.step, round: s.round, from: env.id, index: j, data: r.mine!.parts[j] } satisfies RevealMsg);
  if (r.failing.length > 0) p.arm('resolving', 0);
  r.accusations = accusationsOf(r);
  const targets = [...r.accusations.keys()].filter((t) => r.parts.has(t));
  if (targets.length > 0) {
    r.jobs++;
    const cost = targets.length * env.computeMs(env.kernel.now);
    env.report.cost(env.id, cost);
    const { step, round, params } = s;
    const job = Promise.all(targets.map((t) => env.recompute(t, step, params))).then((gs) => new Map(targets.map((t, k) => [t, gs[k]])));
    computeThen(env.kernel, cost, job, (grads) => p.self.send({ type: 'verified', step, round, grads }));
  }
  p.progress();
}

/** The reveals are in (or their deadline passed): judge them and the flags, recompute the revealed parts' aggregates (charged on the clock). */
export function judgeRevealed(p: Peer): void {
  const { env, s } = p;
  const { r } = s;
  r.revealsJudged = true;
  const todo = new Map<number, Float32Array[]>();
  for (const j of r.failing) {
    const parts = judgeReveals(r, j, env.settings.clip);
    if (parts !== undefined) todo.set(j, parts);
  }
  judgeFlags(r);
  if (todo.size === 0) return;
  r.jobs++;
  const cost = [...todo.values()].reduce((ms, parts) => ms + env.aggregateMs(parts.length, r.len), 0);
  env.report.cost(env.id, cost);
  const { step, round } = s;
  const parts = new Map([...todo].map(([j, ps]) => [j, clipAggregate(ps, r.len, env.settings.clip)]));
  env.kernel.schedule(cost, () => p.self.send({ type: 'recomputed', step, round, parts }), PRIO.compute);
}

/** Phase 5: apply the step, or run it again without the banned. */
export function decide(p: Peer): void {
  const { env, s } = p;
  const { r } = s;
  const bans = settledBans(r);
  const accepted = s.members.map((_, j) => r.accepted.has(j));
  const applied = bans.length === 0 && accepted.every(Boolean);
  env.report.decision({
    peer: env.id,
    step: s.step,
    round: s.round,
    timeMs: env.kernel.now,
    members: s.members,
    bans,
    accepted,
    applied,
    reveals: r.failing.length,
  });
  if (applied) {
    const xs = s.members.map((a) => r.aggregates.get(a)!.data as Float64Array);
    s.params = env.adopt(env.apply(s.step, s.params, assembleParts(xs, env.d)));
    const losses = new Map(s.members.flatMap((c) => (r.parts.has(c) ? [[c, r.parts.get(c)!.loss] as const] : [])));
    env.report.step({ peer: env.id, step: s.step, rounds: s.round + 1, timeMs: env.kernel.now, params: s.params, members: s.members, losses });
    s.step++;
    s.round = 0;
    s.payload = undefined;
    if (s.step >= env.steps) {
      s.phase = 'done';
      env.report.done();
      return;
    }
  } else {
    if (bans.length === 0) throw new Error(`btard: ${env.id} step ${s.step} round ${s.round}: a part was neither accepted nor anyone banned`);
    const out = new Set(bans.map((b) => b.id));
    s.members = s.members.filter((c) => !out.has(c));
    s.round++;
  }
  begin(p);
}
