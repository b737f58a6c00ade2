/**
 * One panel of a line-like figure, drawn into a d3 group: axes, the shaded bands (class
 * `band`, one path per series that has one), the lines (class `line`), a few markers per line
 * (placed at staggered points so that overlapping lines stay readable) and reference lines.
 */
import { makeScale, ticks, type ResolvedAxes } from './axes.ts';
import type { D3, PanelData, Point, Sel } from './chart-types.ts';
import type { Marker } from './palette.ts';
import { REFERENCE_STYLE } from './palette.ts';
import { appendFitted, fitText } from './text.ts';

export interface Frame {
  /** Top-left corner of the panel in the parent's coordinates, and its outer size. */
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;
  readonly margin: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
  readonly xTicks: number;
  readonly yTicks: number;
  /** Draw the x axis name under the panel. */
  readonly xName?: boolean;
  readonly titlePx?: number;
}

const MARKERS_PER_LINE = 6;

const SYMBOLS: Record<Marker, string> = {
  circle: 'symbolCircle',
  square: 'symbolSquare',
  triangle: 'symbolTriangle',
  diamond: 'symbolDiamond',
  cross: 'symbolCross',
  wye: 'symbolWye',
  star: 'symbolStar',
};

/** A marker path (d3.symbol) centred on (0, 0). */
export function markerPath(d3: D3, marker: Marker, size = 42): string {
  return d3.symbol().type(d3[SYMBOLS[marker]]).size(size)();
}

/** Indices of the points that carry a marker: evenly spaced, shifted by the series' rank. */
export function markerIndices(length: number, rank: number, ranks: number): number[] {
  if (length === 0) return [];
  if (length <= MARKERS_PER_LINE) return Array.from({ length }, (_, i) => i);
  const gap = (length - 1) / MARKERS_PER_LINE;
  const shift = (gap * (rank % Math.max(1, ranks))) / Math.max(1, ranks);
  return Array.from({ length: MARKERS_PER_LINE }, (_, k) => Math.min(length - 1, Math.round(shift + k * gap)));
}

export function drawPanel(d3: D3, parent: Sel, panel: PanelData, axes: ResolvedAxes, f: Frame): void {
  const g = parent.append('g').attr('transform', `translate(${f.x0},${f.y0})`);
  const { top, right, bottom, left } = f.margin;
  const x = makeScale(d3, axes.xLog, axes.xDomain, [left, f.width - right]);
  const y = makeScale(d3, axes.yLog, axes.yDomain, [f.height - bottom, top]);
  if (panel.title) {
    const t = fitText(panel.title, f.width - left - right, f.titlePx ?? 11, { bold: true, maxLines: 2 });
    appendFitted(g, t, left, top - 8 - (t.lines.length - 1) * t.px * 1.25, { bold: true, cls: 'ptitle' });
  }
  g.append('g')
    .attr('transform', `translate(0,${f.height - bottom})`)
    .call(ticks(d3.axisBottom(x), axes.xLog, f.xTicks));
  g.append('g')
    .attr('transform', `translate(${left},0)`)
    .call(ticks(d3.axisLeft(y), axes.yLog, f.yTicks));
  if (f.xName)
    g.append('text')
      .attr('x', (left + f.width - right) / 2)
      .attr('y', f.height - 6)
      .attr('text-anchor', 'middle')
      .text(axes.xLabel);
  const ok = (p: Point) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!axes.xLog || p.x > 0) && (!axes.yLog || p.y > 0);
  const okBand = (p: Point) => ok(p) && p.lo !== undefined && p.hi !== undefined && Number.isFinite(p.lo) && Number.isFinite(p.hi);
  const lo = (p: Point) => y(axes.yLog ? Math.max(p.lo!, axes.yDomain[0]) : p.lo!);
  const area = d3
    .area()
    .defined(okBand)
    .x((p: Point) => x(p.x))
    .y0(lo)
    .y1((p: Point) => y(p.hi!));
  const line = d3
    .line()
    .defined(ok)
    .x((p: Point) => x(p.x))
    .y((p: Point) => y(p.y));
  const plot = g.append('g');
  for (const s of panel.series)
    if (s.band)
      plot
        .append('path')
        .attr('class', 'band')
        .attr('data-series', s.label)
        .attr('fill', s.style.color)
        .attr('fill-opacity', 0.18)
        .attr('stroke', 'none')
        .attr('d', area(s.points));
  for (const r of panel.refs ?? []) {
    if (axes.yLog && r.y <= 0) continue;
    plot
      .append('line')
      .attr('class', 'ref')
      .attr('x1', left)
      .attr('x2', f.width - right)
      .attr('y1', y(r.y))
      .attr('y2', y(r.y))
      .attr('stroke', REFERENCE_STYLE.color)
      .attr('stroke-dasharray', REFERENCE_STYLE.dash);
    plot
      .append('text')
      .attr('x', f.width - right - 2)
      .attr('y', y(r.y) - 3)
      .attr('text-anchor', 'end')
      .attr('fill', REFERENCE_STYLE.color)
      .attr('stroke', 'white')
      .attr('stroke-width', 3)
      .attr('paint-order', 'stroke')
      .text(r.label);
  }
  panel.series.forEach((s, rank) => {
    plot
      .append('path')
      .attr('class', 'line')
      .attr('data-series', s.label)
      .attr('fill', 'none')
      .attr('stroke', s.style.color)
      .attr('stroke-width', 1.8)
      .attr('stroke-dasharray', s.style.dash)
      .attr('d', line(s.points));
    const pts = s.points.filter(ok);
    const sym = markerPath(d3, s.style.marker);
    for (const i of markerIndices(pts.length, rank, panel.series.length))
      plot
        .append('path')
        .attr('class', 'marker')
        .attr('d', sym)
        .attr('fill', s.style.color)
        .attr('transform', `translate(${x(pts[i].x).toFixed(2)},${y(pts[i].y).toFixed(2)})`);
  });
}
