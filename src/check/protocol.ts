/**
 * Safety and liveness predicates of the parameter-server protocol, judged on the steps a run
 * completed (what the server aggregated, when, from whom). The system under test never judges
 * itself: these read its output.
 *
 * Safety, at every step t:
 * - quorum: async aggregates exactly q gradients; sync aggregates all n, or ≥ quorum after a timeout;
 * - fresh: every aggregated gradient was computed at the model of step t;
 * - distinct: no worker counted twice (duplicated messages are not double-counted);
 * - filtered: no gradient from a worker known to send malformed vectors was aggregated.
 * Liveness: the run completes its steps when the configuration promises it can — a timeout
 * (with retransmission) or lossless links, and enough live, well-behaved workers for the quorum.
 */
import type { StepInfo } from '../protocols/ps/server.ts';

export interface ProtocolSpec {
  readonly n: number;
  /** Workers (the last f) that send malformed vectors. */
  readonly f: number;
  readonly policy: 'sync' | 'async';
  readonly quorum: number;
  readonly timeoutMs?: number;
  readonly steps: number;
  readonly lossRate: number;
  readonly duplicationRate: number;
}

export interface Violation {
  readonly property: 'quorum' | 'fresh' | 'distinct' | 'filtered' | 'liveness';
  readonly step?: number;
  readonly detail: string;
}

/** Whether the configuration promises to finish, given how many honest workers crash. */
export function promisesLiveness(spec: ProtocolSpec, crashed: number): boolean {
  const wellBehaved = spec.n - spec.f - crashed;
  const needed = spec.policy === 'async' ? spec.quorum : spec.timeoutMs !== undefined ? spec.quorum : spec.n;
  const delivers = spec.lossRate === 0 || (spec.timeoutMs !== undefined && spec.lossRate < 1);
  return delivers && wellBehaved >= needed;
}

/** The first violated property, or undefined. `expectLive` overrides the promise (to ask "is it live anyway?"). */
export function judgeProtocol(spec: ProtocolSpec, steps: readonly StepInfo[], crashed: number, expectLive?: boolean): Violation | undefined {
  for (const s of steps) {
    const count = s.used.length;
    const quorumOk = spec.policy === 'async' ? count === spec.quorum : s.timedOut ? count >= spec.quorum : count === spec.n;
    if (!quorumOk) return { property: 'quorum', step: s.step, detail: `aggregated ${count} gradients (${spec.policy}, q=${spec.quorum}, n=${spec.n}${s.timedOut ? ', after a timeout' : ''})` };
    const stale = s.used.find((m) => m.step !== s.step);
    if (stale) return { property: 'fresh', step: s.step, detail: `aggregated ${stale.from}'s gradient of step ${stale.step}` };
    if (new Set(s.used.map((m) => m.from)).size !== count) return { property: 'distinct', step: s.step, detail: 'a worker was counted twice' };
    const bad = s.used.find((m) => m.index >= spec.n - spec.f);
    if (bad) return { property: 'filtered', step: s.step, detail: `aggregated the malformed vector of ${bad.from}` };
  }
  const live = expectLive ?? promisesLiveness(spec, crashed);
  if (live && steps.length < spec.steps) return { property: 'liveness', detail: `stalled after ${steps.length} of ${spec.steps} steps` };
  return undefined;
}
