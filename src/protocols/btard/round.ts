/**
 * What one member collected in one all-reduce round (t, r): the messages of the round, kept once
 * per sender (and slot or part), only from members and with the right shape; and its own
 * contributions. Pure bookkeeping: deciding is decide.ts's.
 */
import type { AggregateMsg, BtardMessage, CheckMsg, PartMsg, RevealMsg, VerdictMsg } from './messages.ts';
import type { RoundDraw } from './mprng.ts';

/** Why a member is banned (decide.ts finds the reasons). */
export type BanReason = 'silence' | 'wrong-aggregate' | 'wrong-gradient' | 'false-accusation';

export interface Ban {
  readonly reason: BanReason;
  readonly detail: string;
  /** The accuser, when an accusation found it out. */
  readonly by?: string;
}

export type Phase = 'computing' | 'parts' | 'aggregating' | 'aggregates' | 'checks' | 'resolving';

export class Round {
  readonly parts = new Map<string, PartMsg>();
  readonly aggregates = new Map<string, AggregateMsg>();
  readonly checks = new Map<string, CheckMsg>();
  /** By `slot#validator`: a verdict counts only from the slot's validator, once the draw is known. */
  readonly verdicts = new Map<string, VerdictMsg>();
  readonly reveals = new Map<string, RevealMsg>();
  readonly expired = new Set<Phase>();
  /** Every reason found to ban a member (settled at the round's end: decide.ts). */
  readonly bans = new Map<string, Ban[]>();
  /** What this member sent: its parts (in member order) and its commitment. */
  mine?: { readonly parts: readonly unknown[]; readonly commit: readonly string[] };
  /** The members whose parts this member aggregated. */
  used: readonly string[] = [];
  draw?: RoundDraw;
  /** My validations: slot → the target's gradient recomputed (undefined: an ally, covered), until my verdict is sent. */
  readonly validated = new Map<number, Float32Array | undefined>();
  /** My verdicts may wait no longer for their targets' check values (or there is no deadline to wait for). */
  verdictsDue = false;
  /** Validators' flags: the target's check value of part `part` is not its part's. */
  flags: { readonly validator: string; readonly target: string; readonly part: number }[] = [];
  /** Contributions `c#j` whose reveal matched its commitment and its check value. */
  readonly consistent = new Set<string>();
  /** Parts whose check failed or was flagged (their contributors reveal them), and parts accepted. */
  failing: number[] = [];
  readonly accepted = new Set<number>();
  /** The accusations being judged (frozen when the round's checks are in). */
  accusations = new Map<string, string[]>();
  /** Computations still running before the round can be decided. */
  jobs = 0;
  revealsJudged = false;

  constructor(
    readonly step: number,
    readonly round: number,
    readonly members: readonly string[],
    /** Part length ⌈d/m⌉. */
    readonly len: number,
    /** This member's position (the part it aggregates). */
    readonly me: number,
  ) {}

  position(id: string): number {
    return this.members.indexOf(id);
  }

  /** Keep `msg` if it is well-formed for this round and new ('dup': already have it; 'bad': from a non-member or malformed). */
  record(msg: BtardMessage): 'kept' | 'dup' | 'bad' {
    const at = this.position(msg.from);
    if (at < 0) return 'bad';
    const m = this.members.length;
    switch (msg.kind) {
      case 'part':
        return msg.index === this.me && Array.isArray(msg.commit) && msg.commit.length === m ? keep(this.parts, msg.from, msg) : 'bad';
      case 'aggregate':
        return msg.index === at && Array.isArray(msg.used) ? keep(this.aggregates, msg.from, msg) : 'bad';
      case 'check':
        return Array.isArray(msg.s) && msg.s.length === m && Array.isArray(msg.accuse) ? keep(this.checks, msg.from, msg) : 'bad';
      case 'verdict':
        return Number.isInteger(msg.slot) && msg.slot >= 0 && Array.isArray(msg.parts) && msg.parts.every((j) => Number.isInteger(j) && j >= 0 && j < m)
          ? keep(this.verdicts, `${msg.slot}#${msg.from}`, msg)
          : 'bad';
      case 'reveal':
        return Number.isInteger(msg.index) && msg.index >= 0 && msg.index < m ? keep(this.reveals, `${msg.from}#${msg.index}`, msg) : 'bad';
    }
  }

  /** The verdict of validation slot `slot`, from its validator. */
  verdictOf(slot: number): VerdictMsg | undefined {
    const v = this.draw?.validations[slot];
    return v && this.verdicts.get(`${slot}#${v.validator}`);
  }

  /** The members whose part j the aggregator says it used, if that list is well-formed (members, in member order, no repeats). */
  usedOf(j: number): readonly string[] | undefined {
    const a = this.aggregates.get(this.members[j]);
    if (a === undefined) return undefined;
    let last = -1;
    for (const id of a.used) {
      const at = this.position(id);
      if (at <= last) return undefined;
      last = at;
    }
    return a.used;
  }

  /** Every member's check values, and every validation slot's verdict from its validator, are in. */
  checksComplete(): boolean {
    if (this.checks.size < this.members.length || this.draw === undefined) return false;
    return this.draw.validations.every((_, slot) => this.verdictOf(slot) !== undefined);
  }

  /** Every contributor of every failing part revealed it. */
  revealsComplete(): boolean {
    return this.failing.every((j) => (this.usedOf(j) ?? []).every((c) => this.reveals.has(`${c}#${j}`)));
  }
}

function keep<K, V>(map: Map<K, V>, key: K, value: V): 'kept' | 'dup' {
  if (map.has(key)) return 'dup';
  map.set(key, value);
  return 'kept';
}
