/**
 * `byzsim fuzz protocol [name]`: a protocol with a registry fuzz entry (ps, GuanYu, LiuBei, BTARD)
 * is fuzzed by cli/fuzz-registry.ts; without a name (or with the PS-only flags), fast-check searches
 * message schedules, crashes and loss draws that break the parameter-server skeleton's safety or
 * liveness as the flags set it (src/check/protocol.ts: liveness where the configuration promises it). Settings
 * come from flags or from a scenario's first run (`--scenario`); a failure is printed shrunk and
 * written shrunk as DIR/counterexample.json (`byzsim replay` or `--replay` re-runs it) with its
 * space-time diagram DIR/spacetime.svg, exit code 1. The links keep the scenario's synchrony,
 * partitions and per-link overrides.
 */
import type { Command } from 'commander';
import { promisesLiveness, type ProtocolSpec } from '../check/protocol.ts';
import { writeCounterexample } from '../fuzz/counterexample.ts';
import { ASYNC_NETWORK, fuzzProtocol, judgedSpec, runCase, type CaseNetwork, type ScheduleCase } from '../fuzz/protocol-fuzz.ts';
import { loadScenario, ScenarioError } from '../scenario/load.ts';
import { psQuorum } from '../protocols/ps/quorum.ts';
import { MAX_DELAY_MS } from '../net/delay/types.ts';
import { PROTOCOL_LIMITS, readProtocolCase } from '../scenario/checks/cases.ts';
import { PROTOCOLS } from '../protocols/index.ts';
import { UserError } from './errors.ts';
import { printJson } from './json.ts';
import { numberFlag, outDirFlag } from './flags.ts';

interface Flags {
  scenario?: string;
  n?: string;
  f?: string;
  policy?: string;
  quorum?: string;
  timeout?: string;
  loss?: string;
  dup?: string;
  steps?: string;
  crashes: string;
  unsafe?: boolean;
  expectLive?: boolean;
  runs: string;
  seed: string;
  out: string;
  replay?: string;
  json?: boolean;
}

export function registerProtocolFuzz(fuzz: Command): void {
  fuzz
    .command('protocol')
    .description('search message schedules, crashes, losses and Byzantine choices that break a protocol’s predicates (default: the PS skeleton)')
    .argument(
      '[protocol]',
      'a protocol of the registry with a fuzz entry (ps, guanyu, liubei, btard); default: the scenario’s, else the PS skeleton’s flag-driven search',
    )
    .option(
      '--scenario <file>',
      'ps: take n, f, policy, quorum, timeout, loss and duplication from a scenario’s first run; others: fuzz the scenario’s first run of the protocol (on the tiny task)',
    )
    .option('--n <n>', 'workers (default 7)')
    .option('--f <f>', 'workers that send malformed vectors (default 0)')
    .option('--policy <p>', 'sync | async (default async)')
    .option('--quorum <q>', 'gradients per step (default n − f for async, n for sync)')
    .option('--timeout <ms>', 'server timeout with retransmission')
    .option('--loss <p>', 'message loss rate', undefined)
    .option('--dup <p>', 'message duplication rate', undefined)
    .option('--steps <k>', 'steps per case (default 8 for ps, 3 for the others)')
    .option('--unsafe', 'fuzz a configuration outside the protocol’s assumptions (it names them)')
    .option('--crashes <c>', 'at most this many honest workers crash per case', '0')
    .option('--expect-live', 'demand liveness even where the configuration does not promise it')
    .option('--runs <k>', 'fast-check runs', '100')
    .option('--seed <s>', 'fast-check seed', '1')
    .option('--out <dir>', 'where to write a failing case', 'reports/fuzz')
    .option('--replay <case>', 're-run a written case instead of searching')
    .option('--json', 'print {spec, runs, seed, liveness, violation, file} as JSON')
    .action(async (name: string | undefined, flags: Flags) => {
      const registry = registryProtocol(name, flags);
      // the registry fuzzer loads the learning stack: only when a protocol is fuzzed through it
      const r = registry?.fuzz
        ? await (await import('./fuzz-registry.ts')).searchRegistry(registry, flags)
        : flags.replay
          ? replay(flags.replay)
          : await search(flags);
      if (flags.json) printJson(r.json);
      else process.stdout.write(r.text);
      if (r.failed) process.exitCode = 1;
    });
}

const PS_ONLY = ['n', 'f', 'policy', 'quorum', 'timeout', 'loss', 'dup', 'expectLive', 'replay'] as const;

/**
 * The registry protocol fuzzed through its fuzz entry (undefined: the PS skeleton's flag-driven
 * search — without a name, with a PS scenario, or with any of its flags; `fuzz protocol ps` names
 * the PS's registry entry).
 */
function registryProtocol(name: string | undefined, flags: Flags) {
  let chosen = name;
  if (chosen === undefined && flags.scenario) {
    try {
      chosen = loadScenario(flags.scenario, flags.unsafe ? { set: { unsafe: true } } : {}).runs[0].config.protocol;
    } catch (e) {
      throw new UserError(e instanceof ScenarioError ? e.message : (e as Error).message);
    }
  }
  const def = PROTOCOLS.get(chosen ?? 'ps');
  if (def === undefined) throw new UserError(`protocol: ${chosen} — unknown protocol (known: ${[...PROTOCOLS.keys()].join(', ')})`);
  if (flags.unsafe && def.assumptions === undefined)
    throw new UserError(`--unsafe: ${def.name} has no assumptions to waive${def.name === 'ps' ? ' (give --quorum, --timeout … directly)' : ''}`);
  const extra = PS_ONLY.find((k) => flags[k] !== undefined);
  if (def.name === 'ps' && (name === undefined || extra !== undefined)) return undefined;
  if (!def.fuzz) throw new UserError(`protocol: ${def.name} — has no fuzz entry in the registry`);
  if (extra)
    throw new UserError(
      `--${extra === 'expectLive' ? 'expect-live' : extra}: only for the PS skeleton — fuzz protocol ${def.name} takes its settings from its tiny configuration or --scenario`,
    );
  return def;
}

function num(name: string, v: string, min: number, max = Infinity, integer = true): number {
  return numberFlag(name, v, { integer, min, max });
}

function specOf(flags: Flags): { spec: ProtocolSpec; network: CaseNetwork } {
  let network: CaseNetwork = ASYNC_NETWORK;
  let base = {
    n: 7,
    f: 0,
    policy: 'async' as 'sync' | 'async',
    quorum: undefined as number | undefined,
    timeoutMs: undefined as number | undefined,
    lossRate: 0,
    duplicationRate: 0,
  };
  if (flags.scenario) {
    let cfg;
    try {
      cfg = loadScenario(flags.scenario).runs[0].config;
    } catch (e) {
      throw new UserError(e instanceof ScenarioError ? e.message : (e as Error).message);
    }
    if (cfg.protocol !== 'ps')
      throw new UserError(
        `--scenario: ${flags.scenario} uses protocol ${cfg.protocol}; fuzz protocol covers the parameter-server protocol (ps) — GuanYu and BTARD schedules are fuzzed in test/protocols`,
      );
    base = {
      n: cfg.workers.n,
      f: cfg.workers.f,
      policy: cfg.server.policy,
      quorum: psQuorum(cfg),
      timeoutMs: cfg.server.timeoutMs,
      lossRate: cfg.network.loss,
      duplicationRate: cfg.network.duplication,
    };
    network = { synchrony: cfg.network.synchrony, partitions: cfg.network.partitions, links: cfg.network.links };
  }
  const n = flags.n !== undefined ? num('--n', flags.n, 1, PROTOCOL_LIMITS.n) : base.n;
  if (n > PROTOCOL_LIMITS.n)
    throw new UserError(`--scenario: ${flags.scenario}: workers.n = ${n} — fuzz protocol runs at most ${PROTOCOL_LIMITS.n} workers (give --n)`);
  const f = flags.f !== undefined ? num('--f', flags.f, 0, n - 1) : base.f;
  const policy = flags.policy ?? base.policy;
  if (policy !== 'sync' && policy !== 'async') throw new UserError(`--policy: ${policy} — must be sync or async`);
  const quorum =
    flags.quorum !== undefined
      ? num('--quorum', flags.quorum, 1, n)
      : flags.n !== undefined || flags.f !== undefined || base.quorum === undefined
        ? policy === 'async'
          ? n - f
          : n
        : base.quorum;
  const spec: ProtocolSpec = {
    n,
    f,
    policy,
    quorum,
    timeoutMs: flags.timeout !== undefined ? num('--timeout', flags.timeout, 0, MAX_DELAY_MS, false) : base.timeoutMs,
    steps: num('--steps', flags.steps ?? '8', 1, PROTOCOL_LIMITS.steps),
    lossRate: flags.loss !== undefined ? num('--loss', flags.loss, 0, 1, false) : base.lossRate,
    duplicationRate: flags.dup !== undefined ? num('--dup', flags.dup, 0, 1, false) : base.duplicationRate,
  };
  return { spec, network };
}

/** The scenario's network as kept by the fuzzer: synchrony mode and bound, partitions, link rules. */
function describeNetwork(net: CaseNetwork): string {
  const s = net.synchrony;
  const mode = s.mode === 'asynchronous' ? 'asynchronous' : s.mode === 'synchronous' ? `synchronous Δ=${s.deltaMs}` : `partial Δ=${s.deltaMs} GST=${s.gstMs}`;
  const parts = net.partitions.length ? `, ${net.partitions.length} partition${net.partitions.length > 1 ? 's' : ''}` : '';
  const links = net.links.length ? `, ${net.links.length} link rule${net.links.length > 1 ? 's' : ''}` : '';
  return `links: ${mode}${parts}${links}`;
}

function describe(s: ProtocolSpec): string {
  return `${s.policy} n=${s.n} f=${s.f} q=${s.quorum} timeout=${s.timeoutMs ?? '-'} loss=${s.lossRate} dup=${s.duplicationRate} steps=${s.steps}`;
}

interface Outcome {
  text: string;
  failed: boolean;
  json: Record<string, unknown>;
}

async function search(flags: Flags): Promise<Outcome> {
  const { spec, network } = specOf(flags);
  const maxCrashes = num('--crashes', flags.crashes, 0, spec.n);
  const runs = num('--runs', flags.runs, 1, 1e6);
  const seed = num('--seed', flags.seed, 0);
  outDirFlag('--out', flags.out);
  const report = fuzzProtocol({ spec, maxCrashes, expectLive: flags.expectLive, runs, seed, network });
  const lines = [`fuzz protocol ps  ${describe(spec)}  ${describeNetwork(network)}  crashes ≤ ${maxCrashes}  runs=${report.runs} seed=${seed}`];
  const promised = promisesLiveness(judgedSpec(spec, network), maxCrashes);
  lines.push(
    `  liveness ${flags.expectLive ? 'demanded (--expect-live)' : promised ? 'promised for every case' : 'promised only where enough workers stay up and messages get through'}`,
  );
  const json = {
    protocol: 'ps',
    spec,
    network,
    maxCrashes,
    runs: report.runs,
    seed,
    liveness: flags.expectLive ? 'demanded' : promised ? 'promised' : 'conditional',
    violation: null,
  };
  if (!report.failure) {
    lines.push(`  held: quorum, fresh, distinct, filtered${flags.expectLive || promised ? ', liveness' : ''} in ${report.runs} cases`);
    return { text: lines.join('\n') + '\n', failed: false, json };
  }
  const { case: c, violation: v } = report.failure;
  lines.push(`  VIOLATION of ${v.property}${v.step !== undefined ? ` at step ${v.step}` : ''}: ${v.detail}`);
  lines.push(`  shrunk case: delays ${JSON.stringify(c.delays.map((d) => Number(d.toPrecision(4))))}, crashes ${JSON.stringify(c.crashes)}, seed ${c.seed}`);
  const { file, svg } = await writeCounterexample(flags.out, { protocol: 'ps', spec, expectLive: flags.expectLive ?? null, case: c, network, violation: v });
  lines.push(`  counterexample: ${file}`);
  lines.push(`  space-time diagram: ${svg}`);
  lines.push(`  replay: byzsim replay ${file}`);
  return { text: lines.join('\n') + '\n', failed: true, json: { ...json, violation: { ...v, case: c, file, spacetime: svg } } };
}

function replay(file: string): Outcome {
  const raw = readProtocolCase(file, (msg) => new UserError(msg));
  const v = runCase(raw.spec, raw.case as ScheduleCase, raw.expectLive ?? undefined, (raw.network as CaseNetwork | undefined) ?? ASYNC_NETWORK);
  const head = `replay ${describe(raw.spec)}`;
  const json = { spec: raw.spec, case: raw.case, violation: v ?? null };
  return v
    ? { text: `${head}\n  VIOLATION of ${v.property}${v.step !== undefined ? ` at step ${v.step}` : ''}: ${v.detail}\n`, failed: true, json }
    : { text: `${head}\n  held: no violation now\n`, failed: false, json };
}
