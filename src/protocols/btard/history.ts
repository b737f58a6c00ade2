/**
 * BTARD's history: what its members did and decided, recorded in the run's event history
 * (runtime/history.ts; `--trace`): each aggregator's `aggregate` of its part, `accuse`, `ban` (who,
 * when, why, by whom, and — ground truth — after how many attacking steps) and one `round` record
 * per all-reduce round from the first honest member to decide it, plus one from any honest member
 * that decided it otherwise. It keeps the per-step counts the metrics rows carry. Ground truth
 * (who is Byzantine, who deviated, whose aggregate was wrong) enters here for the judges and the
 * metrics only.
 */
import type { History } from '../runtime/history.ts';
import type { RoundDecision, Via } from './peer-core.ts';
import type { BanReason } from './round.ts';

/** What the metrics rows of a step count. */
export interface StepCounts {
  accusations: number;
  reveals: number;
  rounds: number;
  silenceBans: number;
}

export interface GroundTruth {
  isByzantine(id: string): boolean;
  /** The peer deviates from the protocol at this step (its schedule says it attacks). */
  deviates(id: string, step: number): boolean;
}

/** An accusation's `why` in the history, by how it was made. */
const ACCUSED: Record<Via, string> = {
  verdict: 'verdict: its gradient, recomputed, is not its commitment',
  check: 'check: its gradient is wrong (an outright accusation in a check message)',
  flag: 'flag: a check value it sent is not the one its recomputed part gives',
};

/** Collects the members' reports into history records and counts. */
export class BtardHistory {
  /** The banned: why, and whether they were Byzantine (ground truth, for the metrics). */
  readonly banned = new Map<string, { readonly reason: BanReason; readonly byzantine: boolean }>();
  /** Σ over Byzantine members of the steps they deviated at while members (the step of their ban included). */
  attackSteps = 0;
  /** Wrong aggregates (ground truth: tampered with) in rounds that were applied. */
  wrongApplied = 0;
  private readonly acted = new Map<string, number>();
  private readonly first = new Map<string, RoundDecision>();
  private readonly tampered = new Map<string, string[]>();
  private readonly counts = new Map<number, StepCounts>();

  constructor(
    private readonly truth: GroundTruth,
    private readonly history: History,
  ) {}

  countsOf(step: number): StepCounts {
    let c = this.counts.get(step);
    if (c === undefined) this.counts.set(step, (c = { accusations: 0, reveals: 0, rounds: 0, silenceBans: 0 }));
    return c;
  }

  /** Forget the counts of a step once its row is written. */
  forget(step: number): void {
    this.counts.delete(step);
    for (const k of this.first.keys()) if (Number(k.split('/')[0]) <= step) this.first.delete(k);
    for (const k of this.tampered.keys()) if (Number(k.split('/')[0]) <= step) this.tampered.delete(k);
  }

  accusation(t: number, step: number, accuser: string, target: string, via: Via): void {
    this.countsOf(step).accusations++;
    this.history.record({ t, ev: 'accuse', node: accuser, step, target, why: ACCUSED[via] });
  }

  /** Aggregator `by` published its part's aggregate of `used` (tampered: ground truth). */
  published(t: number, step: number, round: number, by: string, part: number, used: readonly string[], tampered: boolean): void {
    if (tampered) {
      const key = `${step}/${round}`;
      this.tampered.set(key, [...(this.tampered.get(key) ?? []), by]);
    }
    this.history.record({ t, ev: 'aggregate', node: by, step, kind: 'part', used, usedSteps: used.map(() => step), part });
  }

  /** An honest member's decision: the first of its round is the round's; the others must agree with it. */
  decision(d: RoundDecision): void {
    const key = `${d.step}/${d.round}`;
    const first = this.first.get(key);
    if (first !== undefined) {
      if (summary(first) !== summary(d)) this.recordRound(d, key);
      return;
    }
    this.first.set(key, d);
    const c = this.countsOf(d.step);
    if (d.round === 0)
      for (const id of d.members)
        if (this.truth.deviates(id, d.step)) {
          this.acted.set(id, (this.acted.get(id) ?? 0) + 1);
          this.attackSteps++;
        }
    c.rounds++;
    c.reveals += d.reveals;
    const tampered = this.recordRound(d, key);
    if (d.applied) this.wrongApplied += d.members.filter((a, j) => d.accepted[j] && tampered.includes(a)).length;
    for (const { id, ban } of d.bans) {
      if (ban.reason === 'silence') c.silenceBans++;
      this.banned.set(id, { reason: ban.reason, byzantine: this.truth.isByzantine(id) });
      this.history.record({
        t: d.timeMs,
        ev: 'ban',
        step: d.step,
        target: id,
        why: `${ban.reason}: ${ban.detail} (round ${d.round})`,
        ...(ban.by !== undefined ? { by: ban.by } : {}),
        acted: this.acted.get(id) ?? 0,
      });
    }
  }

  private recordRound(d: RoundDecision, key: string): string[] {
    const tampered = (this.tampered.get(key) ?? []).filter((a) => d.members.includes(a));
    this.history.record({
      t: d.timeMs,
      ev: 'round',
      node: d.peer,
      step: d.step,
      round: d.round,
      members: d.members,
      accepted: d.accepted,
      applied: d.applied,
      reveals: d.reveals,
      tampered,
    });
    return tampered;
  }

  /** Peers banned so far for `reason` (all reasons if undefined). */
  bannedFor(reason?: BanReason): number {
    return [...this.banned.values()].filter((b) => reason === undefined || b.reason === reason).length;
  }

  bannedHonest(): number {
    return [...this.banned.values()].filter((b) => !b.byzantine).length;
  }
}

const summary = (d: RoundDecision) => JSON.stringify([d.members, d.bans.map((b) => [b.id, b.ban.reason]), d.accepted, d.applied]);
