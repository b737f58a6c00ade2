/**
 * Small multiples: one line chart per panel, laid out in a grid in a single SVG, with shared
 * axes ranges so panels compare at a glance (Tufte). Pure: data in, SVG text out.
 */
import { D3Node } from 'd3-node';
import type { Series } from './line.ts';

export interface Panel {
  readonly title: string;
  readonly series: readonly Series[];
}

export interface SmallMultiples {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly panels: readonly Panel[];
  readonly columns?: number;
  readonly yDomain?: readonly [number, number];
}

const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];

export function smallMultiples(c: SmallMultiples): string {
  const cols = c.columns ?? Math.min(4, c.panels.length);
  const rows = Math.ceil(c.panels.length / cols);
  const pw = 260;
  const ph = 200;
  const m = { top: 26, right: 10, bottom: 34, left: 44 };
  const labels = [...new Set(c.panels.flatMap((p) => p.series.map((s) => s.label)))];
  const legendHeight = 16 * labels.length + 10;
  const width = cols * pw;
  const height = 30 + rows * ph + legendHeight;
  const d3n = new D3Node({ styles: 'text{font-family:sans-serif;font-size:10px} .title{font-size:14px;font-weight:bold} .ptitle{font-size:11px;font-weight:bold}' });
  const d3 = d3n.d3;
  const svg = d3n.createSVG(width, height);
  svg.append('text').attr('class', 'title').attr('x', 8).attr('y', 18).text(c.title);
  const all = c.panels.flatMap((p) => p.series.flatMap((s) => s.points));
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]).filter((y) => Number.isFinite(y));
  const xDom = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  const yDom = c.yDomain ?? (ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1]);
  c.panels.forEach((panel, i) => {
    const ox = (i % cols) * pw;
    const oy = 30 + Math.floor(i / cols) * ph;
    const g = svg.append('g').attr('transform', `translate(${ox},${oy})`);
    const x = d3.scaleLinear().domain(xDom).range([m.left, pw - m.right]).nice();
    const y = d3.scaleLinear().domain(yDom).range([ph - m.bottom, m.top]).nice();
    g.append('text').attr('class', 'ptitle').attr('x', m.left).attr('y', 14).text(panel.title);
    g.append('g').attr('transform', `translate(0,${ph - m.bottom})`).call(d3.axisBottom(x).ticks(4));
    g.append('g').attr('transform', `translate(${m.left},0)`).call(d3.axisLeft(y).ticks(4));
    g.append('text').attr('x', (m.left + pw - m.right) / 2).attr('y', ph - 4).attr('text-anchor', 'middle').text(c.xLabel);
    const line = d3.line().defined((p: [number, number]) => Number.isFinite(p[1])).x((p: [number, number]) => x(p[0])).y((p: [number, number]) => y(p[1]));
    for (const s of panel.series)
      g.append('path').datum(s.points).attr('fill', 'none').attr('stroke', PALETTE[labels.indexOf(s.label) % PALETTE.length]).attr('stroke-width', 1.5).attr('d', line);
  });
  labels.forEach((label, i) => {
    const ly = 30 + rows * ph + 12 + 16 * i;
    svg.append('line').attr('x1', 10).attr('x2', 32).attr('y1', ly).attr('y2', ly).attr('stroke', PALETTE[i % PALETTE.length]).attr('stroke-width', 2);
    svg.append('text').attr('x', 38).attr('y', ly + 4).text(label);
  });
  svg.append('text').attr('transform', `translate(10,${30 + (rows * ph) / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(c.yLabel);
  return d3n.svgString();
}
