/**
 * A metrics field against the step or the virtual time, one line per configuration (mean over
 * its seeds, band shaded), one panel per value of the layout's split keys. Every time-series
 * figure of a report is one of these: test accuracy, train loss, VN ratio, the protocol's own
 * fields (drift, banned peers …) and attack-onset zooms.
 */
import type { Cell } from './cells.ts';
import { meanCurve } from './cells.ts';
import type { PanelData, Reference, Series } from './chart-types.ts';
import { linesFigure, type Figure } from './figure.ts';
import { axisName, labelOf } from './labels.ts';
import { groupBy, seriesId, seriesLabel, type ReportLayout } from './layout.ts';
import type { MetricsRow } from '../sim/metrics.ts';

export interface MetricFigureSpec {
  readonly name: string;
  readonly title: string;
  readonly caption: string;
  /** The metrics.jsonl field drawn on y. */
  readonly metric: string;
  readonly x: 'step' | 'timeMs';
  /** Axis name (default: the label table's). */
  readonly yName?: string;
  /** Log wish (default: the label table's). */
  readonly yLog?: boolean;
  readonly yDomain?: readonly [number, number];
  /** Only steps in [from, to] (an attack-onset zoom). */
  readonly steps?: readonly [number, number];
  /** Reference lines of a panel (e.g. the VN thresholds of its rules). */
  readonly refs?: (cells: readonly Cell[]) => Reference[];
}

const field = (metric: string) => (r: MetricsRow) => {
  const v = (r as unknown as Record<string, unknown>)[metric];
  return typeof v === 'number' ? v : undefined;
};

function cellSeries(layout: ReportLayout, cell: Cell, spec: MetricFigureSpec): Series | undefined {
  const [from, to] = spec.steps ?? [-Infinity, Infinity];
  const y = field(spec.metric);
  const x = field(spec.x);
  const inWindow = (r: MetricsRow) => (r.step >= from && r.step <= to ? y(r) : undefined);
  const points = meanCurve(cell, (r) => x(r) ?? NaN, inWindow, layout.band);
  if (points.length === 0) return undefined;
  const key = seriesId(cell, layout.split);
  return { key, label: seriesLabel(cell, layout.split), style: layout.styles.style(key), points, band: cell.runs.length > 1 };
}

/** The figure, or undefined when no run has the field. */
export function metricFigure(layout: ReportLayout, spec: MetricFigureSpec): Figure | undefined {
  const panels: PanelData[] = [];
  for (const group of groupBy(layout.cells, layout.split)) {
    const series = group.cells.map((c) => cellSeries(layout, c, spec)).filter((s): s is Series => s !== undefined);
    if (series.length) panels.push({ title: group.title, series, refs: spec.refs?.(group.cells) });
  }
  if (panels.length === 0) return undefined;
  const axes = {
    xLabel: axisName(spec.x),
    yLabel: spec.yName ?? axisName(spec.metric),
    xLog: false,
    yLog: spec.yLog ?? labelOf(spec.metric).log,
    yDomain: spec.yDomain,
    xDomain: spec.steps && spec.x === 'step' ? spec.steps : undefined,
  };
  return linesFigure(spec.name, spec.caption, spec.title, axes, panels);
}
