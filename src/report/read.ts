/**
 * What a run directory holds, read back for the report (the report never runs anything and
 * imports no protocol: a figure can be redrawn from these files alone):
 * - `plan.json`: scenario name, description, report spec, `seeds`, the protocol's `figures`, and
 *   `runs[]` ({ slug, label, variant?, grid?, seed?, cell? }; runs of one configuration under
 *   several seeds share `cell`);
 * - per run `<slug>/metrics.jsonl`, `done.json`, `config.json`, and `wall.json` ({ wallMs });
 * - `env.json` ({ version, source, commit, node, platform, jobs }): the machine-dependent facts, kept out of
 *   the results files so that those stay byte-identical across machines.
 * Optional files that are absent are simply not shown.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricsRow } from '../sim/metrics.ts';

/** A figure a protocol asks for: one metrics field against the step. */
export interface PlanFigure {
  readonly metric: string;
  /** File name of the figure (its extension is ignored: `--format` decides); default: the metric. */
  readonly file?: string;
  readonly title: string;
  readonly yLabel: string;
  readonly caption: string;
  readonly log?: boolean;
}

export interface ReportSpec {
  readonly title?: string;
  readonly x?: 'timeMs' | 'step';
  readonly panels?: readonly string[];
  readonly summary?: string;
  readonly summaryMetric?: string;
  readonly band?: 'sd' | 'minmax';
  readonly maxLines?: number;
  readonly zoom?: { readonly fromStep: number; readonly toStep: number; readonly y?: readonly string[] };
  readonly heatmap?: { readonly rows: string; readonly columns: string };
}

export interface PlanRun {
  readonly slug: string;
  readonly label: string;
  readonly variant?: string;
  readonly grid?: Readonly<Record<string, unknown>>;
  readonly seed?: number;
  readonly cell?: string;
}

export interface Plan {
  readonly name?: string;
  readonly description?: string;
  readonly scenario?: string;
  /** The scenario's size (`run --size`); absent: the full size. */
  readonly size?: string;
  readonly report?: ReportSpec;
  readonly seeds?: readonly number[];
  readonly figures?: readonly PlanFigure[];
  readonly runs: readonly PlanRun[];
}

export interface DoneSummary {
  readonly stalled: boolean;
  readonly steps: number;
  /** Why a stalled run stalled (a stall code) and how, in one line (absent in older run directories). */
  readonly reason?: string;
  readonly detail?: string;
  readonly backend?: string;
  readonly kF?: number;
}

export interface RunRecord {
  readonly slug: string;
  readonly label: string;
  readonly variant?: string;
  readonly grid: Readonly<Record<string, unknown>>;
  readonly seed?: number;
  /** The configuration this run is one seed of (its own slug when the plan has no cells). */
  readonly cell: string;
  readonly rows: MetricsRow[];
  readonly summary?: DoneSummary;
  /** The resolved configuration (config.json), as written. */
  readonly configText?: string;
  readonly wallMs?: number;
}

/** `<out>/env.json` as the sweep writes it; every field optional (older or foreign run directories). */
export interface RunEnv {
  readonly version?: string;
  /** Hash of the code tree that ran (what queue workers compare). */
  readonly source?: string;
  readonly commit?: string | null;
  readonly node?: string;
  readonly platform?: string;
  /** Configurations run at once, or "queue". */
  readonly jobs?: number | string;
}

export class ReportInputError extends Error {
  override readonly name = 'ReportInputError';
}

function readJson<T>(file: string): T | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (e) {
    throw new ReportInputError(`${file}: not valid JSON (${(e as Error).message.split('\n')[0]})`);
  }
}

export function readPlan(dir: string): Plan {
  if (!existsSync(dir)) throw new ReportInputError(`report: ${dir}: no such directory`);
  const plan = readJson<Plan>(join(dir, 'plan.json'));
  if (plan) {
    if (!Array.isArray(plan.runs)) throw new ReportInputError(`${join(dir, 'plan.json')}: runs: expected an array of { slug, label }`);
    const bad = plan.runs.findIndex((r) => typeof r?.slug !== 'string' || typeof r?.label !== 'string');
    if (bad >= 0)
      throw new ReportInputError(`${join(dir, 'plan.json')}: runs[${bad}]: expected { slug, label } strings, got ${JSON.stringify(plan.runs[bad])}`);
    return plan;
  }
  const runs = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => ({ slug: e.name, label: e.name }));
  return { runs: runs.sort((a, b) => a.slug.localeCompare(b.slug)) };
}

/** Every run with a `<dir>/<slug>/metrics.jsonl`, in plan order. */
export function readRuns(dir: string, plan: Plan = readPlan(dir)): RunRecord[] {
  const out: RunRecord[] = [];
  for (const { slug, label, variant, grid, seed, cell } of plan.runs) {
    const file = join(dir, slug, 'metrics.jsonl');
    if (!existsSync(file)) continue;
    const rows = readFileSync(file, 'utf8')
      .split('\n')
      .filter(Boolean)
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as MetricsRow];
        } catch {
          return []; // a run killed mid-write leaves a partial last line: keep the finished ones
        }
      });
    const summary = readJson<DoneSummary>(join(dir, slug, 'done.json'));
    const configFile = join(dir, slug, 'config.json');
    const configText = existsSync(configFile) ? readFileSync(configFile, 'utf8') : undefined;
    const wallMs = readJson<{ wallMs?: number }>(join(dir, slug, 'wall.json'))?.wallMs;
    const configSeed = configText ? readJson<{ seed?: unknown }>(configFile)?.seed : undefined;
    const runSeed = typeof seed === 'number' ? seed : typeof configSeed === 'number' ? configSeed : undefined;
    out.push({
      slug,
      label,
      variant,
      grid: grid ?? {},
      seed: runSeed,
      cell: cell ?? slug,
      rows,
      summary,
      configText,
      wallMs: typeof wallMs === 'number' ? wallMs : undefined,
    });
  }
  return out;
}

export function readEnv(dir: string): RunEnv | undefined {
  return readJson<RunEnv>(join(dir, 'env.json'));
}
