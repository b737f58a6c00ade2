/**
 * The run's event history: one typed record per thing that happened, with its virtual time `t`
 * and our node names — what `--trace` writes (`trace.jsonl`, one record per line, in the order
 * they happened) and what the judges read (src/check/history.ts), never the actors.
 *
 * Who records what:
 * - the network's links: `send`, `dup`, `deliver`, `drop` (fed only while the history is `on`);
 * - the runtime: `crash` (scheduled crashes), `end` (how the run ended);
 * - the protocols' nodes, through `ctx.history.record(…)`: `timeout`, `resend`, `omit`, `crash`
 *   (by step), `aggregate` (who was aggregated), `step` (a node finished a step), `filter`
 *   (accept/reject of a message by a named rule), `pull` (LiuBei's), `accuse`, `ban`, `round`
 *   (BTARD's decisions); the runs' ground truth for the judges: `gather` (LiuBei's drift),
 *   `spread` (GuanYu: the correct replicas' spread before and after a gather), `clip` (BTARD: the
 *   applied aggregate's distance to the honest gradients).
 * A record is plain JSON data: no vectors, nothing a reader could mistake for the model.
 */
import type { TraceRecord } from '../../net/link.ts';

/** A link's report: send, dup, deliver, drop (see net/link.ts). */
export type LinkRecord = TraceRecord;

/** A node's timer fired while it still waited for step `step` (`have` of the `need` messages it waits for). */
export interface TimeoutRecord {
  readonly t: number;
  readonly ev: 'timeout';
  readonly node: string;
  readonly step: number;
  readonly have: number;
  readonly need: number;
}

/** A retransmission: `node` sent its step-`step` message again to `to`, holding `have` of the `need` answers it waits for. */
export interface ResendRecord {
  readonly t: number;
  readonly ev: 'resend';
  readonly node: string;
  readonly step: number;
  readonly to: readonly string[];
  readonly have: number;
  readonly need: number;
}

/** A crash fault: `node` stops (at a scheduled time, or on reaching `step`). */
export interface CrashRecord {
  readonly t: number;
  readonly ev: 'crash';
  readonly node: string;
  readonly step?: number;
}

/** An omission fault: `node` did not send its step-`step` message of kind `kind`. */
export interface OmitRecord {
  readonly t: number;
  readonly ev: 'omit';
  readonly node: string;
  readonly step: number;
  readonly kind: string;
  readonly to?: string;
}

/**
 * An aggregation: `node` combined the messages of kind `kind` it admitted for `step`, from
 * `used` (senders, in the order they were admitted), each computed at step `usedSteps[i]`.
 * `part`: which part (an all-reduce); `timedOut`: it aggregated after a timeout.
 */
export interface AggregateRecord {
  readonly t: number;
  readonly ev: 'aggregate';
  readonly node: string;
  readonly step: number;
  readonly kind: string;
  readonly used: readonly string[];
  readonly usedSteps: readonly number[];
  readonly part?: number;
  readonly timedOut?: boolean;
}

/** `node` finished step `step`; `used`: whose contributions went into its update. */
export interface StepRecord {
  readonly t: number;
  readonly ev: 'step';
  readonly node: string;
  readonly step: number;
  readonly used: readonly string[];
}

/**
 * A filter decision: `node` accepted or rejected the step-`step` message of kind `kind` from
 * `from` by rule `rule` (e.g. `admissible`, `stale`, `duplicate`, `lipschitz`); `value` and
 * `bound` when the rule compares a number with a threshold.
 */
export interface FilterRecord {
  readonly t: number;
  readonly ev: 'filter';
  readonly node: string;
  readonly step: number;
  readonly from: string;
  readonly kind: string;
  readonly accept: boolean;
  readonly rule: string;
  readonly value?: number;
  readonly bound?: number;
}

/** LiuBei: worker `node` asks replica `from` for its model of `step` (`attempt` i of its (r + t + i) mod n_ps, at most f_ps + 1 per step). */
export interface PullRecord {
  readonly t: number;
  readonly ev: 'pull';
  readonly node: string;
  readonly step: number;
  readonly from: string;
  readonly attempt: number;
}

/**
 * LiuBei: the gather of step `step` (the models the `correct` correct replicas held before it,
 * MeaMed or averaged into their model of the step). Ground truth, for the judges only, recorded
 * once by the run when every correct replica finished it: `before` and `after`, the drift
 * max ‖wᵢ − w̄‖ of the correct replicas' models before and after the gather; `rule` the gather's rule.
 */
export interface GatherRecord {
  readonly t: number;
  readonly ev: 'gather';
  readonly step: number;
  readonly rule: string;
  readonly correct: number;
  readonly before: number;
  readonly after: number;
}

/** `node` accuses `target` at `step` (`why`: what it found). */
export interface AccuseRecord {
  readonly t: number;
  readonly ev: 'accuse';
  readonly node: string;
  readonly step: number;
  readonly target: string;
  readonly why: string;
}

/** `target` is banned from step `step` on (`why`; `by`: the node that decided or reported it). */
export interface BanRecord {
  readonly t: number;
  readonly ev: 'ban';
  readonly step: number;
  readonly target: string;
  readonly why: string;
  readonly by?: string;
  /** Ground truth, for metrics and judges only: the steps the target had deviated at before its ban (BTARD). */
  readonly acted?: number;
}

/**
 * BTARD: how member `node` decided all-reduce round `round` of `step` among `members` (member
 * order): the parts accepted, whether the step was applied, how many parts were revealed, and —
 * ground truth, for the judges only — the aggregators whose published aggregate was not
 * CenteredClip of what they received. One per round from the first honest member to decide it,
 * and one more from each honest member that decided it otherwise (a violation of agreement).
 */
export interface RoundRecord {
  readonly t: number;
  readonly ev: 'round';
  readonly node: string;
  readonly step: number;
  readonly round: number;
  readonly members: readonly string[];
  readonly accepted: readonly boolean[];
  readonly applied: boolean;
  readonly reveals: number;
  readonly tampered: readonly string[];
}

/**
 * The spread of the correct replicas' models at a gather (ground truth: which replicas are
 * correct — for the judges only): `before`, the largest per-coordinate range
 * max_k (max_i x_i[k] − min_i x_i[k]) of the models they sent each other at `step` (their
 * updates), `after`, the same range of the models they merged them into. Recorded by the run once
 * every correct replica finished the step; `nodes` the correct replicas.
 */
export interface SpreadRecord {
  readonly t: number;
  readonly ev: 'spread';
  readonly step: number;
  readonly nodes: readonly string[];
  readonly before: number;
  readonly after: number;
}

/**
 * BTARD: the step's applied aggregate against the honest members' gradients (ground truth: who is
 * honest — for the judges only), per butterfly part p of the `members` members of which `honest`
 * were honest: `distance[p]` = ‖x_p − ḡ_p‖ (x_p the applied CenteredClip, ḡ_p the honest members'
 * mean part), `radius[p]` = max over honest i of ‖g_i,p − ḡ_p‖; `tau` CenteredClip's τ. Recorded by
 * the run once every honest member applied the step.
 */
export interface ClipRecord {
  readonly t: number;
  readonly ev: 'clip';
  readonly step: number;
  readonly members: number;
  readonly honest: number;
  readonly tau: number;
  readonly distance: readonly number[];
  readonly radius: readonly number[];
}

/** How the run ended: `completed` its steps, or `stalled` (`reason` code and a one-line `detail`). */
export interface EndRecord {
  readonly t: number;
  readonly ev: 'end';
  readonly status: RunStatus;
  readonly steps: number;
  readonly reason?: StallCode;
  readonly detail?: string;
}

export type NodeRecord =
  | TimeoutRecord
  | ResendRecord
  | CrashRecord
  | OmitRecord
  | AggregateRecord
  | StepRecord
  | FilterRecord
  | PullRecord
  | GatherRecord
  | AccuseRecord
  | BanRecord
  | RoundRecord
  | SpreadRecord
  | ClipRecord;
export type HistoryRecord = LinkRecord | NodeRecord | EndRecord;
export type HistoryEvent = HistoryRecord['ev'];
/** The record type of event `E` (e.g. `RecordOf<'aggregate'>`; the link events share `LinkRecord`). */
export type RecordOf<E extends HistoryEvent> = HistoryRecord extends infer R ? (R extends { readonly ev: infer V } ? (E extends V ? R : never) : never) : never;

export type RunStatus = 'completed' | 'stalled';

/**
 * Why a run stalled: `no-progress` (no step within `limits.stallMs`), `retransmit` (a node kept
 * re-sending one step without getting any nearer its quorum), `idle` (no event left), `max-time`,
 * `max-events` (a limit), `stopped` (the protocol stopped before its last step).
 */
export type StallCode = 'no-progress' | 'retransmit' | 'idle' | 'max-time' | 'max-events' | 'stopped';

export interface StallReason {
  readonly code: StallCode;
  readonly detail: string;
}

export interface HistoryOptions {
  /** Each record as it happens (e.g. a trace file). */
  readonly write?: (rec: HistoryRecord) => void;
  /** Keep every record in `records` (for a judge). */
  readonly keep?: boolean;
  /** Sees every node and end record, even when the history is off (the stall detector). */
  readonly watch?: (rec: HistoryRecord) => void;
}

export class History {
  /** Whether records are written or kept: a caller may skip building a record nobody reads. */
  readonly on: boolean;
  /** Every record, when kept. */
  readonly records: HistoryRecord[] = [];
  private readonly write?: (rec: HistoryRecord) => void;
  private readonly keep: boolean;
  private readonly watch?: (rec: HistoryRecord) => void;

  constructor(opts: HistoryOptions = {}) {
    this.write = opts.write;
    this.keep = opts.keep ?? false;
    this.watch = opts.watch;
    this.on = this.write !== undefined || this.keep;
  }

  record(rec: HistoryRecord): void {
    this.watch?.(rec);
    if (this.keep) this.records.push(rec);
    this.write?.(rec);
  }

  /** What the network's links feed (undefined while off: links build no record). */
  get linkFeed(): ((rec: LinkRecord) => void) | undefined {
    return this.on ? (rec) => this.record(rec) : undefined;
  }
}
