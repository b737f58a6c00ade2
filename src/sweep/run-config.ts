/**
 * One configuration, run into its folder: `config.json` (its identity, written first),
 * `metrics.jsonl` (one line per step, written as each completes), `trace.jsonl` (with
 * `trace`), and `done.json` last, once every other file is closed — so a done.json on disk
 * always means complete files beside it. The same code runs in a local job thread and in a
 * queue worker, so both give the same bytes.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../learn/data/index.ts';
import { buildModel, type GradientEngine, type ModelSpec } from '../learn/engine.ts';
import { kF } from '../privacy/vn-ratio.ts';
import { PROTOCOLS, type RunInput, type RunResult, type RunStatus, type StallCode } from '../protocols/index.ts';
import { garSteps, resolveRun } from '../scenario/resolve.ts';
import type { RunConfig } from '../scenario/schema.ts';
import { writeFileAtomic } from './atomic.ts';
import { identityText } from './identity.ts';
import { LineWriter } from './line-writer.ts';
import type { StopFlag } from './stop-flag.ts';

/** What a job thread or a queue worker is handed for one configuration. */
export interface ConfigJob {
  /** Position in the scenario's plan. */
  readonly index: number;
  readonly slug: string;
  readonly label: string;
  readonly config: RunConfig;
  readonly trace: boolean;
}

export interface RunSummary {
  readonly slug: string;
  readonly label: string;
  readonly steps: number;
  readonly stalled: boolean;
  /** How the run ended; when stalled, `reason` (a code of src/protocols/runtime/history.ts) and `detail` say why. */
  readonly status: RunStatus;
  readonly reason?: StallCode;
  readonly detail?: string;
  readonly timeMs: number;
  readonly events: number;
  readonly backend: string;
  readonly finalAccuracy?: number;
  /** The GAR's VN threshold k_F(n, f) where the literature gives one (single-rule pipelines). */
  readonly kF?: number;
  /** Under DP-SGD: worst-case (ε, δ) over honest workers. */
  readonly privacy?: { readonly epsilon: number; readonly delta: number; readonly order: number };
  readonly skipped: boolean;
}

export interface ConfigHooks {
  /** The engine is up: the backend that will compute. */
  onStart?(info: { backend: string }): void;
  /** Steps completed so far. */
  onStep?(step: number): void;
}

/** The engine for a model, from the caller's cache (threads resolved by the caller). */
export type EngineSource = (spec: ModelSpec, cfg: RunConfig) => Promise<GradientEngine>;

/** The run's protocol, from the registry (its code loads on first use), handed the resolved plan. */
async function runProtocol(input: RunInput): Promise<RunResult> {
  const run = await PROTOCOLS.get(input.plan.config.protocol)!.run();
  return run(input);
}

export async function runConfig(
  job: ConfigJob,
  dir: string,
  data: { train: Dataset; test: Dataset },
  engineFor: EngineSource,
  hooks: ConfigHooks = {},
  stop?: StopFlag,
): Promise<RunSummary> {
  const cfg = job.config;
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'config.json'), identityText(cfg));
  const { features, shape, classes } = data.train;
  const spec: ModelSpec = { name: cfg.model.name, options: { hidden: cfg.model.hidden, filters: cfg.model.filters }, data: { features, shape, classes } };
  const model = buildModel(spec);
  const engine = await engineFor(spec, cfg);
  hooks.onStart?.({ backend: engine.backend });
  const metrics = openSync(join(dir, 'metrics.jsonl'), 'w');
  const trace = job.trace ? new LineWriter(join(dir, 'trace.jsonl'), stop) : undefined;
  let lastAccuracy: number | undefined;
  let result: RunResult;
  try {
    result = await runProtocol({
      plan: resolveRun(cfg),
      model,
      train: data.train,
      test: data.test,
      engine,
      onRow(row) {
        writeSync(metrics, JSON.stringify(row) + '\n');
        if (row.testAccuracy !== undefined) lastAccuracy = row.testAccuracy;
        hooks.onStep?.(row.step + 1);
      },
      onTrace: trace && ((rec) => trace.write(JSON.stringify(rec))),
    });
  } finally {
    closeSync(metrics);
    trace?.close();
  }
  const summary: RunSummary = {
    slug: job.slug,
    label: job.label,
    steps: result.steps,
    stalled: result.stalled,
    status: result.status,
    ...(result.reason ? { reason: result.reason.code, detail: result.reason.detail } : {}),
    timeMs: result.timeMs,
    events: result.events,
    backend: engine.backend,
    finalAccuracy: lastAccuracy,
    kF: vnThreshold(cfg),
    privacy: result.privacy,
    skipped: false,
  };
  writeFileAtomic(join(dir, 'done.json'), JSON.stringify(summary, null, 1) + '\n');
  return summary;
}

function vnThreshold(cfg: RunConfig): number | undefined {
  const steps = garSteps(cfg);
  return steps.length === 1 ? kF(steps[0].name, cfg.workers.n, cfg.server.f ?? cfg.workers.f) : undefined;
}
