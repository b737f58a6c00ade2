/**
 * Run every configuration of a scenario, writing each one's results incrementally:
 * `<out>/<slug>/config.json` (the resolved configuration), `metrics.jsonl` (one line per
 * step, flushed as it comes), `trace.jsonl` (with `trace`), and `done.json` when it finished.
 * With `resume`, a configuration whose done.json exists for the same config is skipped, so an
 * interrupted sweep picks up where it stopped.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { loadData, type Dataset } from '../learn/data/index.ts';
import { buildModel, createEngine, type GradientEngine, type ModelSpec } from '../learn/engine.ts';
import { PROTOCOLS, type FigureSpec, type RunInput, type RunResult } from '../protocols/index.ts';
import type { PlannedRun, Scenario } from '../scenario/load.ts';
import { garSteps, resolveRun } from '../scenario/resolve.ts';
import type { RunConfig } from '../scenario/schema.ts';
import { kF } from '../privacy/vn-ratio.ts';
import type { MetricsRow } from '../sim/metrics.ts';

export interface SweepOptions {
  readonly outDir: string;
  readonly trace?: boolean;
  readonly resume?: boolean;
  /** Called after every step of every configuration. */
  readonly onStep?: (run: PlannedRun, index: number, row: MetricsRow) => void;
  readonly onRunStart?: (run: PlannedRun, index: number, info: { backend: string; skipped: boolean }) => void;
}

export interface RunSummary {
  readonly slug: string;
  readonly label: string;
  readonly steps: number;
  readonly stalled: boolean;
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

export async function runScenario(scenario: Scenario, opts: SweepOptions): Promise<RunSummary[]> {
  mkdirSync(opts.outDir, { recursive: true });
  writeFileSync(join(opts.outDir, 'plan.json'), JSON.stringify({ scenario: scenario.file, name: scenario.name, description: scenario.runs[0]?.config.description, report: scenario.report, figures: protocolFigures(scenario), runs: scenario.runs.map((r) => ({ slug: r.slug, label: r.label, variant: r.variant, grid: r.grid })) }, jsonReplacer, 1) + '\n');
  const data = new Map<string, { train: Dataset; test: Dataset }>();
  const engines = new Map<string, GradientEngine>();
  const summaries: RunSummary[] = [];
  try {
    for (const [index, run] of scenario.runs.entries()) {
      const dir = join(opts.outDir, run.slug);
      const configText = JSON.stringify(run.config, jsonReplacer, 1) + '\n';
      if (opts.resume && isDone(dir, configText)) {
        const done = JSON.parse(readFileSync(join(dir, 'done.json'), 'utf8')) as RunSummary;
        opts.onRunStart?.(run, index, { backend: done.backend, skipped: true });
        summaries.push({ ...done, skipped: true });
        continue;
      }
      summaries.push(await runOne(run, index, dir, configText, data, engines, opts));
    }
  } finally {
    for (const e of engines.values()) await e.close();
  }
  return summaries;
}

function isDone(dir: string, configText: string): boolean {
  const cfg = join(dir, 'config.json');
  return existsSync(join(dir, 'done.json')) && existsSync(cfg) && readFileSync(cfg, 'utf8') === configText;
}

async function runOne(
  run: PlannedRun, index: number, dir: string, configText: string,
  data: Map<string, { train: Dataset; test: Dataset }>, engines: Map<string, GradientEngine>, opts: SweepOptions,
): Promise<RunSummary> {
  const cfg: RunConfig = run.config;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), configText);
  const dataKey = JSON.stringify([cfg.data.name, cfg.data.path, cfg.data.features, cfg.data.examples, cfg.data.train, cfg.data.test, cfg.data.labelColumn, cfg.seed]);
  let ds = data.get(dataKey);
  if (!ds) data.set(dataKey, (ds = loadData(cfg.data, cfg.seed)));
  const { features, shape, classes } = ds.train;
  const spec: ModelSpec = { name: cfg.model.name, options: { hidden: cfg.model.hidden, filters: cfg.model.filters }, data: { features, shape, classes } };
  const model = buildModel(spec);
  const engineKey = JSON.stringify([spec, cfg.backend, cfg.threads]);
  let engine = engines.get(engineKey);
  if (!engine) engines.set(engineKey, (engine = await createEngine(spec, { threads: cfg.threads, backend: cfg.backend })));
  opts.onRunStart?.(run, index, { backend: engine.backend, skipped: false });
  const metrics = openSync(join(dir, 'metrics.jsonl'), 'w');
  const trace = opts.trace ? new LineWriter(join(dir, 'trace.jsonl')) : undefined;
  let lastAccuracy: number | undefined;
  try {
    const result = await runProtocol({
      plan: resolveRun(cfg), model, train: ds.train, test: ds.test, engine,
      onRow(row) {
        writeSync(metrics, JSON.stringify(row) + '\n');
        if (row.testAccuracy !== undefined) lastAccuracy = row.testAccuracy;
        opts.onStep?.(run, index, row);
      },
      onTrace: trace && ((rec) => trace.write(JSON.stringify(rec))),
    });
    const summary: RunSummary = {
      slug: run.slug, label: run.label, steps: result.steps, stalled: result.stalled, timeMs: result.timeMs,
      events: result.events, backend: engine.backend, finalAccuracy: lastAccuracy, kF: vnThreshold(cfg), privacy: result.privacy, skipped: false,
    };
    writeFileSync(join(dir, 'done.json'), JSON.stringify(summary, null, 1) + '\n');
    return summary;
  } finally {
    closeSync(metrics);
    trace?.close();
  }
}

/** The run's protocol, from the registry, handed the resolved plan. */
async function runProtocol(input: RunInput): Promise<RunResult> {
  const run = await PROTOCOLS.get(input.plan.config.protocol)!.run();
  return run(input);
}

/** The default figures of the protocols the scenario runs (one per metric, first protocol first). */
function protocolFigures(scenario: Scenario): FigureSpec[] {
  const figures = new Map<string, FigureSpec>();
  for (const r of scenario.runs) for (const fig of PROTOCOLS.get(r.config.protocol)!.figures) if (!figures.has(fig.metric)) figures.set(fig.metric, fig);
  return [...figures.values()];
}

function vnThreshold(cfg: RunConfig): number | undefined {
  const steps = garSteps(cfg);
  return steps.length === 1 ? kF(steps[0].name, cfg.workers.n, cfg.server.f ?? cfg.workers.f) : undefined;
}

/** JSON has no infinities: write them as strings ("Infinity"), which the schema reads back. */
export function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) && !Number.isNaN(value) ? String(value) : value;
}

/** Buffered line output (traces can have millions of lines). */
class LineWriter {
  private readonly fd: number;
  private buf: string[] = [];

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  write(line: string): void {
    this.buf.push(line);
    if (this.buf.length >= 4096) this.flush();
  }

  flush(): void {
    if (this.buf.length > 0) writeSync(this.fd, this.buf.join('\n') + '\n');
    this.buf = [];
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
