/** `byzsim run <scenario>` and `byzsim report <dir>`: thin wrappers over sweep/ and report/. */
import { availableParallelism } from 'node:os';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { FORMATS, type Format } from '../report/formats.ts';
import { DataError } from '../learn/data/error.ts';
import { dataRefusal } from '../scenario/checks/data.ts';
import { show } from '../scenario/checks/show.ts';
import { loadScenario, ScenarioError, type Override, type Scenario } from '../scenario/load.ts';
import { waivedAssumptions } from '../scenario/validate.ts';
import type { RunSummary } from '../sweep/run-scenario.ts';
import { UserError } from './errors.ts';
import { numberFlag, outDirFlag, parseSets } from './flags.ts';
import { createProgress } from './progress.ts';

// The sweep and the report (d3-node) load only once a scenario has validated, so refused
// input and --help stay cheap.
const loadSweep = () => import('../sweep/run-scenario.ts');
const loadReport = () => import('../report/index.ts');

interface RunFlags {
  seed?: string;
  seeds?: string;
  size?: string;
  steps?: string;
  out?: string;
  trace?: boolean;
  backend?: string;
  threads?: string;
  jobs?: string;
  queue?: string;
  resume?: boolean;
  allowStall?: boolean;
  unsafe?: boolean;
  json?: boolean;
  report: boolean;
  format?: string;
  set: string[];
}

/** `--format svg,png` → the formats, or a one-line error naming the bad one. */
function formatsFlag(value: string | undefined): Format[] | undefined {
  if (value === undefined) return undefined;
  const list = value
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  const bad = list.find((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad !== undefined || list.length === 0)
    throw new UserError(`--format: ${JSON.stringify(value)} — must be a comma-separated list of ${FORMATS.join(', ')}`);
  return [...new Set(list)] as Format[];
}

/** Draw the report; bad or missing run files are the user's to fix (exit 2). Returns the index file. */
async function report(dir: string, opts: Parameters<Awaited<ReturnType<typeof loadReport>>['writeReport']>[1]): Promise<string> {
  const { writeReport, ReportInputError } = await loadReport();
  try {
    const files = writeReport(dir, opts);
    return `${dir}/${files[files.length - 1]}`;
  } catch (e) {
    if (e instanceof ReportInputError) throw new UserError(e.message);
    throw e;
  }
}

export function register(program: Command): void {
  program
    .command('run')
    .description('run every configuration of a scenario file; write metrics, configs, traces and a report')
    .argument('<scenario>', 'scenario YAML file')
    .option('--seed <n>', 'override the scenario seed')
    .option('--seeds <list>', "run every configuration once per seed, e.g. 1,2,3 (replaces the scenario's seeds)")
    .option('--size <name>', "one of the scenario's sizes, e.g. quick (what CI runs in seconds); default: the full size as written")
    .option('--steps <n>', 'override the number of steps')
    .option('--out <dir>', 'output directory (default: reports/<scenario name>)')
    .option('--trace', 'write every message event to <out>/<config>/trace.jsonl')
    .option('--backend <name>', 'tfjs backend: auto | tensorflow | wasm | cpu')
    .option('--threads <n>', "gradient threads per configuration: a number or 'auto' (its share of the cores)")
    .option('--jobs <n>', 'configurations run at once (default: the number of cores)')
    .option('--queue <url>', 'run the configurations on `byzsim worker`s through this Redis: redis://host:port/db')
    .option('--resume', 'skip configurations already finished in <out> with the same config')
    .option('--allow-stall', 'exit 0 even when a configuration stalled (default: exit 1)')
    .option('--unsafe', "run even outside the protocol's assumptions (sets unsafe: true; says which are waived)")
    .option('--json', 'print the summary as JSON on stdout')
    .option('--no-report', 'do not draw the SVG/HTML report')
    .option('--format <list>', 'figure formats, comma-separated: svg, png (default svg)')
    .option(
      '--set <path=value>',
      'override a scenario field for every run (repeatable; value read as YAML)',
      (v: string, acc: string[]) => [...acc, v],
      [] as string[],
    )
    .action(async (file: string, flags: RunFlags) => {
      const scenario = load(file, flags);
      warnWaived(scenario);
      const formats = formatsFlag(flags.format);
      const jobs = flags.jobs === undefined ? availableParallelism() : intFlag('--jobs', flags.jobs, 1);
      if (flags.queue !== undefined && flags.jobs !== undefined)
        throw new UserError('--jobs: has no effect with --queue (each `byzsim worker` takes its own --jobs)');
      if (flags.queue !== undefined) await checkQueue(flags.queue);
      const outDir = outDirFlag('--out', flags.out ?? `reports/${scenario.name || basename(file, '.yaml')}`);
      const summaries = await sweep(scenario, outDir, jobs, flags);
      const index = flags.report ? await report(outDir, { formats }) : undefined;
      if (flags.json) process.stdout.write(JSON.stringify(jsonSummary(scenario, outDir, summaries, index)) + '\n');
      else {
        for (const s of summaries) process.stdout.write(summaryLine(s));
        if (index) process.stdout.write(`report: ${index}\n`);
      }
      stalledExit(summaries, flags.allowStall === true);
    });

  program
    .command('report')
    .description('redraw the SVG/HTML report of a run directory from its metrics')
    .argument('<dir>', 'a directory written by byzsim run')
    .option('--title <text>', 'figure title')
    .option('--x <key>', 'x axis of the accuracy chart: timeMs | step')
    .option('--band <kind>', 'band around a mean over seeds: sd | minmax')
    .option('--format <list>', 'figure formats, comma-separated: svg, png (default svg)')
    .option('--spacetime', 'draw instead the space-time diagram of each traced run (spacetime.svg beside its trace.jsonl)')
    .option('--from <ms>', 'with --spacetime: start of the time window (virtual ms)')
    .option('--to <ms>', 'with --spacetime: end of the time window (virtual ms)')
    .action(async (dir: string, flags: { title?: string; x?: string; band?: string; format?: string; spacetime?: boolean; from?: string; to?: string }) => {
      if (flags.spacetime || flags.from !== undefined || flags.to !== undefined) return spacetimeReport(dir, flags);
      if (flags.x !== undefined && flags.x !== 'timeMs' && flags.x !== 'step') throw new UserError(`--x: ${show(flags.x)} — must be timeMs or step`);
      if (flags.band !== undefined && flags.band !== 'sd' && flags.band !== 'minmax') throw new UserError(`--band: ${flags.band} — must be sd or minmax`);
      const index = await report(dir, {
        title: flags.title,
        x: flags.x as 'timeMs' | 'step' | undefined,
        band: flags.band as 'sd' | 'minmax' | undefined,
        formats: formatsFlag(flags.format),
      });
      process.stdout.write(`report: ${index}\n`);
    });
}

/** `report --spacetime`: the diagrams of a run directory's traces (small edit by fuzz). */
async function spacetimeReport(dir: string, flags: { spacetime?: boolean; from?: string; to?: string }): Promise<void> {
  if (!flags.spacetime) throw new UserError('--from/--to: only with --spacetime');
  const ms = (name: string, v: string | undefined) => (v === undefined ? undefined : numberFlag(name, v, { min: 0 }));
  const window = { fromMs: ms('--from', flags.from), toMs: ms('--to', flags.to) };
  const { writeSpacetimes } = await import('../report/spacetime-report.ts');
  const { ReportInputError } = await loadReport();
  try {
    for (const file of writeSpacetimes(dir, window)) process.stdout.write(`spacetime: ${file}\n`);
  } catch (e) {
    if (e instanceof ReportInputError) throw new UserError(e.message);
    throw e;
  }
}

/** The scenario with the command line's overrides, each named by its flag in messages. */
function load(file: string, flags: RunFlags): Scenario {
  const overrides: Override[] = parseSets(flags.set);
  if (flags.seed !== undefined) overrides.push({ path: 'seed', value: intFlag('--seed', flags.seed, 0), flag: `--seed ${flags.seed}` });
  if (flags.steps !== undefined) overrides.push({ path: 'steps', value: intFlag('--steps', flags.steps, 1), flag: `--steps ${flags.steps}` });
  if (flags.backend !== undefined) overrides.push({ path: 'backend', value: flags.backend, flag: `--backend ${flags.backend}` });
  if (flags.threads !== undefined)
    overrides.push({ path: 'threads', value: flags.threads === 'auto' ? 'auto' : intFlag('--threads', flags.threads, 1), flag: `--threads ${flags.threads}` });
  if (flags.unsafe) overrides.push({ path: 'unsafe', value: true, flag: '--unsafe' });
  const seeds = flags.seeds === undefined ? undefined : seedList(flags.seeds);
  try {
    return loadScenario(file, { overrides, seeds, size: flags.size });
  } catch (e) {
    if (e instanceof ScenarioError) throw new UserError(e.message);
    throw e;
  }
}

/** Each protocol assumption some configuration runs outside of (`unsafe: true`), once, on stderr. */
function warnWaived(scenario: Scenario): void {
  const lines = new Set(scenario.runs.flatMap((r) => waivedAssumptions(r.config).map((l) => `${r.config.protocol}: ${l}`)));
  for (const l of lines) process.stderr.write(`byzsim: unsafe: outside the assumptions of ${l}\n`);
}

async function checkQueue(url: string): Promise<void> {
  const { checkQueueUrl, probeRedis } = await import('../sweep/queue-job.ts');
  const bad = checkQueueUrl(url);
  if (bad) throw new UserError(`--queue: ${bad}`);
  await probeRedis(url).catch((e: Error) => {
    throw new UserError(`--queue: ${e.message}`);
  });
}

/** Run the sweep with progress on stderr; on SIGINT/SIGTERM flush traces, restore the cursor and exit. */
async function sweep(scenario: Scenario, outDir: string, jobs: number, flags: RunFlags): Promise<RunSummary[]> {
  const { runScenario, createStopFlag, requestStop } = await loadSweep();
  const now = () => performance.now(); // wall-clock-ok: progress and wall.json only
  const progress = createProgress(scenario.runs, process.stderr, now);
  const stop = createStopFlag();
  const interrupted = (signal: NodeJS.Signals) => {
    progress.stop();
    process.stderr.write(`byzsim: ${signal}: stopping; finished configurations are kept (--resume continues)\n`);
    void requestStop(stop, 5000).then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    return await runScenario(scenario, {
      outDir,
      trace: flags.trace,
      resume: flags.resume,
      jobs,
      queue: flags.queue,
      stop,
      now,
      onRunStart: (run, i, info) => progress.start(run, i, info),
      onStep: (_run, i, step) => progress.step(i, step),
      onRunEnd: (run, i, s, wallMs) => progress.end(run, i, s, wallMs),
    });
  } catch (e) {
    // A data file's problem that only a full read finds (validation reads headers): one line, exit 2.
    if (!(e instanceof DataError)) throw e;
    const data = scenario.runs.map((r) => r.config.data).find((d) => d.path === e.file || d.labels === e.file) ?? {};
    throw new UserError(dataRefusal(data, e));
  } finally {
    progress.stop();
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
  }
}

/** Say why each stalled configuration stalled (stderr); exit code 1 when any did, unless allowed. */
function stalledExit(summaries: readonly RunSummary[], allow: boolean): void {
  const stalled = summaries.filter((s) => s.stalled);
  for (const s of stalled) process.stderr.write(`byzsim: ${s.label} stalled — ${s.reason ?? 'stalled'}: ${s.detail ?? `${s.steps} steps done`}\n`);
  if (stalled.length === 0 || allow) return;
  process.stderr.write(`byzsim: ${stalled.length} of ${summaries.length} configurations stalled (exit 1; --allow-stall exits 0)\n`);
  process.exitCode = 1;
}

function summaryLine(s: RunSummary): string {
  return `${s.label.padEnd(32)} steps ${String(s.steps).padStart(5)}${s.stalled ? ` (stalled: ${s.reason ?? 'no step left'})` : ''}  virtual ${(s.timeMs / 1000).toFixed(2)} s  accuracy ${s.finalAccuracy?.toFixed(4) ?? '-'}${s.privacy ? `  (ε = ${s.privacy.epsilon.toFixed(3)}, δ = ${s.privacy.delta})` : ''}  [${s.backend}]${s.skipped ? ' (resumed)' : ''}\n`;
}

/** `run --json`: the out folder, the seeds, every configuration's summary with its seed and cell, and the report. */
function jsonSummary(scenario: Scenario, outDir: string, summaries: readonly RunSummary[], report: string | undefined) {
  return {
    out: outDir,
    name: scenario.name,
    seeds: scenario.seeds,
    runs: summaries.map((s, i) => ({ ...s, seed: scenario.runs[i].seed, cell: scenario.runs[i].cell })),
    report: report ?? null,
  };
}

function seedList(text: string): number[] {
  const parts = text.split(',').map((p) => p.trim());
  const seeds = parts.map((p) => Number(p));
  if (parts.some((p, i) => p === '' || !Number.isInteger(seeds[i]) || seeds[i] < 0))
    throw new UserError(`--seeds: ${JSON.stringify(text)} — must be integers ≥ 0 separated by commas, e.g. 1,2,3`);
  if (new Set(seeds).size !== seeds.length) throw new UserError(`--seeds: ${JSON.stringify(text)} — seeds must be distinct`);
  return seeds;
}

function intFlag(name: string, value: string, min: number): number {
  return numberFlag(name, value, { integer: true, min });
}
