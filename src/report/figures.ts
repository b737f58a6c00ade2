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

/**
 * What a plan.json written before protocols declared their figures gets: the two per-protocol
 * fields runs logged then (replicated servers' drift, BTARD's bans). Plans with `figures` use
 * theirs only.
 */
export const FIGURES_OF_OLD_PLANS: readonly PlanFigure[] = [
  { metric: 'drift', title: 'drift between correct replicas', yLabel: 'drift: max ‖wᵢ − w̄‖ over correct replicas', caption: 'Largest distance of a correct replica’s (or peer’s) model to the correct ones’ mean, after each step.', log: true },
  { metric: 'banned', title: 'banned peers', yLabel: 'banned peers', caption: 'Peers banned after validation caught them attacking.', log: false },
];

const fileName = (metric: string) => metric.replace(/[^A-Za-z0-9_-]+/g, '-');

function vnThresholds(cells: readonly Cell[]): Reference[] {
  const ks = [...new Set(cells.flatMap((c) => c.runs.map((r) => r.summary?.kF)).filter((k): k is number => typeof k === 'number' && Number.isFinite(k)))];
  return ks.map((k) => ({ label: `k_F = ${k.toPrecision(3)}`, y: k }));
}

function zoomFigures(layout: ReportLayout, spec: ReportSpec, title: string, panels: string, seeds: string): (Figure | undefined)[] {
  if (!spec.zoom) return [];
  const { fromStep, toStep } = spec.zoom;
  return (spec.zoom.y ?? ['testAccuracy', 'trainLoss']).map((metric) =>
    metricFigure(layout, {
      name: `zoom-${fileName(metric)}`, title: `${title}: ${axisName(metric)}, steps ${fromStep}–${toStep}`, metric, x: 'step', steps: [fromStep, toStep],
      yDomain: metric === 'testAccuracy' ? [0, 1] : undefined, caption: `Zoom on steps ${fromStep}–${toStep} (attack onset): ${axisName(metric)}${panels}.${seeds}`,
    }),
  );
}

export function reportFigures(layout: ReportLayout, plan: Plan, spec: ReportSpec, title: string): Figure[] {
  const x = spec.x ?? 'timeMs';
  const seeds = layout.cells.some((c) => c.runs.length > 1) ? ` Lines are means over seeds, bands ${layout.band === 'minmax' ? 'min–max' : '± one standard deviation'}.` : '';
  const panels = layout.split.length ? `, one panel per ${layout.split.map(axisName).join(' × ')}` : '';
  const figures: (Figure | undefined)[] = [
    metricFigure(layout, { name: 'accuracy', title: `${title}: test accuracy`, caption: `Test accuracy against ${axisName(x)}${panels}.${seeds}`, metric: 'testAccuracy', x, yDomain: [0, 1] }),
    metricFigure(layout, { name: 'loss', title: `${title}: train loss (honest workers)`, caption: `Mean training loss of the honest gradients aggregated at each step${panels}.${seeds}`, metric: 'trainLoss', x: 'step' }),
    metricFigure(layout, {
      name: 'vn-ratio', title: `${title}: VN ratio of honest gradients`, metric: 'vnRatio', x: 'step', refs: vnThresholds,
      caption: `Empirical VN ratio of the honest gradients aggregated at each step; the VN condition asks it to stay below the rule's k_F(n, f) (dashed grey lines)${panels}.${seeds}`,
    }),
    ...(plan.figures ?? FIGURES_OF_OLD_PLANS).map((f) =>
      metricFigure(layout, { name: fileName(f.metric), title: `${title}: ${f.title}`, caption: `${f.caption}${seeds}`, metric: f.metric, x: 'step', yName: f.yLabel, yLog: f.log }),
    ),
    ...zoomFigures(layout, spec, title, panels, seeds),
    spec.summary ? summaryFigure(layout, spec.summary, `${title}: final test accuracy vs ${axisName(spec.summary)}`) : undefined,
    spec.heatmap ? heatmapFigure(layout, spec.heatmap, `${title}: final test accuracy, ${axisName(spec.heatmap.rows)} × ${axisName(spec.heatmap.columns)}`) : undefined,
  ];
  const seen = new Set<string>();
  return figures.filter((f): f is Figure => f !== undefined && !seen.has(f.name) && seen.add(f.name) !== undefined);
}
