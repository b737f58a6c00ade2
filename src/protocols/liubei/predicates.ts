/**
 * LiuBei's safety predicates, judged on a run's event history (runtime/history.ts: its `pull`,
 * `filter`, `step`, `aggregate` and `gather` records) with the node table's ground truth — the
 * judges read what a run recorded, never its actors (for the protocol fuzzer):
 *
 * - filtered-adoption: no correct worker adopts a pulled model that failed its filters — every
 *   scatter step a correct worker finished with a replica's model (its `step` record's `used` is that
 *   replica) has that replica's model of the step accepted by both the Lipschitz and the model filter
 *   and rejected by none;
 * - pull-bound: a correct worker pulls at most f_ps + 1 models per step;
 * - gather-drift: after each MeaMed gather, the drift between correct replicas is bounded by their
 *   drift before it: after ≤ 6·√m·before (m correct replicas; float slack 10⁻⁶·max(1, before)).
 *   Why: per coordinate the median of the n_ps gathered values lies within the correct values' range
 *   r_k (f_ps < n_ps/2), the n_ps − f_ps values closest to it within r_k of it, so each correct
 *   replica's MeaMed lies in [min_k − r_k, max_k + r_k] and two of them differ by ≤ 3r_k; and
 *   ‖r‖ ≤ 2√m·max_i ‖w_i − w̄‖. It needs every correct replica to gather every correct model — the
 *   synchronous deadline's promise (a run under --unsafe may break it, which is what it shows).
 * - timely: the synchronous round's promise, on which the model filter's bound and the gather's
 *   bound rest — no correct worker's pull of a correct replica times out (a correct replica holds
 *   w_t by S_t, the request and the reply take ≤ Δ each: the timeout max(sent, S_t) + 2Δ), and every
 *   correct node's gather merges every correct replica's model (they all arrive by its deadline).
 *   Asynchronous links break it: a slow correct replica looks like a silent Byzantine one.
 */
import { crashedCorrect } from '../runtime/crash.ts';
import type { HistoryRecord, RecordOf } from '../runtime/history.ts';
import type { NodeSpec } from '../runtime/roles.ts';
import type { Predicate } from '../types.ts';

export interface LiubeiViolation {
  readonly property: 'filtered-adoption' | 'pull-bound' | 'gather-drift' | 'timely';
  readonly step: number;
  readonly node: string;
  readonly t?: number;
  readonly detail: string;
}

const recordsOf = <E extends HistoryRecord['ev']>(history: readonly HistoryRecord[], ev: E) => history.filter((r): r is RecordOf<E> => r.ev === ev);
const correctWorkers = (nodes: readonly NodeSpec[]) => new Set(nodes.filter((x) => x.role === 'worker' && !x.byzantine).map((x) => x.id));

export function filteredAdoption(history: readonly HistoryRecord[], nodes: readonly NodeSpec[]): LiubeiViolation[] {
  const workers = correctWorkers(nodes);
  const verdicts = new Map<string, RecordOf<'filter'>[]>();
  for (const r of recordsOf(history, 'filter'))
    if (r.kind === 'pulled-model') {
      const key = `${r.node}/${r.step}/${r.from}`;
      verdicts.set(key, [...(verdicts.get(key) ?? []), r]);
    }
  const pulled = new Set(recordsOf(history, 'pull').map((p) => `${p.node}/${p.step}/${p.from}`));
  return recordsOf(history, 'step').flatMap((s) => {
    if (!workers.has(s.node) || s.used.length !== 1 || !pulled.has(`${s.node}/${s.step}/${s.used[0]}`)) return [];
    const mine = verdicts.get(`${s.node}/${s.step}/${s.used[0]}`) ?? [];
    const rejected = mine.find((v) => !v.accept);
    const missing = ['lipschitz', 'model'].filter((rule) => !mine.some((v) => v.rule === rule && v.accept));
    if (rejected === undefined && missing.length === 0) return [];
    const why = rejected
      ? `its ${rejected.rule} filter rejected it${rejected.value !== undefined ? ` (${rejected.value} > ${rejected.bound})` : ''}`
      : `no ${missing.join(' or ')} filter accepted it`;
    return [
      { property: 'filtered-adoption' as const, step: s.step, node: s.node, detail: `${s.node} adopted ${s.used[0]}'s model of step ${s.step}, but ${why}` },
    ];
  });
}

export function pullBound(history: readonly HistoryRecord[], nodes: readonly NodeSpec[], fPs: number): LiubeiViolation[] {
  const workers = correctWorkers(nodes);
  const count = new Map<string, number>();
  for (const p of recordsOf(history, 'pull')) if (workers.has(p.node)) count.set(`${p.node}/${p.step}`, (count.get(`${p.node}/${p.step}`) ?? 0) + 1);
  return [...count].flatMap(([key, k]) => {
    if (k <= fPs + 1) return [];
    const [node, step] = key.split('/');
    return [
      { property: 'pull-bound' as const, step: Number(step), node, detail: `${node} pulled ${k} models at step ${step}, more than f_ps + 1 = ${fPs + 1}` },
    ];
  });
}

export function gatherDrift(history: readonly HistoryRecord[]): LiubeiViolation[] {
  return recordsOf(history, 'gather').flatMap((g) => {
    if (g.rule !== 'meamed') return [];
    const bound = 6 * Math.sqrt(g.correct) * g.before + 1e-6 * Math.max(1, g.before);
    if (g.after <= bound) return [];
    return [
      {
        property: 'gather-drift' as const,
        step: g.step,
        node: '*',
        detail: `drift ${g.after} after the gather of step ${g.step} exceeds 6·√${g.correct}·${g.before} = ${bound}`,
      },
    ];
  });
}

/** A correct worker's pull of a correct replica that timed out, or a correct node's gather short of a correct replica's model. */
export function timely(history: readonly HistoryRecord[], nodes: readonly NodeSpec[]): LiubeiViolation[] {
  const workers = correctWorkers(nodes);
  const replicas = nodes.filter((x) => x.role === 'replica' && !x.byzantine).map((x) => x.id);
  const correct = new Set([...workers, ...replicas]);
  const last = new Map<string, RecordOf<'pull'>>();
  const crashed = new Set<string>(); // a crash-stopped replica (servers.crashes) is faulty from its crash on
  const out: LiubeiViolation[] = [];
  for (const r of history) {
    if (r.ev === 'crash') crashed.add(r.node);
    else if (r.ev === 'pull') last.set(`${r.node}/${r.step}`, r);
    else if (r.ev === 'timeout' && workers.has(r.node)) {
      const p = last.get(`${r.node}/${r.step}`); // a timeout of a scatter step is its latest pull's
      if (p !== undefined && replicas.includes(p.from) && !crashed.has(p.from))
        out.push({
          property: 'timely',
          step: r.step,
          node: r.node,
          t: r.t,
          detail: `${r.node}'s pull of correct ${p.from}'s model of step ${r.step} (sent at ${round3(p.t)} ms) timed out at ${round3(r.t)} ms`,
        });
    } else if (r.ev === 'aggregate' && r.kind === 'gather-model' && correct.has(r.node)) {
      const missing = replicas.filter((id) => !r.used.includes(id) && !crashed.has(id));
      if (missing.length > 0)
        out.push({
          property: 'timely',
          step: r.step,
          node: r.node,
          t: r.t,
          detail: `${r.node}'s gather of step ${r.step} at ${round3(r.t)} ms merged ${r.used.join(', ')} without correct ${missing.join(', ')}`,
        });
    }
  }
  return out;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** Every violation of filtered-adoption, pull-bound and gather-drift in a history, per predicate in history order (the registry adds timely). */
export function judgeLiubei(history: readonly HistoryRecord[], nodes: readonly NodeSpec[], fPs: number): LiubeiViolation[] {
  return [...filteredAdoption(history, nodes), ...pullBound(history, nodes, fPs), ...gatherDrift(history)];
}

/** The four, as the registry lists them (`byzsim fuzz protocol liubei`); f_ps from the configuration. */
export const LIUBEI_PREDICATES: readonly Predicate[] = [
  {
    name: 'filtered-adoption',
    kind: 'safety',
    summary: 'no correct worker adopts a pulled model that failed its Lipschitz or model filter',
    judge: ({ history, nodes }) => filteredAdoption(history, nodes),
  },
  {
    name: 'pull-bound',
    kind: 'safety',
    summary: 'a correct worker pulls at most F + 1 models per step (F = f_ps + the correct replicas servers.crashes names)',
    judge: ({ history, nodes, cfg }) => pullBound(history, nodes, (cfg.servers?.f ?? 0) + crashedCorrect(cfg.servers?.crashes, nodes)),
  },
  {
    name: 'gather-drift',
    kind: 'safety',
    summary: 'after each MeaMed gather the correct replicas’ drift is at most 6·√m times their drift before it',
    judge: ({ history }) => gatherDrift(history),
  },
  {
    name: 'timely',
    kind: 'safety',
    summary: 'the synchronous round: no correct worker’s pull of a correct replica times out; every correct gather merges every correct replica’s model',
    judge: ({ history, nodes }) => timely(history, nodes),
  },
];
