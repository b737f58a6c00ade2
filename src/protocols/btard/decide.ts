/**
 * How a member judges a round from what it received and what it recomputed — never from who is
 * Byzantine. Every honest member has the same broadcasts and computes the same recomputations,
 * so they all reach the same bans (the run checks that they do).
 *
 * - silence: a member whose aggregate or check values, a validator whose verdict, a contributor
 *   whose reveal did not arrive by the deadline;
 * - wrong aggregate: an aggregate that is not a finite vector of the part's length, names a
 *   malformed list of contributors or an inadmissible part, or differs from CenteredClip
 *   recomputed from the revealed parts (after its check failed);
 * - wrong gradient: a member whose gradient, recomputed at the shared model on its batch,
 *   differs from its commitment (after an accusation), or whose reveal differs from it;
 * - false accusation: an accuser whose target's gradient checks out, a validator that flagged a
 *   check value its target's reveal bears out, and a contributor whose check value is not the one
 *   its revealed part gives (found after a failed check, or after a validator's flag: a forged
 *   check value that hid a wrong aggregate is found so).
 */
import { digestOf } from './digest.ts';
import { isFiniteVector, splitParts } from './butterfly.ts';
import { checkPasses, checkTolerance, clipTerm } from './checksum.ts';
import type { ClipSettings } from './clip.ts';
import type { Ban, BanReason, Round } from './round.ts';

const PRIORITY: readonly BanReason[] = ['silence', 'wrong-aggregate', 'wrong-gradient', 'false-accusation'];

/** Record a reason to ban `id` (the round's bans are settled at its end, whatever the order the reasons came in). */
export function ban(r: Round, id: string, b: Ban): void {
  const list = r.bans.get(id) ?? [];
  list.push(b);
  r.bans.set(id, list);
}

/** The round's bans in member order, each with its first reason by priority (then detail). */
export function settledBans(r: Round): { id: string; ban: Ban }[] {
  return r.members.flatMap((id) => {
    const list = r.bans.get(id);
    if (list === undefined) return [];
    const best = [...list].sort(
      (a, b) => PRIORITY.indexOf(a.reason) - PRIORITY.indexOf(b.reason) || (a.detail < b.detail ? -1 : a.detail > b.detail ? 1 : 0),
    )[0];
    return [{ id, ban: best }];
  });
}

/** Members whose messages of the round did not arrive (a silent member is silent to all: it sends the same to everybody or nothing). */
export function silenceBans(r: Round): void {
  for (const id of r.members) {
    if (!r.parts.has(id)) ban(r, id, { reason: 'silence', detail: 'no part' });
    if (!r.aggregates.has(id)) ban(r, id, { reason: 'silence', detail: 'no aggregate' });
    if (!r.checks.has(id)) ban(r, id, { reason: 'silence', detail: 'no check values' });
  }
  r.draw?.validations.forEach((v, slot) => {
    if (r.verdictOf(slot) === undefined) ban(r, v.validator, { reason: 'silence', detail: `no verdict on ${v.target}` });
  });
}

export type PartStatus = 'missing' | 'malformed' | 'incomplete' | 'pass' | 'fail';

/** Part j's aggregate against the check Σᵢ sᵢ ≈ 0 over the contributors it names. */
export function partStatus(r: Round, j: number, clip: ClipSettings): PartStatus {
  const agg = r.aggregates.get(r.members[j]);
  if (agg === undefined) return 'missing';
  const used = r.usedOf(j);
  if (used === undefined || !isFiniteVector(agg.data, r.len)) return 'malformed';
  let sum = 0;
  for (const c of used) {
    const check = r.checks.get(c);
    if (check === undefined) return 'incomplete';
    const s = check.s[j];
    if (typeof s !== 'number') return 'fail';
    sum += s;
  }
  const { norm } = r.draw!.z(j);
  return checkPasses(sum, checkTolerance(used.length, norm, clip.tol)) ? 'pass' : 'fail';
}

/** The check value member `id` owes for part j given its part: its part against the published aggregate (null if it is not a contributor, or the aggregate or its part is not a finite vector). */
export function expectedCheck(r: Round, j: number, id: string, part: unknown, clip: ClipSettings): number | null {
  const agg = r.aggregates.get(r.members[j]);
  if (agg === undefined || !r.usedOf(j)?.includes(id) || !isFiniteVector(agg.data, r.len) || !(part instanceof Float32Array) || !isFiniteVector(part, r.len))
    return null;
  return clipTerm(r.draw!.z(j).z, part, agg.data, clip.tau);
}

/** This member's check value for part j. */
export const ownCheck = (r: Round, j: number, id: string, clip: ClipSettings): number | null => expectedCheck(r, j, id, r.mine?.parts[j], clip);

/** A validator's parts to flag: where the target's check value is not the one its recomputed gradient's part gives (only where it owes one). */
export function flaggedParts(r: Round, target: string, grad: Float32Array, clip: ClipSettings): number[] {
  const sent = r.checks.get(target)?.s;
  if (sent === undefined) return [];
  const parts = splitParts(grad, r.members.length);
  return parts.flatMap((part, j) => {
    const expected = expectedCheck(r, j, target, part, clip);
    return expected !== null && sent[j] !== expected ? [j] : [];
  });
}

/** The validators' flags of the round (from each slot's validator), frozen with the accusations; a flag on a part its target did not contribute to is false at once. */
export function collectFlags(r: Round): void {
  r.draw?.validations.forEach((v, slot) => {
    for (const part of r.verdictOf(slot)?.parts ?? []) {
      if (r.usedOf(part)?.includes(v.target)) r.flags.push({ validator: v.validator, target: v.target, part });
      else ban(r, v.validator, { reason: 'false-accusation', detail: `flagged ${v.target}'s check value of part ${part}, to which it did not contribute` });
    }
  });
}

/** After the reveals: a validator that flagged a check value its target's reveal bears out is banned. */
export function judgeFlags(r: Round): void {
  for (const f of r.flags)
    if (r.consistent.has(`${f.target}#${f.part}`))
      ban(r, f.validator, { reason: 'false-accusation', detail: `flagged ${f.target}'s check value of part ${f.part}, which checks out` });
}

/** Gradient accusations of the round by target (member order): validators' verdicts by slot, then outright accusations in check values. */
export function accusationsOf(r: Round): Map<string, string[]> {
  const by = new Map<string, string[]>();
  const add = (target: string, accuser: string) => {
    if (target === accuser || r.position(target) < 0) return;
    const list = by.get(target) ?? [];
    if (!list.includes(accuser)) list.push(accuser);
    by.set(target, list);
  };
  r.draw?.validations.forEach((v, slot) => {
    if (r.verdictOf(slot)?.accuse === true) add(v.target, v.validator);
  });
  for (const id of r.members) for (const target of r.checks.get(id)?.accuse ?? []) if (typeof target === 'string') add(target, id);
  return new Map(r.members.filter((id) => by.has(id)).map((id) => [id, by.get(id)!]));
}

/** Does `grad`, the target's gradient recomputed, give the target's commitment? undefined: the target committed nothing to this member. */
export function matchesCommitment(r: Round, target: string, grad: Float32Array): boolean | undefined {
  const commit = r.parts.get(target)?.commit;
  if (commit === undefined) return undefined;
  return splitParts(grad, r.members.length).every((p, j) => digestOf(p) === commit[j]);
}

/** The accused banned if its recomputed gradient differs from its commitment; otherwise its accusers. */
export function judgeAccusations(r: Round, grads: ReadonlyMap<string, Float32Array>): void {
  for (const [target, accusers] of r.accusations) {
    const ok = matchesCommitment(r, target, grads.get(target)!);
    if (ok === undefined) continue;
    if (!ok) ban(r, target, { reason: 'wrong-gradient', detail: 'its recomputed gradient differs from its commitment', by: accusers[0] });
    else for (const a of accusers) ban(r, a, { reason: 'false-accusation', detail: `accused ${target}, whose gradient checks out` });
  }
}

/**
 * Part j's check failed: judge its contributors' reveals (present, equal to their commitments,
 * giving the check values they sent) and return the revealed parts to recompute the aggregate
 * from — undefined when they do not allow it.
 */
export function judgeReveals(r: Round, j: number, clip: ClipSettings): Float32Array[] | undefined {
  const aggregator = r.members[j];
  const x = r.aggregates.get(aggregator)!.data as Float32Array | Float64Array;
  const z = r.draw!.z(j).z;
  const parts: Float32Array[] = [];
  let complete = true;
  for (const c of r.usedOf(j)!) {
    const rev = r.reveals.get(`${c}#${j}`);
    const commit = r.parts.get(c)?.commit;
    if (rev === undefined) ban(r, c, { reason: 'silence', detail: `no reveal of part ${j}` });
    else if (commit !== undefined && digestOf(rev.data) !== commit[j])
      ban(r, c, { reason: 'wrong-gradient', detail: `its reveal of part ${j} differs from its commitment` });
    else if (commit !== undefined) {
      const finite = rev.data instanceof Float32Array && isFiniteVector(rev.data, r.len);
      const expected = finite ? clipTerm(z, rev.data as Float32Array, x, clip.tau) : null;
      if (r.checks.get(c)!.s[j] !== expected) ban(r, c, { reason: 'false-accusation', detail: `its check value of part ${j} is not its part's` });
      else r.consistent.add(`${c}#${j}`);
      if (!finite) ban(r, aggregator, { reason: 'wrong-aggregate', detail: `part ${j}: aggregated ${c}'s part, not a finite vector` });
      else {
        parts.push(rev.data as Float32Array);
        continue;
      }
    }
    complete = false;
  }
  return complete ? parts : undefined;
}

/** Part j's aggregate against CenteredClip recomputed from its revealed parts: accepted if equal, else its aggregator banned. */
export function judgeAggregate(r: Round, j: number, recomputed: Float64Array): void {
  const aggregator = r.members[j];
  const x = r.aggregates.get(aggregator)!.data as Float64Array;
  let equal = x.length === recomputed.length;
  for (let k = 0; equal && k < x.length; k++) equal = x[k] === recomputed[k];
  if (equal) r.accepted.add(j);
  else {
    r.accepted.delete(j);
    ban(r, aggregator, { reason: 'wrong-aggregate', detail: `part ${j} differs from CenteredClip of the revealed parts` });
  }
}
