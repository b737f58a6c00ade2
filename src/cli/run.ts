/** `byzsim run <scenario>` and `byzsim report <dir>`: thin wrappers over sweep/ and report/. */
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { parse as parseYaml } from 'yaml';
import type { Command } from 'commander';
import { FORMATS, type Format } from '../report/formats.ts';
import { loadScenario, ScenarioError } from '../scenario/load.ts';
import { UserError } from './errors.ts';

// The sweep (TensorFlow.js) and the report (d3-node) load only once a scenario has validated,
// so refused input and --help stay cheap.
const loadSweep = () => import('../sweep/run-scenario.ts');
const loadReport = () => import('../report/index.ts');

interface RunFlags {
  seed?: string;
  steps?: string;
  out?: string;
  trace?: boolean;
  backend?: string;
  threads?: string;
  resume?: boolean;
  report: boolean;
  format?: string;
  set: string[];
}

/** `--format svg,png` → the formats, or a one-line error naming the bad one. */
function formatsFlag(value: string | undefined): Format[] | undefined {
  if (value === undefined) return undefined;
  const list = value.split(',').map((f) => f.trim()).filter(Boolean);
  const bad = list.find((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad !== undefined || list.length === 0) throw new UserError(`--format: ${JSON.stringify(value)} — must be a comma-separated list of ${FORMATS.join(', ')}`);
  return [...new Set(list)] as Format[];
}

/** Draw the report; bad or missing run files are the user's to fix (exit 2). */
async function report(dir: string, opts: Parameters<Awaited<ReturnType<typeof loadReport>>['writeReport']>[1]): Promise<void> {
  const { writeReport, ReportInputError } = await loadReport();
  try {
    const files = writeReport(dir, opts);
    process.stdout.write(`report: ${dir}/${files[files.length - 1]}\n`);
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
    .option('--steps <n>', 'override the number of steps')
    .option('--out <dir>', 'output directory (default: reports/<scenario name>)')
    .option('--trace', 'write every message event to <out>/<config>/trace.jsonl')
    .option('--backend <name>', 'tfjs backend: auto | tensorflow | wasm | cpu')
    .option('--threads <n>', "gradient threads: a number or 'auto'")
    .option('--resume', 'skip configurations already finished in <out> with the same config')
    .option('--no-report', 'do not draw the SVG/HTML report')
    .option('--format <list>', 'figure formats, comma-separated: svg, png (default svg)')
    .option('--set <path=value>', 'override a scenario field for every run (repeatable; value read as YAML)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .action(async (file: string, flags: RunFlags) => {
      const set: Record<string, unknown> = {};
      for (const kv of flags.set) {
        const eq = kv.indexOf('=');
        if (eq <= 0) throw new UserError(`--set: ${JSON.stringify(kv)} — expected path=value, e.g. workers.batch=64`);
        set[kv.slice(0, eq)] = parseYaml(kv.slice(eq + 1));
      }
      if (flags.seed !== undefined) set.seed = intFlag('--seed', flags.seed, 0);
      if (flags.steps !== undefined) set.steps = intFlag('--steps', flags.steps, 1);
      if (flags.backend !== undefined) set.backend = flags.backend;
      if (flags.threads !== undefined) set.threads = flags.threads === 'auto' ? 'auto' : intFlag('--threads', flags.threads, 1);
      const formats = formatsFlag(flags.format);
      let scenario;
      try {
        scenario = loadScenario(file, { set });
      } catch (e) {
        if (e instanceof ScenarioError) throw new UserError(e.message);
        throw e;
      }
      const outDir = flags.out ?? `reports/${scenario.name || basename(file, '.yaml')}`;
      const total = scenario.runs.reduce((s, r) => s + r.config.steps, 0);
      const bar = process.stderr.isTTY
        ? new cliProgress.SingleBar({ format: ' {bar} {percentage}% | {value}/{total} steps | {label}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
        : undefined;
      bar?.start(total, 0, { label: '' });
      let doneSteps = 0;
      const { runScenario } = await loadSweep();
      const summaries = await runScenario(scenario, {
        outDir,
        trace: flags.trace,
        resume: flags.resume,
        onRunStart(run, i, info) {
          const line = `[${i + 1}/${scenario.runs.length}] ${run.label}: ${info.skipped ? 'already done, skipped (--resume)' : `backend ${info.backend}`}`;
          if (bar) bar.update(doneSteps, { label: run.label });
          else process.stderr.write(line + '\n');
          if (info.skipped) bar?.update((doneSteps += run.config.steps));
        },
        onStep() {
          doneSteps++;
          bar?.update(doneSteps);
        },
      });
      bar?.stop();
      for (const s of summaries)
        process.stdout.write(
          `${s.label.padEnd(32)} steps ${String(s.steps).padStart(5)}${s.stalled ? ' (stalled)' : ''}  virtual ${(s.timeMs / 1000).toFixed(2)} s  accuracy ${s.finalAccuracy?.toFixed(4) ?? '-'}${s.privacy ? `  (ε = ${s.privacy.epsilon.toFixed(3)}, δ = ${s.privacy.delta})` : ''}  [${s.backend}]\n`,
        );
      if (flags.report) await report(outDir, { formats });
    });

  program
    .command('report')
    .description('redraw the SVG/HTML report of a run directory from its metrics')
    .argument('<dir>', 'a directory written by byzsim run')
    .option('--title <text>', 'figure title')
    .option('--x <key>', 'x axis of the accuracy chart: timeMs | step')
    .option('--band <kind>', 'band around a mean over seeds: sd | minmax')
    .option('--format <list>', 'figure formats, comma-separated: svg, png (default svg)')
    .action(async (dir: string, flags: { title?: string; x?: string; band?: string; format?: string }) => {
      if (flags.x !== undefined && flags.x !== 'timeMs' && flags.x !== 'step') throw new UserError(`--x: ${flags.x} — must be timeMs or step`);
      if (flags.band !== undefined && flags.band !== 'sd' && flags.band !== 'minmax') throw new UserError(`--band: ${flags.band} — must be sd or minmax`);
      await report(dir, { title: flags.title, x: flags.x as 'timeMs' | 'step' | undefined, band: flags.band as 'sd' | 'minmax' | undefined, formats: formatsFlag(flags.format) });
    });
}

function intFlag(name: string, value: string, min: number): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < min) throw new UserError(`${name}: ${value} — must be an integer ≥ ${min}`);
  return v;
}
