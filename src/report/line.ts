/**
 * A line chart (d3-node → SVG string): one line per series, shared axes, a legend.
 * Pure: data in, SVG text out.
 */
import { D3Node } from 'd3-node';

export interface Series {
  readonly label: string;
  readonly points: readonly (readonly [number, number])[];
  /** Series with the same colour key share a colour, with the same dash key a dash pattern (default: by index). */
  readonly colorKey?: string;
  readonly dashKey?: string;
}

export interface LineChart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  readonly width?: number;
  readonly height?: number;
  /** Fix the y domain (e.g. [0, 1] for accuracy). */
  readonly yDomain?: readonly [number, number];
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const DASHES = ['', '6,3', '2,2', '8,3,2,3'];

export function lineChart(c: LineChart): string {
  const longest = Math.max(0, ...c.series.map((s) => s.label.length));
  const legendWidth = Math.max(160, Math.ceil(6.2 * longest) + 40);
  const width = (c.width ?? 560) + legendWidth;
  const height = Math.max(c.height ?? 420, 60 + 14 * c.series.length);
  const m = { top: 34, right: legendWidth + 10, bottom: 46, left: 58 };
  const d3n = new D3Node({ styles: 'text{font-family:sans-serif;font-size:11px} .title{font-size:14px;font-weight:bold}' });
  const d3 = d3n.d3;
  const svg = d3n.createSVG(width, height);
  const all = c.series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]).filter((y) => Number.isFinite(y));
  const x = d3.scaleLinear().domain(xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1]).range([m.left, width - m.right]).nice();
  const yDom = c.yDomain ?? (ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1]);
  const y = d3.scaleLinear().domain(yDom).range([height - m.bottom, m.top]).nice();
  svg.append('text').attr('class', 'title').attr('x', m.left).attr('y', 20).text(c.title);
  svg.append('g').attr('transform', `translate(0,${height - m.bottom})`).call(d3.axisBottom(x).ticks(8));
  svg.append('g').attr('transform', `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(6));
  svg.append('text').attr('x', (m.left + width - m.right) / 2).attr('y', height - 8).attr('text-anchor', 'middle').text(c.xLabel);
  svg.append('text').attr('transform', `translate(14,${(m.top + height - m.bottom) / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(c.yLabel);
  const line = d3.line().defined((p: [number, number]) => Number.isFinite(p[1])).x((p: [number, number]) => x(p[0])).y((p: [number, number]) => y(p[1]));
  const colorKeys = [...new Set(c.series.map((s, i) => s.colorKey ?? String(i)))];
  const dashKeys = [...new Set(c.series.map((s) => s.dashKey ?? ''))];
  c.series.forEach((s, i) => {
    const ci = colorKeys.indexOf(s.colorKey ?? String(i));
    const color = PALETTE[ci % PALETTE.length];
    const dash = s.dashKey !== undefined ? DASHES[dashKeys.indexOf(s.dashKey) % DASHES.length] : DASHES[Math.floor(i / PALETTE.length) % DASHES.length];
    svg.append('path').datum(s.points).attr('fill', 'none').attr('stroke', color).attr('stroke-width', 1.8).attr('stroke-dasharray', dash).attr('d', line);
    const ly = m.top + 14 * i;
    svg.append('line').attr('x1', width - legendWidth).attr('x2', width - legendWidth + 22).attr('y1', ly).attr('y2', ly).attr('stroke', color).attr('stroke-width', 2).attr('stroke-dasharray', dash);
    svg.append('text').attr('x', width - legendWidth + 28).attr('y', ly + 4).text(s.label);
  });
  return d3n.svgString();
}
