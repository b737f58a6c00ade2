/**
 * BTARD's safety predicates, judged on a run's event history (runtime/history.ts: its `ban` and
 * `round` records) with the node table's ground truth — the judges read what a run recorded,
 * never its actors (for `byzsim fuzz protocol btard`):
 *
 * - no-honest-ban: no honest peer is ever banned (BTARD's guarantee within f ≤ ⌈n/2⌉ − 1);
 * - no-wrong-aggregate: every aggregate a Byzantine aggregator tampered with was rejected, or its
 *   round not applied, or its aggregator banned (in that round or later in the history) — none
 *   reached the models unpunished. A wrong aggregate that passes the check (covert-aggregate, or a
 *   shift below the check's tolerance) is caught only when its aggregator is validated, so a run
 *   that ends first violates it: BTARD bounds the expected steps before the ban, not their number;
 * - agreement: every honest member decided every round as the first one did (a second `round`
 *   record for the same round says one did not).
 */
import type { HistoryRecord, RecordOf } from '../runtime/history.ts';
import type { NodeSpec } from '../runtime/roles.ts';
import type { Predicate } from '../types.ts';

export interface BtardViolation {
  readonly property: 'no-honest-ban' | 'no-wrong-aggregate' | 'agreement';
  readonly step: number;
  readonly node: string;
  readonly detail: string;
}

const bansOf = (history: readonly HistoryRecord[]) => history.filter((r): r is RecordOf<'ban'> => r.ev === 'ban');
const roundsOf = (history: readonly HistoryRecord[]) => history.filter((r): r is RecordOf<'round'> => r.ev === 'round');

export function noHonestBan(history: readonly HistoryRecord[], nodes: readonly NodeSpec[]): BtardViolation[] {
  const honest = new Set(nodes.filter((x) => !x.byzantine).map((x) => x.id));
  return bansOf(history)
    .filter((r) => honest.has(r.target))
    .map((r) => ({
      property: 'no-honest-ban',
      step: r.step,
      node: r.target,
      detail: `honest ${r.target} banned: ${r.why}${r.by ? ` (accused by ${r.by})` : ''}`,
    }));
}

export function noWrongAggregate(history: readonly HistoryRecord[]): BtardViolation[] {
  const banned = new Set(bansOf(history).map((r) => r.target));
  const seen = new Set<string>();
  return roundsOf(history).flatMap((r) => {
    if (!r.applied || seen.has(`${r.step}/${r.round}`)) return [];
    seen.add(`${r.step}/${r.round}`);
    return r.tampered
      .filter((a) => r.accepted[r.members.indexOf(a)] && !banned.has(a))
      .map((a) => ({
        property: 'no-wrong-aggregate' as const,
        step: r.step,
        node: a,
        detail: `${a}'s wrong aggregate (round ${r.round}) was applied and ${a} was never banned`,
      }));
  });
}

export function agreement(history: readonly HistoryRecord[]): BtardViolation[] {
  const first = new Map<string, string>();
  return roundsOf(history).flatMap((r) => {
    const key = `${r.step}/${r.round}`;
    const by = first.get(key);
    if (by === undefined) {
      first.set(key, r.node);
      return [];
    }
    return [{ property: 'agreement' as const, step: r.step, node: r.node, detail: `${r.node} decided round ${key} unlike ${by}` }];
  });
}

/** Every violation of BTARD's safety predicates in a history, in history order per predicate. */
export function judgeBtard(history: readonly HistoryRecord[], nodes: readonly NodeSpec[]): BtardViolation[] {
  return [...noHonestBan(history, nodes), ...noWrongAggregate(history), ...agreement(history)];
}

/** The three, as the registry lists them (`byzsim fuzz protocol btard`). */
export const BTARD_PREDICATES: readonly Predicate[] = [
  { name: 'no-honest-ban', kind: 'safety', summary: 'no honest peer is ever banned', judge: ({ history, nodes }) => noHonestBan(history, nodes) },
  {
    name: 'no-wrong-aggregate',
    kind: 'safety',
    summary: 'no wrong aggregate is applied without its aggregator being banned',
    judge: ({ history }) => noWrongAggregate(history),
  },
  { name: 'agreement', kind: 'safety', summary: 'every honest member decides every round as the first one did', judge: ({ history }) => agreement(history) },
];
