/**
 * BTARD's safety predicates, judged on a run's event history (runtime/history.ts: its `ban`,
 * `round` and `clip` records) with the node table's ground truth — the judges read what a run recorded,
 * never its actors (for `byzsim fuzz protocol btard`):
 *
 * - no-honest-ban: no honest peer is ever banned (BTARD's guarantee within f ≤ ⌈n/2⌉ − 1);
 * - no-wrong-aggregate: every aggregate a Byzantine aggregator tampered with was rejected, or its
 *   round not applied, or its aggregator banned (in that round or later in the history) — none
 *   reached the models unpunished. A wrong aggregate that passes the check (covert-aggregate, or a
 *   shift below the check's tolerance) is caught only when its aggregator is validated, so a run
 *   that ends first violates it: BTARD bounds the expected steps before the ban, not their number;
 * - agreement: every honest member decided every round as the first one did (a second `round`
 *   record for the same round says one did not);
 * - robust-aggregate: every applied step's aggregate is as close to the honest members' gradients
 *   as CenteredClip promises against an honest majority (the run's `clip` records, ground truth):
 *   per butterfly part, ‖x − ḡ‖ ≤ max(r + τ, r·m/(m − 2b)), ḡ the honest members' mean part, r
 *   their radius max_i ‖g_i − ḡ‖, m the round's members, b = ⌈m/2⌉ − 1 the most Byzantine members
 *   an honest majority leaves. Why: at CenteredClip's fixed point Σ_i clip_τ(g_i − x) = 0; if
 *   D = ‖x − ḡ‖ > r + τ every honest term is clipped to norm τ with a component ≥ τ(D − r)/(D + r)
 *   towards ḡ, the b Byzantine terms weigh ≤ bτ against them, so (m − b)(D − r) ≤ b(D + r), i.e.
 *   D ≤ r·m/(m − 2b). With b ≥ m/2 Byzantine members (f ≥ n/2, `--unsafe`) nothing bounds x: their
 *   gradients drag the fixed point to themselves. Float slack 10⁻⁶ relative.
 */
import type { HistoryRecord, RecordOf } from '../runtime/history.ts';
import type { NodeSpec } from '../runtime/roles.ts';
import type { Predicate } from '../types.ts';

export interface BtardViolation {
  readonly property: 'no-honest-ban' | 'no-wrong-aggregate' | 'agreement' | 'robust-aggregate';
  readonly step: number;
  readonly node: string;
  readonly t?: number;
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

export function robustAggregate(history: readonly HistoryRecord[]): BtardViolation[] {
  return history.flatMap((r) => {
    if (r.ev !== 'clip') return [];
    const b = Math.ceil(r.members / 2) - 1;
    const bound = (p: number) => Math.max(r.radius[p] + r.tau, (r.radius[p] * r.members) / (r.members - 2 * b)) * (1 + 1e-6);
    const parts = r.distance.map((d, p) => ({ p, over: d / bound(p) })).filter((x) => x.over > 1);
    if (parts.length === 0) return [];
    const { p } = parts.reduce((a, x) => (x.over > a.over ? x : a));
    const show = (x: number) => Number(x.toPrecision(4));
    return [
      {
        property: 'robust-aggregate' as const,
        step: r.step,
        node: '*',
        t: r.t,
        detail: `the aggregate applied at step ${r.step} lies ${show(r.distance[p])} from the honest members' mean in part ${p}, beyond CenteredClip's max(r + τ, r·m/(m − 2b)) = ${show(bound(p))} (r = ${show(r.radius[p])}, τ = ${r.tau}, m = ${r.members}, b = ${b}); ${r.members - r.honest} of the ${r.members} members were Byzantine`,
      },
    ];
  });
}

/** Every violation of no-honest-ban, no-wrong-aggregate and agreement in a history, in history order per predicate (the registry adds robust-aggregate). */
export function judgeBtard(history: readonly HistoryRecord[], nodes: readonly NodeSpec[]): BtardViolation[] {
  return [...noHonestBan(history, nodes), ...noWrongAggregate(history), ...agreement(history)];
}

/** The four, as the registry lists them (`byzsim fuzz protocol btard`). */
export const BTARD_PREDICATES: readonly Predicate[] = [
  { name: 'no-honest-ban', kind: 'safety', summary: 'no honest peer is ever banned', judge: ({ history, nodes }) => noHonestBan(history, nodes) },
  {
    name: 'no-wrong-aggregate',
    kind: 'safety',
    summary: 'no wrong aggregate is applied without its aggregator being banned',
    judge: ({ history }) => noWrongAggregate(history),
  },
  { name: 'agreement', kind: 'safety', summary: 'every honest member decides every round as the first one did', judge: ({ history }) => agreement(history) },
  {
    name: 'robust-aggregate',
    kind: 'safety',
    summary: 'every applied aggregate lies within CenteredClip’s honest-majority bound max(r + τ, r·m/(m − 2b)) of the honest gradients’ mean, per part',
    judge: ({ history }) => robustAggregate(history),
  },
];
