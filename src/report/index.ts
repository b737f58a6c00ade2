/**
 * Draw a run directory's report from what the runs wrote (metrics.jsonl, config.json), so a
 * figure can be redrawn without re-running: accuracy vs virtual time and train loss vs step,
 * one line per configuration, plus an index.html with a table of final figures.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MetricsRow } from '../sim/metrics.ts';
import { indexHtml } from './html.ts';
import { lineChart, type Series } from './line.ts';

export interface RunRecord {
  readonly slug: string;
  readonly label: string;
  readonly rows: MetricsRow[];
  readonly summary?: { stalled: boolean; steps: number; backend?: string };
}

/** Read every `<dir>/<slug>/metrics.jsonl`, in the order the scenario listed them (plan.json). */
export function readRuns(dir: string): RunRecord[] {
  const planFile = join(dir, 'plan.json');
  const plan: { slug: string; label: string }[] = existsSync(planFile)
    ? JSON.parse(readFileSync(planFile, 'utf8')).runs
    : readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => ({ slug: e.name, label: e.name })).sort((a, b) => a.slug.localeCompare(b.slug));
  const out: RunRecord[] = [];
  for (const { slug, label } of plan) {
    const file = join(dir, slug, 'metrics.jsonl');
    if (!existsSync(file)) continue;
    const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as MetricsRow);
    const doneFile = join(dir, slug, 'done.json');
    const summary = existsSync(doneFile) ? JSON.parse(readFileSync(doneFile, 'utf8')) : undefined;
    out.push({ slug, label, rows, summary });
  }
  return out;
}

export interface ReportOptions {
  readonly title?: string;
  readonly x?: 'timeMs' | 'step';
}

/** Write the SVG figures and index.html into `dir`; returns the files written. */
export function writeReport(dir: string, opts: ReportOptions = {}): string[] {
  const runs = readRuns(dir);
  if (runs.length === 0) throw new Error(`report: no run with a metrics.jsonl under ${dir}`);
  const title = opts.title ?? 'byzsim report';
  const xKey = opts.x ?? 'timeMs';
  const xLabel = xKey === 'timeMs' ? 'virtual time (ms)' : 'step';
  const acc: Series[] = runs.map((r) => ({ label: r.label, points: r.rows.filter((p) => p.testAccuracy !== undefined).map((p) => [p[xKey], p.testAccuracy!] as const) }));
  const loss: Series[] = runs.map((r) => ({ label: r.label, points: r.rows.map((p) => [p.step, p.trainLoss ?? NaN] as const) }));
  const files = ['accuracy.svg', 'loss.svg'];
  writeFileSync(join(dir, files[0]), lineChart({ title: `${title}: test accuracy`, xLabel, yLabel: 'test accuracy', series: acc, yDomain: [0, 1] }));
  writeFileSync(join(dir, files[1]), lineChart({ title: `${title}: train loss (honest workers)`, xLabel: 'step', yLabel: 'train loss', series: loss }));
  const header = ['steps', 'virtual time (ms)', 'final test accuracy', 'final train loss', 'messages sent', 'dropped', 'stale', 'faulty'];
  const rows = runs.map((r) => {
    const last = r.rows[r.rows.length - 1];
    const lastAcc = [...r.rows].reverse().find((p) => p.testAccuracy !== undefined)?.testAccuracy;
    return {
      label: r.label + (r.summary?.stalled ? ' (stalled)' : ''),
      cells: [r.rows.length, last?.timeMs ?? 0, lastAcc ?? '', last?.trainLoss ?? '', last?.sent ?? 0, last?.dropped ?? 0, last?.stale ?? 0, last?.faulty ?? 0],
    };
  });
  const figures = [
    { file: files[0], caption: `Test accuracy against ${xLabel}, one line per configuration.` },
    { file: files[1], caption: 'Mean training loss of the honest gradients aggregated at each step.' },
  ];
  writeFileSync(join(dir, 'index.html'), indexHtml(title, `${runs.length} configuration(s), read from ${dir}.`, figures, header, rows));
  return [...files, 'index.html'];
}
