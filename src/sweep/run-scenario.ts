/**
 * Run every configuration of a scenario, writing each one's results into `<out>/<slug>/`
 * (see run-config.ts), `<out>/plan.json` (what the report draws), and the machine-dependent
 * facts apart: `<out>/env.json` (code version, commit, Node, platform, jobs) and
 * `<out>/<slug>/wall.json` (wall time). Configurations run on a local pool of job threads
 * (`jobs` at once) or, with `queue`, on BullMQ workers anywhere, handed out longest first
 * (longest-first.ts: the short ones are left for the end). With `resume`, a
 * configuration whose folder holds a finished run of the same identity is not run again, so
 * an interrupted sweep picks up where it stopped.
 */
import { availableParallelism, platform, arch } from 'node:os';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PlannedRun, Scenario } from '../scenario/load.ts';
import { removeTempFiles, writeFileAtomic } from './atomic.ts';
import { finished, identityText, jsonReplacer } from './identity.ts';
import { LocalPool, type Executor } from './local-pool.ts';
import { longestFirst } from './longest-first.ts';
import { planJson } from './plan.ts';
import type { ConfigJob, RunSummary } from './run-config.ts';
import { createStopFlag, type StopFlag } from './stop-flag.ts';
import { codeVersion, gitCommit } from './version.ts';

export type { RunSummary } from './run-config.ts';
export { jsonReplacer } from './identity.ts';

export interface SweepOptions {
  readonly outDir: string;
  readonly trace?: boolean;
  readonly resume?: boolean;
  /** Configurations run at once on this machine (default: the number of cores). */
  readonly jobs?: number;
  /** Run on BullMQ workers through this Redis (`redis://host:port/db`) instead of local threads. */
  readonly queue?: string;
  /** Raised by the caller on SIGINT/SIGTERM: trace writers flush (see stop-flag.ts). */
  readonly stop?: StopFlag;
  /** A wall clock in ms (injected: the sweep itself reads no clock), for wall.json. */
  readonly now?: () => number;
  readonly onRunStart?: (run: PlannedRun, index: number, info: { backend: string; skipped: boolean }) => void;
  /** Steps a configuration has completed so far. */
  readonly onStep?: (run: PlannedRun, index: number, step: number) => void;
  readonly onRunEnd?: (run: PlannedRun, index: number, summary: RunSummary, wallMs: number | undefined) => void;
}

export async function runScenario(scenario: Scenario, opts: SweepOptions): Promise<RunSummary[]> {
  mkdirSync(opts.outDir, { recursive: true });
  removeTempFiles(opts.outDir);
  for (const run of scenario.runs) removeTempFiles(join(opts.outDir, run.slug));
  writeFileAtomic(join(opts.outDir, 'plan.json'), JSON.stringify(planJson(scenario), jsonReplacer, 1) + '\n');
  const summaries: (RunSummary | undefined)[] = scenario.runs.map(() => undefined);
  const todo: ConfigJob[] = [];
  for (const [index, run] of scenario.runs.entries()) {
    const done = opts.resume ? finished(join(opts.outDir, run.slug), identityText(run.config), run.config.backend) : undefined;
    if (done) {
      opts.onRunStart?.(run, index, { backend: done.backend, skipped: true });
      summaries[index] = { ...(done as unknown as RunSummary), skipped: true };
    } else todo.push({ index, slug: run.slug, label: run.label, config: run.config, trace: opts.trace ?? false });
  }
  const jobs = Math.max(1, Math.min(opts.jobs ?? availableParallelism(), todo.length));
  writeEnv(opts, jobs);
  if (todo.length > 0) {
    const executor = await executorFor(opts, jobs, todo);
    try {
      await dispatch(longestFirst(todo), executor, scenario, opts, summaries);
    } finally {
      await executor.close();
    }
  }
  return summaries as RunSummary[];
}

async function executorFor(opts: SweepOptions, jobs: number, todo: readonly ConfigJob[]): Promise<Executor> {
  if (opts.queue === undefined) return new LocalPool(jobs, opts.stop ?? createStopFlag(), todo);
  const { QueueExecutor } = await import('./queue-executor.ts');
  return QueueExecutor.connect(opts.queue, todo);
}

/**
 * Keep `executor.slots` jobs in flight, in the order given (longest first: longest-first.ts). After a failure no new job starts; the
 * ones running finish (their results are kept) and the first error is thrown.
 */
async function dispatch(
  todo: readonly ConfigJob[],
  executor: Executor,
  scenario: Scenario,
  opts: SweepOptions,
  summaries: (RunSummary | undefined)[],
): Promise<void> {
  let next = 0;
  let failure: unknown;
  const lane = async () => {
    while (next < todo.length && failure === undefined) {
      const job = todo[next++];
      const run = scenario.runs[job.index];
      const dir = join(opts.outDir, job.slug);
      const started = opts.now?.();
      try {
        const r = await executor.run(job, dir, {
          onStart: (backend) => opts.onRunStart?.(run, job.index, { backend, skipped: false }),
          onStep: (step) => opts.onStep?.(run, job.index, step),
        });
        const wallMs = r.wallMs ?? (started !== undefined ? opts.now!() - started : undefined);
        if (wallMs !== undefined) writeFileAtomic(join(dir, 'wall.json'), JSON.stringify({ wallMs: Math.round(wallMs) }) + '\n');
        summaries[job.index] = r.summary;
        opts.onRunEnd?.(run, job.index, r.summary, wallMs);
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(executor.slots, todo.length) }, lane));
  if (failure !== undefined) throw failure;
}

/** `<out>/env.json`: where and with what these results were computed (not a result file). */
function writeEnv(opts: SweepOptions, jobs: number): void {
  const { version, source } = codeVersion();
  const env = {
    version,
    source,
    commit: gitCommit(),
    node: process.version,
    platform: `${platform()}-${arch()}`,
    jobs: opts.queue !== undefined ? 'queue' : jobs,
  };
  writeFileAtomic(join(opts.outDir, 'env.json'), JSON.stringify(env, null, 1) + '\n');
}

export { createStopFlag, requestStop } from './stop-flag.ts';
