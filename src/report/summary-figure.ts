/**
 * Final test accuracy against a numeric grid key (e.g. the batch size: seed 000's Fig. 3), one
 * line per configuration of the other keys, each point the mean over seeds with its band; one
 * panel per value of the remaining split keys. Log x when the key's values span decades.
 * `metric` (report.summaryMetric) draws another per-run figure instead: a metrics field, each
 * run's mean over the rows that hold it (e.g. DLG's PSNR over its attacked steps).
 */
import { finalAccuracy, overSeeds, type Cell } from './cells.ts';
import type { RunRecord } from './read.ts';
import type { PanelData, Point, Series } from './chart-types.ts';
import { linesFigure, type Figure } from './figure.ts';
import { axisName, labelOf } from './labels.ts';
import { groupBy, seriesId, seriesLabel, type ReportLayout } from './layout.ts';
import { band } from './stats.ts';

/** A run's value of `metric`: its final test accuracy, or the mean of a metrics field over its rows. */
function runValue(metric: string): (r: RunRecord) => number | undefined {
  if (metric === 'finalAccuracy') return finalAccuracy;
  return (r) => {
    const vs = r.rows.map((row) => (row as unknown as Record<string, unknown>)[metric]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return vs.length ? vs.reduce((a, b) => a + b, 0) / vs.length : undefined;
  };
}

export function summaryFigure(layout: ReportLayout, key: string, title: string, metric = 'finalAccuracy'): Figure | undefined {
  const value = runValue(metric);
  const panelKeys = layout.split.filter((k) => k !== key);
  const exclude = [...layout.split.filter((k) => k !== key), key];
  const panels: PanelData[] = [];
  for (const group of groupBy(layout.cells, panelKeys)) {
    const lines = new Map<string, { label: string; cells: Cell[] }>();
    for (const c of group.cells) {
      if (!Number.isFinite(Number(c.grid[key]))) continue;
      const id = seriesId(c, exclude);
      if (!lines.has(id)) lines.set(id, { label: seriesLabel(c, exclude, 'all'), cells: [] });
      lines.get(id)!.cells.push(c);
    }
    const series: Series[] = [];
    for (const [id, { label, cells }] of lines) {
      const points: Point[] = cells
        .map((c) => ({ x: Number(c.grid[key]), s: overSeeds(c, value) }))
        .filter((p) => p.s.n > 0)
        .map(({ x, s }) => {
          const [lo, hi] = band(s, layout.band);
          return { x, y: s.mean, lo, hi, n: s.n };
        })
        .sort((a, b) => a.x - b.x);
      if (points.length) series.push({ key: id, label, style: layout.styles.style(id), points, band: cells.some((c) => c.runs.length > 1) });
    }
    if (series.length) panels.push({ title: group.title, series });
  }
  if (panels.length === 0) return undefined;
  const accuracy = metric === 'finalAccuracy';
  const axes = {
    xLabel: axisName(key),
    yLabel: axisName(metric),
    xLog: labelOf(key).log,
    yLog: labelOf(metric).log ?? false,
    yDomain: accuracy ? ([0, 1] as const) : undefined,
  };
  const what = accuracy ? 'Final test accuracy' : `${axisName(metric)}, each run's mean over its steps,`;
  return linesFigure(
    'summary',
    `${what} against ${axisName(key)}${layout.cells.some((c) => c.runs.length > 1) ? ' (mean over seeds, band as in the other figures)' : ''}.`,
    title,
    axes,
    panels,
  );
}
