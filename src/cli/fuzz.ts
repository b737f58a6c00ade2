/**
 * `byzsim fuzz gar --rule <name> --n N --f F [--runs K] [--seed S] [--unsafe] [--out DIR]`: the
 * worst empirical κ of a rule next to its theoretical bound; on a violation, the shrunk
 * counterexample is printed and written as a replayable JSON case (exit code 1).
 * `byzsim fuzz replay <case.json>`: re-run a recorded case and print its ratio now.
 */
import type { Command } from 'commander';
import { derivedKappaBound, type DerivedBound } from '../check/derived-bounds.ts';
import { checkSteps } from '../gars/apply.ts';
import { parsePipeline } from '../gars/index.ts';
import type { Convention } from '../gars/types.ts';
import { fuzzGar, type FuzzCase, type FuzzReport } from '../fuzz/gar-fuzz.ts';
import { replayGarCase, writeCase } from '../fuzz/replay.ts';
import { readGarCase } from '../scenario/checks/cases.ts';
import { show } from '../scenario/checks/show.ts';
import { bindParams } from './aggregate.ts';
import { UserError } from './errors.ts';
import { printJson } from './json.ts';
import { numberFlag, outDirFlag } from './flags.ts';
import { registerProtocolFuzz } from './fuzz-protocol.ts';

interface GarFlags {
  rule: string;
  n: string;
  f: string;
  runs: string;
  seed: string;
  unsafe?: boolean;
  out: string;
  param: string[];
  convention: string;
  kappa?: string;
  d?: string;
  json?: boolean;
}

export function register(program: Command): void {
  const fuzz = program
    .command('fuzz')
    .description('property-based fuzzing of the aggregation rules against their theory, and of the protocol under adversarial schedules');
  registerProtocolFuzz(fuzz);
  fuzz
    .command('gar')
    .description('search for the worst empirical (f, κ)-robustness ratio of a rule at (n, f)')
    .requiredOption('--rule <name>', 'rule or pipeline, e.g. krum or "nnm → krum"')
    .requiredOption('--n <n>', 'number of inputs')
    .requiredOption('--f <f>', 'number of Byzantine inputs (the rule is configured with the same f)')
    .option('--runs <k>', 'fast-check runs', '200')
    .option('--seed <s>', 'fast-check seed', '1')
    .option('--unsafe', "fuzz even if (n, f) violates the rule's requirement")
    .option('--out <dir>', 'where to write a replayable case on a violation', 'reports/fuzz')
    .option('--param <k=v>', 'rule parameter (repeatable)', (v: string, p: string[]) => [...p, v], [])
    .option('--convention <name>', 'paper | byzfl', 'paper')
    .option('--kappa <k>', 'violation threshold (default: the rule’s known bound, else 1e6)')
    .option('--d <d>', 'dimension of the generated vectors (default 1–3)')
    .option('--json', 'print the report as JSON (worst ratio, bound, scan, violation and its file)')
    .action((flags: GarFlags) => {
      const r = runFuzzGar(flags);
      if (flags.json) printJson(garJson(r));
      else process.stdout.write(r.text);
      if (r.violation) process.exitCode = 1;
    });
  fuzz
    .command('replay')
    .description('re-run a case written by `fuzz gar` and print the ratio it gives now')
    .argument('<case>', 'JSON case file')
    .option('--json', 'print {rule, n, f, ratio, recorded, subset} as JSON')
    .action((file: string, flags: { json?: boolean }) => {
      const c = readGarCase(file, (msg) => new UserError(msg));
      const r = replayGarCase(c as Parameters<typeof replayGarCase>[0]);
      if (flags.json) printJson({ rule: r.case.rule, n: r.case.n, f: r.case.f, ratio: r.ratio, recorded: r.recorded, subset: r.subset });
      else
        process.stdout.write(
          `${r.case.rule} n=${r.case.n} f=${r.case.f}: ratio ${fmt(r.ratio)} (recorded ${fmt(r.recorded)}) on S = [${r.subset.join(', ')}]\n`,
        );
    });
}

function int(name: string, v: string, min: number, max?: number): number {
  return numberFlag(name, v, { integer: true, min, max });
}

/** fuzz gar judges every case in O(n²·d) (and over every S of size n − f when C(n, f) is small). */
const MAX_N = 1000;
const MAX_D = 100_000;

const fmt = (x: number) =>
  Number.isFinite(x) ? (Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : String(Number(x.toPrecision(4)))) : String(x);

/** `fuzz gar --json`: the report's figures, the violation (if any) and its replay file. */
function garJson(r: ReturnType<typeof runFuzzGar>) {
  const { rule, n, f, runs, seed, threshold, thresholdSource, lowerBound, worst, scan, unbounded, exhaustive } = r.report;
  const v = r.violation;
  return {
    rule,
    n,
    f,
    runs,
    seed,
    worstRatio: worst.ratio,
    worstSubset: worst.subset,
    exhaustive,
    threshold,
    thresholdSource,
    lowerBound,
    derivedBound: r.derived ?? null,
    scan,
    unbounded,
    violation: v ? { ratio: v.ratio, vectors: v.vectors, honest: v.honest, subset: v.subset, file: r.file } : null,
  };
}

/** The command without process I/O: the report text, the violation's file if any. */
export function runFuzzGar(flags: GarFlags): { text: string; violation?: FuzzCase; file?: string; report: FuzzReport; derived?: DerivedBound } {
  const convention = flags.convention as Convention;
  if (convention !== 'paper' && convention !== 'byzfl') throw new UserError(`--convention must be paper or byzfl, got ${show(flags.convention)}`);
  const n = int('--n', flags.n, 1, MAX_N);
  const f = int('--f', flags.f, 0);
  if (f >= n) throw new UserError(`--f must be < --n, got n=${n}, f=${f}`);
  const bound = bindParams(parsePipeline(flags.rule), flags.param, convention);
  const steps = bound.steps;
  const params = steps[steps.length - 1].params ?? {};
  const runs = int('--runs', flags.runs, 1, 1e6);
  const seed = int('--seed', flags.seed, 0);
  const kappa = flags.kappa === undefined ? undefined : numberFlag('--kappa', flags.kappa, { min: 0, exclusiveMin: true });
  const d = flags.d === undefined ? undefined : int('--d', flags.d, 1, MAX_D);
  outDirFlag('--out', flags.out);
  const requirement = checkSteps(steps, n, f, convention);
  if (requirement && !flags.unsafe) throw new UserError(`${requirement} (pass --unsafe to fuzz it anyway)`);
  let report: FuzzReport;
  try {
    report = fuzzGar({
      rule: flags.rule,
      n,
      f,
      params,
      steps,
      convention,
      unsafe: flags.unsafe,
      runs,
      seed,
      kappa,
      d,
    });
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  const lines: string[] = [];
  lines.push(`fuzz gar ${flags.rule}  n=${n} f=${f}  runs=${report.runs} seed=${report.seed}${requirement ? `  UNSAFE (${requirement})` : ''}`);
  lines.push(`  worst ratio ‖F − x̄_S‖²/var_S : ${fmt(report.worst.ratio)}  ${report.exhaustive ? 'over every S of size n−f' : 'on the honest set'}`);
  lines.push(`  theoretical κ bound          : ${fmt(report.threshold)}  (${report.thresholdSource})`);
  const derived = derivedKappaBound(flags.rule, n, f, params, convention);
  if (derived && derived.value !== report.threshold) lines.push(`  derived κ bound              : ${fmt(derived.value)}  (${derived.formula})`);
  lines.push(`  lower bound f/(n−2f)         : ${fmt(report.lowerBound)}  (derived, any rule)`);
  lines.push(`  distance scan (honest set)   : ${report.scan.map((s) => `t=${s.t}: ${fmt(s.ratio)}`).join('  ')}`);
  lines.push(`  → ${report.unbounded ? 'UNBOUNDED: the ratio grows with the adversary’s distance' : 'bounded along the scan'}`);
  let file: string | undefined;
  if (report.violation) {
    const v = report.violation;
    lines.push(`  VIOLATION: ratio ${fmt(v.ratio)} > ${fmt(report.threshold)}${report.unbounded ? ' (or unbounded)' : ''}; shrunk counterexample:`);
    lines.push(`    vectors = ${JSON.stringify(v.vectors.map((r) => r.map((x) => Number(x.toPrecision(6)))))}`);
    lines.push(`    honest  = [${v.honest.join(', ')}]   worst S = [${v.subset.join(', ')}]`);
    file = writeCase(flags.out, v, { threshold: report.threshold, thresholdSource: report.thresholdSource, unbounded: report.unbounded });
    lines.push(`    replay: byzsim replay ${file}   (or byzsim fuzz replay ${file}: the ratio only)`);
  }
  return { text: `${lines.join('\n')}\n`, violation: report.violation, file, report, derived };
}
