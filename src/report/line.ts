/**
 * A line chart (d3-node → SVG string): one panel, one line per configuration (the mean over
 * seeds, with its band shaded when there are several seeds), markers, optional reference lines,
 * and a legend on the right. Pure: data in, SVG text out.
 */
import { D3Node } from 'd3-node';
import { resolveAxes } from './axes.ts';
import type { AxesSpec, PanelData } from './chart-types.ts';
import { drawLegend, layoutLegend, legendSeries } from './legend.ts';
import { drawPanel } from './panel.ts';
import { STYLES } from './svg-style.ts';
import { appendFitted, fitText, textWidth } from './text.ts';

export interface LineChart {
  readonly title: string;
  readonly axes: AxesSpec;
  readonly panel: PanelData;
  readonly width?: number;
  readonly height?: number;
}

export function lineChart(c: LineChart): string {
  const plotW = c.width ?? 560;
  const plotH = c.height ?? 380;
  const series = legendSeries(c.panel.series);
  const longest = Math.max(0, ...series.map((s) => textWidth(s.label, 11)));
  const legendW = Math.min(320, Math.max(150, Math.ceil(longest) + 44));
  const legend = layoutLegend(series, legendW, legendW);
  const width = plotW + legendW + 10;
  const d3n = new D3Node({ styles: STYLES });
  const d3 = d3n.d3;
  const title = fitText(c.title, width - 16, 14, { bold: true });
  const top = 12 + title.height;
  const height = Math.ceil(top + Math.max(plotH, legend.height + 20));
  const svg = d3n.createSVG(width, height);
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', 'white');
  svg.append('title').text(c.title);
  appendFitted(svg, title, 8, 12 + title.px * 0.85, { bold: true, cls: 'title' });
  const axes = resolveAxes([c.panel], c.axes);
  drawPanel(d3, svg, { ...c.panel, title: '' }, axes, {
    x0: 0,
    y0: top,
    width: plotW,
    height: plotH,
    margin: { top: 10, right: 16, bottom: 46, left: 66 },
    xTicks: 8,
    yTicks: 6,
    xName: true,
  });
  svg
    .append('text')
    .attr('transform', `translate(14,${top + (plotH - 46) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(axes.yLabel);
  drawLegend(d3, svg, legend, plotW + 4, top + 14);
  return d3n.svgString();
}
