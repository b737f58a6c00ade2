/**
 * Fuzzing any protocol of the registry that has a `fuzz` entry (src/protocols/types.ts:
 * ProtocolFuzz) — no protocol is named here. fast-check generates a case: every message's delay
 * (through the links' scheduler hook; the configuration's synchrony bounds it), which honest nodes
 * of the fault role crash and when, which correct replicas of the server role crash-stop and when
 * (`servers.crashes`, as many as the protocol's assumptions count in f_ps), loss and duplication rates where the assumptions allow them,
 * the Byzantine nodes' choice among the protocol's `choices` with its parameters, and the run's
 * seed. The protocol's real run executes the case on the tiny model (logistic regression on 4
 * synthetic features, TensorFlow.js on the CPU), and its registry predicates plus `ends` judge
 * the event history:
 *
 *   ends (liveness): the run completes its steps — inside the assumptions every run must.
 *
 * A failure is shrunk by fast-check and is replayable from its case (`byzsim replay`).
 */
import fc from 'fast-check';
import { loadData } from '../learn/data/index.ts';
import type { Dataset } from '../learn/data/types.ts';
import { buildModel, createLocalEngine, type GradientEngine } from '../learn/engine.ts';
import type { ModelDef } from '../learn/model.ts';
import type { HistoryRecord } from '../protocols/runtime/history.ts';
import type { Predicate, PredicateViolation, ProtocolDef, ProtocolFuzz } from '../protocols/types.ts';
import { setPath } from '../scenario/checks/path.ts';
import { resolveRun } from '../scenario/resolve.ts';
import { runSchema, type RunConfig } from '../scenario/schema.ts';
import { validateRun } from '../scenario/validate.ts';

/** The tiny task every fuzzed run learns (what is checked is the orchestration, not the model). */
export const TINY_DATA = { name: 'synthetic', features: 4, examples: 240, train: 200, test: 40 } as const;
export const TINY_MODEL = { name: 'logreg' } as const;

/** A generated case (JSON: what a counterexample file stores). */
export interface RegistryCase {
  /** Message k takes delays[k mod len] ms before the synchrony bound. */
  readonly delays: number[];
  /** [honest node of the fault role (index among them, modulo their number), crash time ms]. */
  readonly crashes: [number, number][];
  /** [correct replica of the server role (index among them, modulo their number), crash time ms] (absent in a case written before replicas crashed). */
  readonly serverCrashes?: [number, number][];
  /** Index into the protocol's choices for the configuration (modulo their number), and the choice's numbers in [0, 1). */
  readonly choice: number;
  readonly u: number[];
  readonly loss: number;
  readonly duplication: number;
  readonly seed: number;
}

/** The tiny model, its data and one CPU engine, built once per fuzzing session. */
export interface FuzzBench {
  readonly model: ModelDef;
  readonly train: Dataset;
  readonly test: Dataset;
  readonly engine: GradientEngine;
}

export async function fuzzBench(): Promise<FuzzBench> {
  const ds = loadData(TINY_DATA as never, 1);
  const model = buildModel({ name: 'logreg', options: {}, data: { features: TINY_DATA.features, shape: [TINY_DATA.features], classes: 2 } });
  return { model, train: ds.train, test: ds.test, engine: await createLocalEngine(model, 'cpu') };
}

/** The liveness every protocol promises inside its assumptions. */
export const ENDS: Predicate = {
  name: 'ends',
  kind: 'liveness',
  summary: 'every run ends, having completed its steps',
  judge: ({ history, cfg }) => {
    const end = history.at(-1);
    if (end?.ev === 'end' && end.status === 'completed') return [];
    const why =
      end?.ev === 'end' ? `${end.status} after ${end.steps} of ${cfg.steps} steps${end.reason ? ` (${end.reason}: ${end.detail})` : ''}` : 'no end record';
    return [{ property: 'ends', detail: why }];
  },
};

/** The protocol's fuzz entry, or a one-line refusal naming the protocols that have one. */
export function fuzzEntry(def: ProtocolDef, all: Iterable<ProtocolDef>): ProtocolFuzz {
  if (def.fuzz) return def.fuzz;
  const known = [...all].filter((p) => p.fuzz).map((p) => p.name);
  throw new Error(`protocol: ${def.name} — has no fuzz entry in the registry (fuzzable: ${known.join(', ')})`);
}

/** The configuration fuzzed: the protocol's tiny document (outside its assumptions under `unsafe`: tinyDoc) or a scenario's run, on the tiny task with `steps` steps (a worker's batch at most its share), validated (its assumptions waived when `unsafe`). */
export function baseConfig(def: ProtocolDef, steps: number, opts: { readonly scenario?: RunConfig; readonly unsafe?: boolean } = {}): RunConfig {
  const doc = (opts.scenario ? structuredClone(opts.scenario) : tinyDoc(fuzzEntry(def, [def]), opts.unsafe === true)) as Record<string, unknown>;
  const workers = (doc.workers ?? {}) as { n?: number; batch?: number };
  // a scenario's batch may exceed a worker's share of the tiny task: at most ⌊train / n⌋ there
  if (typeof workers.n === 'number' && workers.n > 0)
    doc.workers = { ...workers, batch: Math.max(1, Math.min(workers.batch ?? 32, Math.floor(TINY_DATA.train / workers.n))) };
  return parseConfig({ ...doc, name: `fuzz-${def.name}`, steps, evalEvery: steps, logVnRatio: false, data: TINY_DATA, model: TINY_MODEL }, opts.unsafe);
}

/** The protocol's tiny document; under `unsafe`, with its `outside` sections merged one level deep. */
export function tinyDoc(fz: ProtocolFuzz, unsafe: boolean): Record<string, unknown> {
  const doc: Record<string, unknown> = structuredClone({ ...fz.tiny });
  if (unsafe) for (const [k, v] of Object.entries(fz.outside ?? {})) doc[k] = { ...(doc[k] as object | undefined), ...structuredClone(v) };
  return doc;
}

/** Parse (and, unless `unsafe`, validate) a run document; a refusal is one line. */
export function parseConfig(doc: Record<string, unknown>, unsafe?: boolean): RunConfig {
  const parsed = runSchema.safeParse(unsafe ? { ...doc, unsafe: true } : doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue.path.join('.')}: ${issue.message}`);
  }
  const errors = validateRun(parsed.data);
  if (errors.length > 0) throw new Error(errors[0]);
  return parsed.data;
}

/** Up to `max` [node index, crash time in 0 … 200 ms — whole ms as often as any double, whose draws crowd near 0], each index once. */
const crashTimes = (max: number) =>
  fc.uniqueArray(fc.tuple(fc.nat(1000), fc.oneof(fc.integer({ min: 0, max: 200 }), fc.double({ min: 0, max: 200, noNaN: true }))), {
    maxLength: max,
    selector: (c) => c[0],
  });

export function caseArbitrary(def: ProtocolDef, cfg: RunConfig): fc.Arbitrary<RegistryCase> {
  const fz = fuzzEntry(def, [def]);
  const a = fz.assumption(cfg);
  const choices = fz.choices?.(cfg) ?? [];
  const arity = Math.max(0, ...choices.map((c) => c.arity));
  const rate = (allowed: boolean) => (allowed ? fc.constantFrom(0, 0.05, 0.3) : fc.constant(0));
  return fc.record({
    delays: fc.array(fc.oneof(fc.double({ min: 0, max: 20, noNaN: true }), fc.constantFrom(0, 1, 500, 5000)), { minLength: 1, maxLength: 40 }),
    crashes: crashTimes(a.crashes),
    serverCrashes: crashTimes(a.serverCrashes ?? 0),
    choice: fc.nat(Math.max(0, choices.length - 1)),
    u: fc.array(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), { minLength: arity, maxLength: arity }),
    loss: rate(a.loss),
    duplication: rate(a.duplication),
    seed: fc.nat(1_000_000),
  });
}

/** The configuration a case runs: the base with the case's seed, rates, crashes, Byzantine choice and limits from its own delays. */
export function caseConfig(def: ProtocolDef, base: RunConfig, c: RegistryCase, unsafe?: boolean): RunConfig {
  const doc = structuredClone(base) as unknown as Record<string, unknown>;
  const choices = def.fuzz?.choices?.(base) ?? [];
  // every delay is the schedule's: the delay model is never drawn (a fixed one spares the limits' quantile estimate)
  const set: Record<string, unknown> = {
    seed: c.seed,
    'network.loss': c.loss,
    'network.duplication': c.duplication,
    'network.delay': { model: 'fixed', ms: 1 },
  };
  if (choices.length > 0) Object.assign(set, choices[c.choice % choices.length].set(c.u));
  const faults = crashesOf(def, base, def.faultRole, c.crashes).map((x) => ({ kind: 'crash', ...x }));
  set['workers.faults'] = [...base.workers.faults, ...faults];
  const replicas = def.serverRole === undefined ? [] : crashesOf(def, base, def.serverRole, c.serverCrashes ?? []);
  if (replicas.length > 0) set['servers.crashes'] = [...(base.servers?.crashes ?? []), ...replicas];
  // the stall detector's span from the case's own delays (runtime/limits.ts derives it from the delay model the schedule replaces)
  const spanMs = 3 * Math.max(...c.delays) + 50 + (base.btard?.timeoutMs ?? 0) * 4 + (base.server.timeoutMs ?? 0);
  set.limits = { ...base.limits, stallMs: 100 * spanMs };
  for (const [path, value] of Object.entries(set)) {
    const msg = setPath(doc, path, value);
    if (msg) throw new Error(msg);
  }
  return parseConfig(doc, unsafe);
}

/** The case's crashes of `role`'s honest nodes: [index among them (modulo their number), time] → { node, atMs }, each node once. */
function crashesOf(def: ProtocolDef, base: RunConfig, role: string, crashes: readonly [number, number][]): { node: string; atMs: number }[] {
  const honest = def.nodes(base).filter((x) => x.role === role && !x.byzantine);
  const crashed = new Set<string>();
  return crashes.flatMap(([i, atMs]) => {
    const id = honest[i % honest.length]?.id;
    if (id === undefined || crashed.has(id)) return [];
    crashed.add(id);
    return [{ node: id, atMs }];
  });
}

const runs = new Map<string, Awaited<ReturnType<ProtocolDef['run']>>>();

/** The protocol's run, loaded once per session (each dynamic import costs a trip through the module loader). */
async function loadRun(def: ProtocolDef): Promise<Awaited<ReturnType<ProtocolDef['run']>>> {
  let run = runs.get(def.name);
  if (run === undefined) runs.set(def.name, (run = await def.run()));
  return run;
}

const skeletons = new Map<string, Awaited<ReturnType<NonNullable<ProtocolFuzz['skeleton']>>> | undefined>();

/** The protocol's skeleton run, if its fuzz entry has one (loaded once per session). */
async function loadSkeleton(def: ProtocolDef) {
  if (!skeletons.has(def.name)) skeletons.set(def.name, await def.fuzz?.skeleton?.());
  return skeletons.get(def.name);
}

export interface CaseOutcome {
  readonly cfg: RunConfig;
  readonly records: HistoryRecord[];
  readonly violations: PredicateViolation[];
}

/**
 * Run a case on the tiny task (or the protocol's skeleton: then `bench` may be undefined) and judge
 * its history with the protocol's predicates and `ends`; `links: false` keeps only the node and
 * end records where the skeleton can (what the judges read: the search's default).
 */
export async function runRegistryCase(
  bench: FuzzBench | undefined,
  def: ProtocolDef,
  base: RunConfig,
  c: RegistryCase,
  opts: { readonly unsafe?: boolean; readonly predicates: readonly Predicate[]; readonly links?: boolean },
): Promise<CaseOutcome> {
  const cfg = caseConfig(def, base, c, opts.unsafe);
  const records: HistoryRecord[] = [];
  let k = 0;
  const scheduler = () => c.delays[k++ % c.delays.length];
  const skeleton = await loadSkeleton(def);
  if (skeleton) {
    skeleton({ cfg, scheduler, onTrace: (rec) => records.push(rec), links: opts.links ?? true });
    return judged(def, cfg, records, opts.predicates);
  }
  if (bench === undefined) throw new Error(`fuzz protocol ${def.name}: its run needs the tiny task (fuzzBench)`);
  const run = await loadRun(def);
  try {
    await run({
      plan: resolveRun(cfg),
      model: bench.model,
      train: bench.train,
      test: bench.test,
      engine: bench.engine,
      scheduler,
      onTrace: (rec) => records.push(rec),
    });
  } catch (e) {
    // a run that throws (a node refusing a non-finite step …) did not end: that is a finding, not a crash of the fuzzer
    return { cfg, records, violations: [{ property: 'ends', detail: `the run threw: ${(e as Error).message.split('\n')[0]}` }] };
  }
  return judged(def, cfg, records, opts.predicates);
}

function judged(def: ProtocolDef, cfg: RunConfig, records: HistoryRecord[], list: readonly Predicate[]): CaseOutcome {
  const input = { cfg, nodes: def.nodes(cfg), history: records };
  return { cfg, records, violations: [...list, ENDS].flatMap((p) => p.judge(input)) };
}

export interface RegistryFuzzReport {
  readonly runs: number;
  readonly seed: number;
  readonly failure?: { readonly case: RegistryCase; readonly violation: PredicateViolation; readonly shrinks: number };
}

/** Search `runs` cases (fast-check, seed `seed`); the first failure shrunk. */
export async function fuzzRegistry(o: {
  bench: FuzzBench | undefined;
  def: ProtocolDef;
  base: RunConfig;
  runs: number;
  seed: number;
  unsafe?: boolean;
}): Promise<RegistryFuzzReport> {
  const predicates = await fuzzEntry(o.def, [o.def]).predicates();
  const opts = { unsafe: o.unsafe, predicates };
  const property = fc.asyncProperty(
    caseArbitrary(o.def, o.base),
    async (c) => (await runRegistryCase(o.bench, o.def, o.base, c, { ...opts, links: false })).violations.length === 0,
  );
  const result = await fc.check(property, { seed: o.seed, numRuns: o.runs });
  if (!result.failed || result.counterexample === null) return { runs: result.numRuns, seed: o.seed };
  const c = result.counterexample[0];
  const again = await runRegistryCase(o.bench, o.def, o.base, c, opts);
  return { runs: result.numRuns, seed: o.seed, failure: { case: c, violation: again.violations[0], shrinks: result.numShrinks } };
}
