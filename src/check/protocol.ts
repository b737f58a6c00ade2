/**
 * Safety and liveness predicates of the parameter-server protocol's skeleton search (the safety
 * ones are the registry's, protocols/ps/predicates.ts), judged on the run's event
 * history (check/history.ts: the server's `aggregate` records — what it aggregated, when, from
 * whom, computed at which step —, the `crash` records and the `end` record). The system under
 * test never judges itself: these read what it recorded.
 *
 * Safety, at every step t:
 * - quorum: async aggregates exactly q gradients; sync aggregates all n, or ≥ quorum after a timeout;
 * - fresh: every aggregated gradient was computed at the model of step t;
 * - distinct: no worker counted twice (duplicated messages are not double-counted);
 * - filtered: no gradient from a worker known to send malformed vectors was aggregated.
 * Liveness: the run completes its steps when the configuration promises it can — a timeout
 * (with retransmission) or lossless links, and enough live, well-behaved workers for the quorum.
 */
import { judgeStep } from '../protocols/ps/predicates.ts';
import { numbered } from '../protocols/runtime/roles.ts';
import type { HistoryReader } from './history.ts';

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

/**
 * The first violated property, or undefined. The workers are the PS's `w0 … w{n−1}`, the last f
 * sending malformed vectors; crashes are the honest workers the history says crashed.
 * `expectLive` overrides the promise (to ask "is it live anyway?").
 */
export function judgeProtocol(spec: ProtocolSpec, history: HistoryReader, expectLive?: boolean): Violation | undefined {
  const malformed = new Set(
    numbered('worker', 'w', spec.n, spec.f)
      .filter((w) => w.byzantine)
      .map((w) => w.id),
  );
  const steps = history.aggregations(undefined, 'gradient');
  for (const s of steps) {
    const v = judgeStep(spec, malformed, s);
    if (v) return { property: v.property, ...(v.step !== undefined ? { step: v.step } : {}), detail: v.detail };
  }
  const crashed = history.crashed().filter((w) => !malformed.has(w)).length;
  const live = expectLive ?? promisesLiveness(spec, crashed);
  const end = history.end();
  if (live && steps.length < spec.steps) {
    const why = end?.reason ? ` (${end.reason}: ${end.detail})` : '';
    return { property: 'liveness', detail: `stalled after ${steps.length} of ${spec.steps} steps${why}` };
  }
  return undefined;
}
