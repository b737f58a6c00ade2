/**
 * LiuBei's per-step filter metrics: the correct workers' pulls and verdicts, tallied against the
 * node table (ground truth, for metrics only — the workers never read it).
 */
import type { WorkerTally } from './worker-types.ts';

export interface StepTally {
  /** Pulls sent. */
  pulls: number;
  /** Models judged (admissibility and both filters), and those from Byzantine replicas. */
  judged: number;
  byzantineJudged: number;
  /** Models rejected; correct replicas' models rejected (false rejections); Byzantine models accepted. */
  rejected: number;
  falseRejections: number;
  byzantineAccepted: number;
  /** Pulls that timed out; steps a worker fell back to its own estimate (every pull failed). */
  timeouts: number;
  fallbacks: number;
}

const empty = (): StepTally => ({ pulls: 0, judged: 0, byzantineJudged: 0, rejected: 0, falseRejections: 0, byzantineAccepted: 0, timeouts: 0, fallbacks: 0 });

export class StepTallies {
  private readonly bySteps = new Map<number, StepTally>();

  constructor(private readonly isByzantine: (id: string) => boolean) {}

  add(x: WorkerTally): void {
    let t = this.bySteps.get(x.step);
    if (t === undefined) this.bySteps.set(x.step, (t = empty()));
    if (x.kind === 'pull') t.pulls++;
    else if (x.kind === 'timeout') t.timeouts++;
    else if (x.kind === 'fallback') t.fallbacks++;
    else {
      const byz = this.isByzantine(x.from);
      t.judged++;
      if (byz) t.byzantineJudged++;
      if (!x.accept) t.rejected++;
      if (!x.accept && !byz) t.falseRejections++;
      if (x.accept && byz) t.byzantineAccepted++;
    }
  }

  /** Step t's tally (zeros when nothing happened), forgotten afterwards. */
  take(step: number): StepTally {
    const t = this.bySteps.get(step) ?? empty();
    this.bySteps.delete(step);
    return t;
  }
}
