/**
 * A BTARD round's verification (phase 3, peer.ts): from the published aggregates every member
 * draws the round's shared randomness, sends its check values (and, deviating, false ones or
 * accusations), and each drawn validator recomputes its target's gradient — and from it the check
 * values the target owed — and broadcasts its verdict.
 */
import { PRIO } from '../../sim/kernel.ts';
import { computeThen } from '../runtime/compute.ts';
import { clipTerm } from './checksum.ts';
import { flaggedParts, matchesCommitment, ownCheck } from './decide.ts';
import { digestList, digestOf } from './digest.ts';
import type { CheckMsg, VerdictMsg } from './messages.ts';
import type { Peer } from './peer-core.ts';

/** Phase 3: the shared draw, my check values (and accusations), my validations. */
export function check(p: Peer): void {
  const { env, s } = p;
  const { r } = s;
  const id = env.id;
  const digest = digestList([
    ...s.members,
    ...s.members.map((a) => (r.aggregates.has(a) ? `${digestOf(r.aggregates.get(a)!.data)}:${r.aggregates.get(a)!.used.join(',')}` : '-')),
  ]);
  r.draw = env.draw(s.step, s.round, s.members, digest, r.len);
  s.phase = 'checks';
  const dev = p.deviation();
  let values = s.members.map((_, j) => ownCheck(r, j, id, env.settings.clip));
  if (dev?.checks) values = dev.checks(values, honestParts(p), env.conduct.rng(s.step, s.round, 'checks'));
  if (dev?.cover && s.tampered) values[r.me] = cover(p);
  const accuse: string[] = [];
  if (dev?.accuseAnyone) {
    const open = s.members.filter((c) => c !== id && !env.conduct.isAlly(c));
    if (open.length > 0) accuse.push(open[Math.floor(env.conduct.rng(s.step, s.round, 'accuse')() * open.length)]);
  }
  for (const target of accuse) env.report.accusation({ step: s.step, round: s.round, accuser: id, target, via: 'check' });
  const msg: CheckMsg = { kind: 'check', step: s.step, round: s.round, from: id, s: values, accuse };
  p.broadcast(msg);
  r.draw.validations.forEach((v, slot) => {
    if (v.validator === id) validate(p, slot);
  });
  // a verdict waits for its target's check values (it checks them too), no longer than an honest target needs
  if (env.hearMs !== undefined) {
    const { step, round } = s;
    env.kernel.schedule(env.hearMs, () => p.self.send({ type: 'verdicts-due', step, round }), PRIO.timer);
  }
  p.arm('checks', Math.max(env.expectedComputeMs, env.hearMs ?? 0));
  p.progress();
}

/** A covert aggregator's own check value for its part: minus the others' (it has their parts), so that Σᵢ sᵢ ≈ 0 hides its wrong aggregate. */
function cover(p: Peer): number {
  const { env, s } = p;
  const { r } = s;
  const x = r.aggregates.get(env.id)!.data as Float64Array;
  const z = r.draw!.z(r.me).z;
  let others = 0;
  for (const c of r.used) if (c !== env.id) others += clipTerm(z, r.parts.get(c)!.data as Float32Array, x, env.settings.clip.tau);
  return -others;
}

/** The parts whose aggregator is not an ally (what a framer lies about). */
const honestParts = (p: Peer): number[] => p.s.members.flatMap((a, j) => (a !== p.env.id && !p.env.conduct.isAlly(a) ? [j] : []));

/** Recompute the target of my validation slot at the shared model on its batch, charged on the clock (an ally is covered, not recomputed). */
function validate(p: Peer, slot: number): void {
  const { env, s } = p;
  const { step, round } = s;
  const target = s.r.draw!.validations[slot].target;
  const cost = env.computeMs(env.kernel.now);
  env.report.cost(env.id, cost);
  const job = env.conduct.isAlly(target) ? undefined : env.recompute(target, step, s.params);
  computeThen(env.kernel, cost, job, (grad) => p.self.send({ type: 'validated', step, round, slot, grad }));
}

/** Send each verdict whose recomputation is done once its target's check values are in (or no longer awaited). */
export function sendVerdicts(p: Peer): void {
  const { r } = p.s;
  for (const [slot, grad] of [...r.validated]) {
    if (!r.verdictsDue && !r.checks.has(r.draw!.validations[slot].target)) continue;
    r.validated.delete(slot);
    verdict(p, slot, grad);
  }
}

function verdict(p: Peer, slot: number, grad: Float32Array | undefined): void {
  const { env, s } = p;
  const { r } = s;
  const target = r.draw!.validations[slot].target;
  let accuse = grad !== undefined && matchesCommitment(r, target, grad) === false;
  let parts = grad !== undefined && !accuse ? flaggedParts(r, target, grad, env.settings.clip) : [];
  const lie = p.deviation()?.accuseTarget;
  if (lie !== undefined && !env.conduct.isAlly(target)) {
    const owed = s.members.flatMap((_, j) => (typeof r.checks.get(target)?.s[j] === 'number' ? [j] : []));
    if (lie === 'check' && owed.length > 0) parts = [owed[Math.floor(env.conduct.rng(s.step, s.round, `flag/${slot}`)() * owed.length)]];
    else accuse = true;
  }
  if (accuse) env.report.accusation({ step: s.step, round: s.round, accuser: env.id, target, via: 'verdict' });
  if (parts.length > 0) env.report.accusation({ step: s.step, round: s.round, accuser: env.id, target, via: 'flag' });
  const msg: VerdictMsg = { kind: 'verdict', step: s.step, round: s.round, from: env.id, slot, target, accuse, parts };
  p.broadcast(msg);
}
