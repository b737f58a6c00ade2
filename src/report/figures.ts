/**
 * The figures of a report, in the order index.html shows them: test accuracy, train loss, the
 * VN ratio (when logged), the protocol's own figures (plan.json's `figures`), attack-onset
 * zooms (`report.zoom`), final accuracy against a key (`report.summary`) and the heatmap
 * (`report.heatmap`). Each is drawn only when some run logged what it shows.
 */
import type { Cell } from './cells.ts';
import type { Reference } from './chart-types.ts';
import type { Figure } from './figure.ts';
import { heatmapFigure } from './heatmap-figure.ts';
import { axisName } from './labels.ts';
import type { ReportLayout } from './layout.ts';
import { metricFigure } from './metric-figure.ts';
import type { Plan, PlanFigure, ReportSpec } from './read.ts';
import { summaryFigure } from './summary-figure.ts';

/** Fields every metrics row has: drawn by the figures above or summed up in the final table. */
const CORE_FIELDS = new Set([
  'step',
  'timeMs',
  'trainLoss',
  'testAccuracy',
  'testLoss',
  'used',
  'byzantineUsed',
  'timedOut',
  'vnRatio',
  'sent',
  'delivered',
  'dropped',
  'duplicated',
  'stale',
  'faulty',
]);

/**
 * For a plan.json written before protocols declared their figures: one figure per numeric field
 * the runs logged beyond the core ones (e.g. drift, banned peers), named from the label table.
 * The report knows no protocol: it draws what the rows hold.
 */
function extraFieldFigures(cells: readonly Cell[]): PlanFigure[] {
  const fields = new Set<string>();
  for (const c of cells)
    for (const r of c.runs) for (const row of r.rows) for (const [k, v] of Object.entries(row)) if (typeof v === 'number' && !CORE_FIELDS.has(k)) fields.add(k);
  return [...fields].map((metric) => ({ metric, title: axisName(metric), yLabel: axisName(metric), caption: `${axisName(metric)} after each step.` }));
}

const fileName = (metric: string) => metric.replace(/[^A-Za-z0-9_-]+/g, '-');
/** A plan figure's file name without extension (the report's formats decide it), or the metric's. */
const figureName = (f: PlanFigure) => fileName(f.file ? f.file.replace(/\.[A-Za-z0-9]+$/, '') : f.metric);

function vnThresholds(cells: readonly Cell[]): Reference[] {
  const ks = [...new Set(cells.flatMap((c) => c.runs.map((r) => r.summary?.kF)).filter((k): k is number => typeof k === 'number' && Number.isFinite(k)))];
  return ks.map((k) => ({ label: `k_F = ${k.toPrecision(3)}`, y: k }));
}

function zoomFigures(layout: ReportLayout, spec: ReportSpec, title: string, panels: string, seeds: string): (Figure | undefined)[] {
  if (!spec.zoom) return [];
  const { fromStep, toStep } = spec.zoom;
  return (spec.zoom.y ?? ['testAccuracy', 'trainLoss']).map((metric) =>
    metricFigure(layout, {
      name: `zoom-${fileName(metric)}`,
      title: `${title}: ${axisName(metric)}, steps ${fromStep}–${toStep}`,
      metric,
      x: 'step',
      steps: [fromStep, toStep],
      yDomain: metric === 'testAccuracy' ? [0, 1] : undefined,
      caption: `Zoom on steps ${fromStep}–${toStep} (attack onset): ${axisName(metric)}${panels}.${seeds}`,
    }),
  );
}

export function reportFigures(layout: ReportLayout, plan: Plan, spec: ReportSpec, title: string): Figure[] {
  const x = spec.x ?? 'timeMs';
  const seeds = layout.cells.some((c) => c.runs.length > 1)
    ? ` Lines are means over seeds, bands ${layout.band === 'minmax' ? 'min–max' : '± one standard deviation'}.`
    : '';
  const panels = layout.split.length ? `, one panel per ${layout.split.map(axisName).join(' × ')}` : '';
  const figures: (Figure | undefined)[] = [
    metricFigure(layout, {
      name: 'accuracy',
      title: `${title}: test accuracy`,
      caption: `Test accuracy against ${axisName(x)}${panels}.${seeds}`,
      metric: 'testAccuracy',
      x,
      yDomain: [0, 1],
    }),
    metricFigure(layout, {
      name: 'loss',
      title: `${title}: train loss (honest workers)`,
      caption: `Mean training loss of the honest gradients aggregated at each step${panels}.${seeds}`,
      metric: 'trainLoss',
      x: 'step',
    }),
    metricFigure(layout, {
      name: 'vn-ratio',
      title: `${title}: VN ratio of honest gradients`,
      metric: 'vnRatio',
      x: 'step',
      refs: vnThresholds,
      caption: `Empirical VN ratio of the honest gradients aggregated at each step; the VN condition asks it to stay below the rule's k_F(n, f) (dashed grey lines)${panels}.${seeds}`,
    }),
    ...(plan.figures ?? extraFieldFigures(layout.cells)).map((f) =>
      metricFigure(layout, {
        name: figureName(f),
        title: `${title}: ${f.title}`,
        caption: `${f.caption}${seeds}`,
        metric: f.metric,
        x: 'step',
        yName: f.yLabel,
        yLog: f.log,
      }),
    ),
    ...zoomFigures(layout, spec, title, panels, seeds),
    spec.summary
      ? summaryFigure(layout, spec.summary, `${title}: ${axisName(spec.summaryMetric ?? 'finalAccuracy')} vs ${axisName(spec.summary)}`, spec.summaryMetric)
      : undefined,
    spec.heatmap
      ? heatmapFigure(layout, spec.heatmap, `${title}: final test accuracy, ${axisName(spec.heatmap.rows)} × ${axisName(spec.heatmap.columns)}`)
      : undefined,
  ];
  const seen = new Set<string>();
  return figures.filter((f): f is Figure => f !== undefined && !seen.has(f.name) && seen.add(f.name) !== undefined);
}
