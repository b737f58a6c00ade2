/**
 * The stall detector: one place, for every protocol, that decides a run cannot finish. It reads
 * only what the kernel reports (why it returned) and what the nodes record in the history
 * (`step`: a node finished a step; `resend`: a node re-sent a step, holding `have` of the `need`
 * messages it waits for) — never who is Byzantine. It schedules no event: it moves the kernel's
 * watchdog deadline, so it changes no result of a run that completes.
 *
 * - `no-progress`: no node finished a step within `stallMs` (counted from the last step, and
 *   from `graceMs` at the earliest);
 * - `retransmit`: a node re-sent the same step `maxResends` times in a row, over at least one
 *   step span, without admitting any new message (`have` unchanged) — re-sends that reach
 *   nobody who could complete its quorum;
 * - `idle`: no event left before the last step; `max-time`, `max-events`: a limit.
 */
import { round } from '../../sim/metrics.ts';
import type { Kernel, KernelEnd } from '../../sim/kernel.ts';
import type { History, HistoryRecord, ResendRecord, RunStatus, StallReason } from './history.ts';
import type { Limits } from './limits.ts';

interface Streak {
  step: number;
  have: number;
  count: number;
  since: number;
}

export class StallDetector {
  private last: { t: number; node: string; step: number } | undefined;
  private readonly streaks = new Map<string, Streak>();
  private halted: StallReason | undefined;

  constructor(
    private readonly kernel: Kernel,
    readonly limits: Limits,
  ) {
    this.arm(0);
  }

  /** The history's watcher. */
  readonly see = (rec: HistoryRecord): void => {
    if (rec.ev === 'step') {
      this.last = { t: rec.t, node: rec.node, step: rec.step };
      this.streaks.delete(rec.node);
      this.arm(rec.t);
    } else if (rec.ev === 'resend') this.resent(rec);
  };

  /** Completed or stalled (and why), once the kernel returned `end`; recorded as the history's last record (`end`). */
  finish(history: History, end: KernelEnd, steps: number, target: number): { status: RunStatus; reason?: StallReason } {
    const status: RunStatus = steps >= target ? 'completed' : 'stalled';
    const reason = status === 'stalled' ? this.explain(end, steps, target) : undefined;
    history.record({ t: this.kernel.now, ev: 'end', status, steps, ...(reason ? { reason: reason.code, detail: reason.detail } : {}) });
    return reason ? { status, reason } : { status };
  }

  /** Why a run that did not finish its steps stopped, once the kernel returned `end`. */
  explain(end: KernelEnd, steps: number, target: number): StallReason {
    const l = this.limits;
    const at = `at ${round(this.kernel.now)} ms, ${steps} of ${target} steps done`;
    if (this.halted) return { code: this.halted.code, detail: `${this.halted.detail}; ${steps} of ${target} steps done` };
    const last = this.last ? `the last by ${this.last.node} (step ${this.last.step}) at ${round(this.last.t)} ms` : 'none yet';
    switch (end) {
      case 'deadline':
        return this.kernel.deadline >= l.maxTimeMs
          ? { code: 'max-time', detail: `virtual time limit maxTimeMs = ${round(l.maxTimeMs)} ms reached ${at}` }
          : { code: 'no-progress', detail: `no step finished within stallMs = ${round(l.stallMs)} ms (${last}); ${at}` };
      case 'max-events':
        return { code: 'max-events', detail: `event limit maxEvents = ${l.maxEvents} reached ${at}` };
      case 'idle':
        return { code: 'idle', detail: `no event left ${at} (steps finished: ${last})` };
      default:
        return { code: 'stopped', detail: `the protocol stopped ${at}` };
    }
  }

  private arm(fromMs: number): void {
    this.kernel.deadline = Math.min(Math.max(fromMs, this.limits.graceMs) + this.limits.stallMs, this.limits.maxTimeMs);
  }

  private resent(rec: ResendRecord): void {
    const s = this.streaks.get(rec.node);
    if (s === undefined || s.step !== rec.step || s.have !== rec.have) {
      this.streaks.set(rec.node, { step: rec.step, have: rec.have, count: 1, since: rec.t });
      return;
    }
    s.count++;
    if (s.count >= this.limits.maxResends && rec.t - s.since >= this.limits.spanMs) {
      this.halted = {
        code: 'retransmit',
        detail: `${rec.node} re-sent step ${rec.step} ${s.count} times over ${round(rec.t - s.since)} ms holding ${rec.have} of the ${rec.need} messages it needs, none new (maxResends = ${this.limits.maxResends}), at ${round(rec.t)} ms`,
      };
      this.kernel.stop();
    }
  }
}
