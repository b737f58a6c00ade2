/**
 * Small multiples (Tufte): one panel per value of the figure's split keys, laid out in a grid in
 * a single SVG, with shared axes so panels compare at a glance, and one legend below for all
 * panels (a configuration keeps its style in every panel). Pure: data in, SVG text out.
 */
import { D3Node } from 'd3-node';
import { resolveAxes } from './axes.ts';
import type { AxesSpec, PanelData } from './chart-types.ts';
import { drawLegend, layoutLegend, legendSeries } from './legend.ts';
import { drawPanel } from './panel.ts';
import { STYLES } from './svg-style.ts';
import { appendFitted, fitText, textWidth } from './text.ts';

export interface SmallMultiples {
  readonly title: string;
  readonly axes: AxesSpec;
  readonly panels: readonly PanelData[];
  readonly columns?: number;
}

const PANEL_W = 270;
const PANEL_H = 210;

export function smallMultiples(c: SmallMultiples): string {
  const cols = c.columns ?? Math.min(4, Math.max(1, c.panels.length));
  const rows = Math.ceil(c.panels.length / cols);
  const left = 22;
  const width = left + cols * PANEL_W + 8;
  const d3n = new D3Node({ styles: STYLES });
  const d3 = d3n.d3;
  const title = fitText(c.title, width - 16, 14, { bold: true });
  const top = 12 + title.height;
  const series = legendSeries(c.panels.flatMap((p) => p.series));
  const longest = Math.max(0, ...series.map((s) => textWidth(s.label, 11)));
  const legend = layoutLegend(series, width - 20, Math.min(width - 20, Math.max(170, Math.ceil(longest) + 44)));
  const height = Math.ceil(top + rows * PANEL_H + 12 + legend.height + 8);
  const svg = d3n.createSVG(width, height);
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', 'white');
  svg.append('title').text(c.title);
  appendFitted(svg, title, 8, 12 + title.px * 0.85, { bold: true, cls: 'title' });
  const axes = resolveAxes(c.panels, c.axes);
  c.panels.forEach((panel, i) => {
    drawPanel(d3, svg, panel, axes, {
      x0: left + (i % cols) * PANEL_W,
      y0: top + Math.floor(i / cols) * PANEL_H,
      width: PANEL_W,
      height: PANEL_H,
      margin: { top: 30, right: 12, bottom: 36, left: 46 },
      xTicks: 4,
      yTicks: 4,
      xName: true,
    });
  });
  svg
    .append('text')
    .attr('transform', `translate(12,${top + (rows * PANEL_H) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(axes.yLabel);
  drawLegend(d3, svg, legend, 12, top + rows * PANEL_H + 12);
  return d3n.svgString();
}
