/** `byzsim run <scenario>` and `byzsim report <dir>`: thin wrappers over sweep/ and report/. */
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import { parse as parseYaml } from 'yaml';
import type { Command } from 'commander';
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
  set: string[];
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
      if (flags.report) {
        const { writeReport } = await loadReport();
        const files = writeReport(outDir);
        process.stdout.write(`report: ${outDir}/${files[files.length - 1]}\n`);
      }
    });

  program
    .command('report')
    .description('redraw the SVG/HTML report of a run directory from its metrics')
    .argument('<dir>', 'a directory written by byzsim run')
    .option('--title <text>', 'figure title')
    .option('--x <key>', 'x axis of the accuracy chart: timeMs | step')
    .action(async (dir: string, flags: { title?: string; x?: string }) => {
      if (flags.x !== undefined && flags.x !== 'timeMs' && flags.x !== 'step') throw new UserError(`--x: ${flags.x} — must be timeMs or step`);
      const { writeReport } = await loadReport();
      try {
        const files = writeReport(dir, { title: flags.title, x: flags.x as 'timeMs' | 'step' | undefined });
        process.stdout.write(`report: ${dir}/${files[files.length - 1]}\n`);
      } catch (e) {
        throw new UserError((e as Error).message);
      }
    });
}

function intFlag(name: string, value: string, min: number): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < min) throw new UserError(`${name}: ${value} — must be an integer ≥ ${min}`);
  return v;
}
