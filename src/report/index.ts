/**
 * Draw a run directory's report from what the runs wrote (plan.json, metrics.jsonl,
 * done.json), so a figure can be redrawn without re-running: test accuracy against virtual time
 * (or step) and train loss against step, one line per configuration; optional small multiples
 * (one panel per value of the scenario's `report.panels` keys) and a summary of final accuracy
 * against a numeric key (`report.summary`); an index.html with a table of final figures.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricsRow } from '../sim/metrics.ts';
import { indexHtml } from './html.ts';
import { lineChart, type Series } from './line.ts';
import { smallMultiples, type Panel } from './small-multiples.ts';

export interface RunRecord {
  readonly slug: string;
  readonly label: string;
  readonly variant?: string;
  readonly grid: Readonly<Record<string, unknown>>;
  readonly rows: MetricsRow[];
  readonly summary?: { stalled: boolean; steps: number; backend?: string; kF?: number };
}

export interface ReportSpec {
  readonly title?: string;
  readonly x?: 'timeMs' | 'step';
  readonly panels?: readonly string[];
  readonly summary?: string;
}

interface Plan {
  name?: string;
  description?: string;
  scenario?: string;
  report?: ReportSpec;
  runs: { slug: string; label: string; variant?: string; grid?: Record<string, unknown> }[];
}

function readPlan(dir: string): Plan {
  const planFile = join(dir, 'plan.json');
  if (existsSync(planFile)) return JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
  const runs = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => ({ slug: e.name, label: e.name }));
  return { runs: runs.sort((a, b) => a.slug.localeCompare(b.slug)) };
}

/** Every `<dir>/<slug>/metrics.jsonl`, in the order the scenario listed them. */
export function readRuns(dir: string, plan: Plan = readPlan(dir)): RunRecord[] {
  const out: RunRecord[] = [];
  for (const { slug, label, variant, grid } of plan.runs) {
    const file = join(dir, slug, 'metrics.jsonl');
    if (!existsSync(file)) continue;
    const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as MetricsRow);
    const doneFile = join(dir, slug, 'done.json');
    const summary = existsSync(doneFile) ? JSON.parse(readFileSync(doneFile, 'utf8')) : undefined;
    out.push({ slug, label, variant, grid: grid ?? {}, rows, summary });
  }
  return out;
}

const show = (v: unknown) => (v === 'Infinity' ? '∞' : typeof v === 'string' ? v : v !== null && typeof v === 'object' && 'name' in v ? String(v.name) : JSON.stringify(v));
const describe = (o: Readonly<Record<string, unknown>>, keys: readonly string[]) => keys.filter((k) => k in o).map((k) => `${k.split('.').pop()}=${show(o[k])}`).join(' ');
/** A run's name within a group: its variant and the grid keys that do not define the group. */
const within = (r: RunRecord, keys: readonly string[]) => [r.variant, describe(r.grid, keys)].filter(Boolean).join(' ') || r.label;
const finalAccuracy = (r: RunRecord) => [...r.rows].reverse().find((p) => p.testAccuracy !== undefined)?.testAccuracy;

/** Write the SVG figures and index.html into `dir`; returns the files written (index.html last). */
export function writeReport(dir: string, opts: ReportSpec = {}): string[] {
  const plan = readPlan(dir);
  const spec: ReportSpec = { ...plan.report, ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) };
  const runs = readRuns(dir, plan);
  if (runs.length === 0) throw new Error(`report: no run with a metrics.jsonl under ${dir}`);
  const title = spec.title ?? plan.name ?? 'byzsim report';
  const xKey = spec.x ?? 'timeMs';
  const xLabel = xKey === 'timeMs' ? 'virtual time (ms)' : 'step';
  // With two or more grid keys, colour follows the first (or the variant) and dashes the rest.
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.grid)))];
  const styled = (r: RunRecord) => {
    const lead = r.variant !== undefined ? [] : keys.slice(0, 1);
    const rest = r.variant !== undefined ? keys : keys.slice(1);
    return keys.length + (r.variant !== undefined ? 1 : 0) >= 2
      ? { colorKey: [r.variant ?? '', describe(r.grid, lead)].join('|'), dashKey: describe(r.grid, rest) }
      : {};
  };
  const accuracySeries = (r: RunRecord, label = r.label): Series => ({ label, ...styled(r), points: r.rows.filter((p) => p.testAccuracy !== undefined).map((p) => [p[xKey], p.testAccuracy!] as const) });
  const figures: { file: string; caption: string; svg: string }[] = [
    { file: 'accuracy.svg', caption: `Test accuracy against ${xLabel}, one line per configuration.`, svg: lineChart({ title: `${title}: test accuracy`, xLabel, yLabel: 'test accuracy', series: runs.map((r) => accuracySeries(r)), yDomain: [0, 1] }) },
    { file: 'loss.svg', caption: 'Mean training loss of the honest gradients aggregated at each step.', svg: lineChart({ title: `${title}: train loss (honest workers)`, xLabel: 'step', yLabel: 'train loss', series: runs.map((r) => ({ label: r.label, ...styled(r), points: r.rows.map((p) => [p.step, p.trainLoss ?? NaN] as const) })) }) },
  ];
  if (runs.some((r) => r.rows.some((p) => p.vnRatio !== undefined))) {
    const series: Series[] = runs.map((r) => ({ label: r.label, points: r.rows.filter((p) => p.vnRatio !== undefined && Number.isFinite(p.vnRatio)).map((p) => [p.step, p.vnRatio!] as const) }));
    const thresholds = [...new Set(runs.map((r) => r.summary?.kF).filter((k): k is number => k !== undefined))];
    const steps = Math.max(...runs.map((r) => r.rows.length));
    for (const k of thresholds) series.push({ label: `k_F = ${k.toPrecision(3)}`, points: [[0, k], [steps - 1, k]] });
    figures.push({ file: 'vn-ratio.svg', caption: 'Empirical VN ratio of the honest gradients aggregated at each step; the VN condition asks it to stay below the rule\'s k_F(n, f) (horizontal lines).', svg: lineChart({ title: `${title}: VN ratio of honest gradients`, xLabel: 'step', yLabel: 'VN ratio', series }) });
  }
  if (runs.some((r) => r.rows.some((p) => p.drift !== undefined))) {
    const series: Series[] = runs.map((r) => ({ label: r.label, ...styled(r), points: r.rows.filter((p) => p.drift !== undefined).map((p) => [p.step, p.drift!] as const) }));
    figures.push({ file: 'drift.svg', caption: 'Replicated servers: largest distance of a correct replica’s model to the correct replicas’ mean, after each step.', svg: lineChart({ title: `${title}: drift between correct replicas`, xLabel: 'step', yLabel: '‖w_i − mean‖ (max)', series }) });
  }
  if (runs.some((r) => r.rows.some((p) => p.banned !== undefined))) {
    const series: Series[] = runs.map((r) => ({ label: r.label, ...styled(r), points: r.rows.map((p) => [p.step, p.banned ?? 0] as const) }));
    figures.push({ file: 'banned.svg', caption: 'BTARD: peers banned after validation caught them attacking.', svg: lineChart({ title: `${title}: banned peers`, xLabel: 'step', yLabel: 'banned peers', series }) });
  }
  const allKeys = [...new Set(runs.flatMap((r) => Object.keys(r.grid)))];
  if (spec.panels?.length) {
    const rest = allKeys.filter((k) => !spec.panels!.includes(k));
    const panels = new Map<string, Panel & { series: Series[] }>();
    for (const r of runs) {
      const key = describe(r.grid, spec.panels);
      if (!panels.has(key)) panels.set(key, { title: key, series: [] });
      panels.get(key)!.series.push(accuracySeries(r, within(r, rest)));
    }
    figures.push({ file: 'panels.svg', caption: `Test accuracy against ${xLabel}, one panel per ${spec.panels.join(', ')}.`, svg: smallMultiples({ title: `${title}: test accuracy`, xLabel, yLabel: 'test accuracy', panels: [...panels.values()], yDomain: [0, 1] }) });
  }
  if (spec.summary) {
    const key = spec.summary;
    const rest = allKeys.filter((k) => k !== key);
    const lines = new Map<string, [number, number][]>();
    for (const r of runs) {
      const x = Number(r.grid[key]);
      const acc = finalAccuracy(r);
      if (!Number.isFinite(x) || acc === undefined) continue;
      const label = within(r, rest);
      if (!lines.has(label)) lines.set(label, []);
      lines.get(label)!.push([x, acc]);
    }
    const series = [...lines].map(([label, pts]) => ({ label, points: pts.sort((a, b) => a[0] - b[0]) }));
    figures.push({ file: 'summary.svg', caption: `Final test accuracy against ${key}.`, svg: lineChart({ title: `${title}: final test accuracy vs ${key.split('.').pop()}`, xLabel: key, yLabel: 'final test accuracy', series, yDomain: [0, 1] }) });
  }
  for (const f of figures) writeFileSync(join(dir, f.file), f.svg);
  const header = ['steps', 'virtual time (ms)', 'final test accuracy', 'final train loss', 'messages sent', 'dropped', 'stale', 'faulty'];
  const rows = runs.map((r) => {
    const last = r.rows[r.rows.length - 1];
    return {
      label: r.label + (r.summary?.stalled ? ' (stalled)' : ''),
      cells: [r.rows.length, last?.timeMs ?? 0, finalAccuracy(r) ?? '', last?.trainLoss ?? '', last?.sent ?? 0, last?.dropped ?? 0, last?.stale ?? 0, last?.faulty ?? 0],
    };
  });
  writeFileSync(join(dir, 'index.html'), indexHtml(title, `${plan.description ? `${plan.description}. ` : ''}${runs.length} configuration(s)${plan.scenario ? ` of ${plan.scenario}` : ''}, read from ${dir}.`, figures, header, rows));
  return [...figures.map((f) => f.file), 'index.html'];
}
