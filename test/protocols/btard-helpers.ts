/** Running BTARD in-process on a tiny task (logistic regression, 4 synthetic features), collecting its event history. */
import { loadData } from '../../src/learn/data/index.ts';
import { buildModel, createLocalEngine, type GradientEngine } from '../../src/learn/engine.ts';
import { runBtard } from '../../src/protocols/btard/run.ts';
import { btardNodes } from '../../src/protocols/btard/nodes.ts';
import { judgeBtard } from '../../src/protocols/btard/predicates.ts';
import type { HistoryRecord } from '../../src/protocols/runtime/history.ts';
import type { RunResult } from '../../src/protocols/types.ts';
import { planScenario } from '../../src/scenario/load.ts';
import { resolveRun } from '../../src/scenario/resolve.ts';

const data = { name: 'synthetic', features: 4, examples: 240, train: 200, test: 40 };
const ds = loadData(data as never, 1);
const model = buildModel({ name: 'logreg', options: {}, data: { features: 4, shape: [4], classes: 2 } });
let engine: GradientEngine | undefined;

/** A BTARD scenario document on the tiny task (overrides merged one level deep). */
export function btardDoc(over: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    name: 'bt',
    seed: 3,
    steps: 12,
    evalEvery: 12,
    logVnRatio: false,
    protocol: 'btard',
    data,
    model: { name: 'logreg' },
    btard: { validators: 1 },
    workers: { n: 6, f: 2, batch: 4, attack: { name: 'amplified-sign-flip' }, schedule: { start: 2 } },
    server: { gar: { name: 'centered-clip', params: { tau: 1, iterations: 50, start: 'median' } }, lr: 0.1 },
  };
  for (const [k, v] of Object.entries(over))
    base[k] = v !== null && typeof v === 'object' && !Array.isArray(v) && typeof base[k] === 'object' ? { ...(base[k] as object), ...v } : v;
  return base;
}

/** A ban as the tests read it: the `ban` record with its reason split off `why` and the node table's ground truth. */
export interface BanView {
  readonly node: string;
  readonly step: number;
  readonly reason: string;
  readonly detail: string;
  readonly by?: string;
  readonly byzantine: boolean;
  readonly acted?: number;
}

export interface BtardOutcome {
  readonly result: RunResult;
  /** The protocol's records: accuse, ban, round. */
  readonly history: HistoryRecord[];
  readonly bans: BanView[];
  readonly violations: ReturnType<typeof judgeBtard>;
}

const PROTOCOL_EVENTS = new Set(['accuse', 'ban', 'round']);

/** Run a BTARD document (validated as a scenario would be), optionally under a message schedule. */
export async function runDoc(doc: Record<string, unknown>, delays?: readonly number[]): Promise<BtardOutcome> {
  engine ??= await createLocalEngine(model, 'cpu');
  const config = planScenario(doc, 'bt.yaml').runs[0].config;
  const trace: HistoryRecord[] = [];
  let k = 0;
  const result = await runBtard({
    plan: resolveRun(config),
    model,
    train: ds.train,
    test: ds.test,
    engine,
    scheduler: delays && (() => delays[k++ % delays.length]),
    onTrace: (rec) => {
      if (PROTOCOL_EVENTS.has(rec.ev)) trace.push(rec);
    },
  });
  const nodes = btardNodes(config);
  const byzantine = new Set(nodes.filter((x) => x.byzantine).map((x) => x.id));
  const bans = trace.flatMap((r): BanView[] => {
    if (r.ev !== 'ban') return [];
    const [reason, ...rest] = r.why.split(': ');
    return [{ node: r.target, step: r.step, reason, detail: rest.join(': '), by: r.by, byzantine: byzantine.has(r.target), acted: r.acted }];
  });
  return { result, history: trace, bans, violations: judgeBtard(trace, nodes) };
}
