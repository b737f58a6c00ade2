/**
 * GuanYu's predicates (El Mhamdi, Guerraoui, Guirguis, Rouault 2019; seed 002), judged on a run's
 * event history — the nodes' `aggregate` records and the run's `spread` records — with the node
 * table's ground truth (for `byzsim fuzz protocol guanyu`):
 *
 * - quorum: every correct replica aggregates ≥ q_wr distinct gradients of step t and merges ≥ q_ps
 *   distinct replica models of step t (its own among them); every correct worker merges ≥ q_ps
 *   distinct replica models of step t. What the paper's bounds are stated for.
 * - gather: the correct replicas' spread never widens at a gather,
 *     spread(w_{t+1}^i : i correct) ≤ spread(w̄_t^i : i correct),
 *   spread the largest per-coordinate range (runtime/spread.ts). Each correct replica merges q_ps
 *   models by the coordinate-wise median; at most f_ps of them are Byzantine, the others are correct
 *   replicas' updates w̄_t, so with q_ps ≥ 2f_ps + 1 the median lies, coordinate by coordinate,
 *   between the correct updates' extremes. GuanYu's q_ps ≥ 2f_ps + 3 implies it; a quorum of
 *   2f_ps or fewer lets a Byzantine replica pull a correct one out of the box.
 * The run's liveness (every correct replica finishes every step) is the fuzzer's `ends`: with
 * n_ps = 3f_ps + 2 a quorum q_ps ≥ 2f_ps + 3 exceeds n_ps − f_ps and silent replicas stall it.
 */
import { serverQuorum } from '../../scenario/resolve.ts';
import type { JudgeInput, Predicate, PredicateViolation } from '../types.ts';
import { replicaQuorum } from './nodes.ts';

/** Relative slack for the gather's comparison (the spreads are computed from float32 models). */
const SLACK = 1e-6;

function quorum({ cfg, nodes, history }: JudgeInput): PredicateViolation[] {
  const byzantine = new Set(nodes.filter((x) => x.byzantine).map((x) => x.id));
  const need: Record<string, number> = { gradient: serverQuorum(cfg), 'peer-model': replicaQuorum(cfg), 'replica-model': replicaQuorum(cfg) };
  const out: PredicateViolation[] = [];
  for (const r of history) {
    if (r.ev !== 'aggregate' || byzantine.has(r.node) || need[r.kind] === undefined) continue;
    const distinct = new Set(r.used).size;
    const stale = r.usedSteps.findIndex((s) => s !== r.step);
    if (distinct < need[r.kind] || distinct !== r.used.length)
      out.push({
        property: 'quorum',
        step: r.step,
        node: r.node,
        detail: `${r.node} aggregated ${distinct} distinct ${r.kind}s of ${r.used.length} (needs ≥ ${need[r.kind]}, each sender once)`,
      });
    else if (stale >= 0)
      out.push({
        property: 'quorum',
        step: r.step,
        node: r.node,
        detail: `${r.node} aggregated ${r.used[stale]}'s ${r.kind} of step ${r.usedSteps[stale]} at step ${r.step}`,
      });
  }
  return out;
}

function gather({ history }: JudgeInput): PredicateViolation[] {
  const out: PredicateViolation[] = [];
  for (const r of history)
    if (r.ev === 'spread' && !(r.after <= r.before * (1 + SLACK) + Number.MIN_VALUE))
      out.push({
        property: 'gather',
        step: r.step,
        detail: `the correct replicas' spread grew at the gather of step ${r.step}: ${r.after.toPrecision(4)} after the median, ${r.before.toPrecision(4)} among their updates (${r.nodes.join(', ')})`,
      });
  return out;
}

export const GUANYU_PREDICATES: readonly Predicate[] = [
  {
    name: 'quorum',
    kind: 'safety',
    summary: 'every correct replica aggregates ≥ q_wr distinct gradients and merges ≥ q_ps distinct models of the step; every correct worker merges ≥ q_ps',
    judge: quorum,
  },
  {
    name: 'gather',
    kind: 'safety',
    summary:
      'the correct replicas’ spread (largest per-coordinate range) never widens at a gather: the median of q_ps ≥ 2f_ps+1 models stays inside the correct updates’ box',
    judge: gather,
  },
];
