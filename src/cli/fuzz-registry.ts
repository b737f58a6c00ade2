/**
 * `byzsim fuzz protocol <name>` for a protocol with a registry fuzz entry (GuanYu, BTARD …): the
 * configuration is the protocol's tiny one or a scenario's first run of it (`--scenario`), on the
 * tiny task; `--unsafe` fuzzes it outside the protocol's assumptions (they are named). Inside them
 * a search that finds nothing exits 0; a violation is printed shrunk and written as
 * DIR/counterexample.json (`byzsim replay` re-runs it) with DIR/spacetime.svg, exit 1.
 */
import { baseConfig, fuzzBench, fuzzRegistry, fuzzEntry, runRegistryCase, type RegistryFuzzReport } from '../fuzz/registry-fuzz.ts';
import { writeRegistryCounterexample } from '../fuzz/counterexample.ts';
import { PROTOCOLS } from '../protocols/index.ts';
import type { ProtocolDef } from '../protocols/types.ts';
import { loadScenario, ScenarioError } from '../scenario/load.ts';
import type { RunConfig } from '../scenario/schema.ts';
import { waivedAssumptions } from '../scenario/validate.ts';
import { UserError } from './errors.ts';
import { numberFlag, outDirFlag } from './flags.ts';

export interface RegistryFlags {
  readonly scenario?: string;
  readonly steps?: string;
  readonly runs: string;
  readonly seed: string;
  readonly out: string;
  readonly unsafe?: boolean;
}

export interface RegistryOutcome {
  readonly text: string;
  readonly failed: boolean;
  readonly json: Record<string, unknown>;
}

/** The scenario's first run of the protocol (its data and model are replaced by the tiny task's). */
function scenarioRun(file: string, def: ProtocolDef, unsafe: boolean): RunConfig {
  try {
    const runs = loadScenario(file, unsafe ? { set: { unsafe: true } } : {}).runs;
    const run = runs.find((r) => r.config.protocol === def.name);
    if (run === undefined)
      throw new UserError(`--scenario: ${file} — no run of protocol ${def.name} (its runs use ${[...new Set(runs.map((r) => r.config.protocol))].join(', ')})`);
    return run.config;
  } catch (e) {
    throw e instanceof ScenarioError ? new UserError(e.message) : e;
  }
}

function base(def: ProtocolDef, flags: RegistryFlags): RunConfig {
  const steps = numberFlag('--steps', flags.steps ?? '3', { integer: true, min: 1, max: 1000 });
  const scenario = flags.scenario ? scenarioRun(flags.scenario, def, flags.unsafe === true) : undefined;
  try {
    return baseConfig(def, steps, { scenario, unsafe: flags.unsafe });
  } catch (e) {
    throw new UserError(`${flags.scenario ?? `${def.name}'s tiny configuration`}: ${(e as Error).message}`);
  }
}

/**
 * Whether the protocol's replicas merge a quorum of models: its rules take a `servers.quorum` (GuanYu;
 * not LiuBei, whose gathers read every replica and whose check refuses one; not a protocol without replicas).
 */
function mergesQuorum(def: ProtocolDef, cfg: RunConfig): boolean {
  const s = cfg.servers;
  if (def.serverRole === undefined || s === undefined) return false;
  return !def.check({ ...cfg, servers: { ...s, quorum: s.quorum ?? s.n - s.f } }).some((e) => e.startsWith('servers.quorum:'));
}

/** The configuration in one line (q_ps where replicas merge a quorum of models). */
function describe(def: ProtocolDef, cfg: RunConfig): string {
  const q = cfg.servers && mergesQuorum(def, cfg) ? ` q_ps=${cfg.servers.quorum ?? cfg.servers.n - cfg.servers.f}` : '';
  const s = cfg.servers ? ` n_ps=${cfg.servers.n} f_ps=${cfg.servers.f}${q}` : '';
  const sync = cfg.network.synchrony;
  const links =
    sync.mode === 'synchronous' ? `synchronous Δ=${sync.deltaMs}` : sync.mode === 'partial' ? `partial Δ=${sync.deltaMs} GST=${sync.gstMs}` : 'asynchronous';
  return `n=${cfg.workers.n} f=${cfg.workers.f}${s} gar=${JSON.stringify(cfg.server.gar)} steps=${cfg.steps} links: ${links}`;
}

export async function searchRegistry(def: ProtocolDef, flags: RegistryFlags): Promise<RegistryOutcome> {
  const fz = fuzzEntry(def, PROTOCOLS.values());
  const cfg = base(def, flags);
  const runs = numberFlag('--runs', flags.runs, { integer: true, min: 1, max: 1e6 });
  const seed = numberFlag('--seed', flags.seed, { integer: true, min: 0 });
  outDirFlag('--out', flags.out);
  const waived = waivedAssumptions(cfg);
  const predicates = [...(await fz.predicates()).map((p) => p.name), 'ends'];
  const a = fz.assumption(cfg);
  const lines = [`fuzz protocol ${def.name}  ${describe(def, cfg)}  runs=${runs} seed=${seed}`];
  lines.push(
    waived.length
      ? `  OUTSIDE its assumptions (--unsafe): ${waived.join('; ')}`
      : `  inside its assumptions: crashes ≤ ${a.crashes}${a.serverCrashes ? `, replica crashes ≤ ${a.serverCrashes}` : ''}, loss ${a.loss ? '≤ 0.3' : 'none'}, duplication ${a.duplication ? '≤ 0.3' : 'none'}, delays within the links' synchrony`,
  );
  const bench = fz.skeleton ? undefined : await fuzzBench(); // a skeleton needs no learning stack
  const report = await fuzzRegistry({ bench, def, base: cfg, runs, seed, unsafe: flags.unsafe });
  const json: Record<string, unknown> = {
    protocol: def.name,
    unsafe: flags.unsafe === true,
    waived,
    config: cfg,
    runs: report.runs,
    seed,
    predicates,
    violation: null,
  };
  if (!report.failure) {
    lines.push(`  held: ${predicates.join(', ')} in ${report.runs} cases`);
    return { text: `${lines.join('\n')}\n`, failed: false, json };
  }
  return failure(def, cfg, flags, report, bench, lines, json);
}

async function failure(
  def: ProtocolDef,
  cfg: RunConfig,
  flags: RegistryFlags,
  report: RegistryFuzzReport,
  bench: Awaited<ReturnType<typeof fuzzBench>> | undefined,
  lines: string[],
  json: Record<string, unknown>,
): Promise<RegistryOutcome> {
  const { case: c, violation: v, shrinks } = report.failure!;
  const choices = def.fuzz?.choices?.(cfg) ?? [];
  const picked = choices.length ? choices[c.choice % choices.length] : undefined;
  const choice = picked ? `choice "${picked.label}" u=${JSON.stringify(c.u.slice(0, picked.arity).map((x) => Number(x.toPrecision(3))))}, ` : '';
  lines.push(`  VIOLATION of ${v.property}${v.step !== undefined ? ` at step ${v.step}` : ''}${v.node ? ` (${v.node})` : ''}: ${v.detail}`);
  lines.push(
    `  shrunk case (${shrinks} shrinks): ${choice}delays ${JSON.stringify(c.delays.map((d) => Number(d.toPrecision(4))))}, crashes ${JSON.stringify(c.crashes)}${c.serverCrashes?.length ? `, replica crashes ${JSON.stringify(c.serverCrashes)}` : ''}, loss ${c.loss}, duplication ${c.duplication}, seed ${c.seed}`,
  );
  const predicates = await def.fuzz!.predicates();
  const run = await runRegistryCase(bench, def, cfg, c, { unsafe: flags.unsafe, predicates });
  const { file, svg } = await writeRegistryCounterexample(
    flags.out,
    { protocol: def.name, unsafe: flags.unsafe === true, config: cfg, case: c, violation: v },
    run.records,
  );
  lines.push(`  counterexample: ${file}`, `  space-time diagram: ${svg}`, `  replay: byzsim replay ${file}`);
  return { text: `${lines.join('\n')}\n`, failed: true, json: { ...json, violation: { ...v, case: c, shrinks, file, spacetime: svg } } };
}
