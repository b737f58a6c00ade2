/**
 * The parameter-server protocol's safety predicates, judged on a run's event history (the server's
 * `aggregate` records: what it aggregated at step t, from whom, computed at which step) with the
 * node table's ground truth (the last f workers, who send malformed vectors) — for
 * `byzsim fuzz protocol ps` and the skeleton search (check/protocol.ts):
 *
 * - quorum: async aggregates exactly q gradients; sync aggregates all n, or ≥ q after a timeout;
 * - fresh: every aggregated gradient was computed at the model of step t;
 * - distinct: no worker counted twice (duplicated messages are not double-counted);
 * - filtered: no gradient of a Byzantine worker (a malformed vector) was aggregated.
 * Liveness is the fuzzer's `ends`: the assumption keeps as many workers up as the quorum needs.
 */
import type { AggregateRecord, HistoryRecord } from '../runtime/history.ts';
import type { Predicate, PredicateViolation } from '../types.ts';
import { psQuorum } from './quorum.ts';

/** The server's rule a step is judged by. */
export interface PsRule {
  readonly n: number;
  readonly policy: 'sync' | 'async';
  readonly quorum: number;
}

export type PsProperty = 'quorum' | 'fresh' | 'distinct' | 'filtered';

/** The first property step `s` breaks (in the order above), or undefined. */
export function judgeStep(rule: PsRule, malformed: ReadonlySet<string>, s: AggregateRecord): (PredicateViolation & { property: PsProperty }) | undefined {
  const count = s.used.length;
  const quorumOk = rule.policy === 'async' ? count === rule.quorum : s.timedOut ? count >= rule.quorum : count === rule.n;
  if (!quorumOk)
    return {
      property: 'quorum',
      step: s.step,
      detail: `aggregated ${count} gradients (${rule.policy}, q=${rule.quorum}, n=${rule.n}${s.timedOut ? ', after a timeout' : ''})`,
    };
  const stale = s.usedSteps.findIndex((step) => step !== s.step);
  if (stale >= 0) return { property: 'fresh', step: s.step, detail: `aggregated ${s.used[stale]}'s gradient of step ${s.usedSteps[stale]}` };
  if (new Set(s.used).size !== count) return { property: 'distinct', step: s.step, detail: 'a worker was counted twice' };
  const bad = s.used.find((w) => malformed.has(w));
  if (bad) return { property: 'filtered', step: s.step, detail: `aggregated the malformed vector of ${bad}` };
  return undefined;
}

/** The server's gradient aggregations in a history. */
export const gradientSteps = (history: readonly HistoryRecord[]) => history.filter((r): r is AggregateRecord => r.ev === 'aggregate' && r.kind === 'gradient');

const predicate = (name: PsProperty, summary: string): Predicate => ({
  name,
  kind: 'safety',
  summary,
  judge: ({ cfg, nodes, history }) => {
    const rule = { n: cfg.workers.n, policy: cfg.server.policy, quorum: psQuorum(cfg) };
    const malformed = new Set(nodes.filter((x) => x.byzantine).map((x) => x.id));
    return gradientSteps(history).flatMap((s) => {
      const v = judgeStep(rule, malformed, s);
      return v?.property === name ? [v] : [];
    });
  },
});

/** The four, as the registry lists them (`byzsim fuzz protocol ps`). */
export const PS_PREDICATES: readonly Predicate[] = [
  predicate('quorum', 'async aggregates exactly q gradients; sync all n, or ≥ q after a timeout'),
  predicate('fresh', 'every aggregated gradient was computed at the step’s model'),
  predicate('distinct', 'no worker is counted twice in a step'),
  predicate('filtered', 'no Byzantine worker’s malformed vector is aggregated'),
];
