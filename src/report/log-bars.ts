/**
 * Grouped horizontal bars on a log axis (d3-node → SVG string): one group per row label (e.g. an
 * aggregation rule), one bar per series (e.g. plaintext, HE, the survey's figures), coloured
 * from the Okabe–Ito palette with the value written at the bar's end. A bar marked `estimate`
 * is drawn hollow with a dashed outline, so an estimate never looks like a measurement; a
 * series with no value in a group leaves a gap. Log scale because the values span decades
 * (10⁻⁵ s to minutes). Pure: data in, SVG text out.
 */
import { D3Node } from 'd3-node';
import { OKABE_ITO } from './palette.ts';
import { STYLES } from './svg-style.ts';
import { appendFitted, fitText, textWidth } from './text.ts';

export interface LogBar {
  readonly series: string;
  readonly value: number;
  /** Drawn hollow and dashed: not a measurement. */
  readonly estimate?: boolean;
  /** The text at the bar's end (defaults to the value). */
  readonly text?: string;
}

export interface LogBarGroup {
  readonly label: string;
  readonly bars: readonly LogBar[];
}

export interface LogBars {
  readonly title: string;
  readonly valueName: string;
  /** Series in legend order. */
  readonly series: readonly string[];
  readonly groups: readonly LogBarGroup[];
}

const BAR_H = 11;
const GAP = 10;
const PLOT_W = 520;

/** The decade-rounded domain of the positive finite values. */
function domain(groups: readonly LogBarGroup[]): [number, number] {
  const vs = groups.flatMap((g) => g.bars.map((b) => b.value)).filter((v) => Number.isFinite(v) && v > 0);
  if (vs.length === 0) return [1, 10];
  return [10 ** Math.floor(Math.log10(Math.min(...vs))), 10 ** Math.ceil(Math.log10(Math.max(...vs)) + 0.5)];
}

export function logBars(fig: LogBars): string {
  const labelW = Math.max(80, ...fig.groups.map((g) => Math.ceil(textWidth(g.label, 11)) + 12));
  const width = labelW + PLOT_W + 90;
  const title = fitText(fig.title, width - 16, 13, { bold: true, maxLines: 3 });
  const legendRows = Math.ceil(fig.series.length / 3);
  const top = 12 + title.height + 8 + legendRows * 16 + 8;
  const groupH = fig.series.length * BAR_H + GAP;
  const height = Math.ceil(top + fig.groups.length * groupH + 44);
  const d3n = new D3Node({ styles: STYLES });
  const d3 = d3n.d3;
  const svg = d3n.createSVG(width, height);
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', 'white');
  svg.append('title').text(fig.title);
  appendFitted(svg, title, 8, 10 + title.px * 0.85, { bold: true, cls: 'title' });
  const colour = (s: string) => OKABE_ITO[(fig.series.indexOf(s) + 1) % OKABE_ITO.length];
  fig.series.forEach((s, i) => {
    const x = 8 + (i % 3) * ((width - 16) / 3);
    const y = 12 + title.height + 8 + Math.floor(i / 3) * 16;
    svg.append('rect').attr('x', x).attr('y', y).attr('width', 12).attr('height', 10).attr('fill', colour(s));
    svg
      .append('text')
      .attr('x', x + 16)
      .attr('y', y + 9)
      .text(s);
  });
  const x = d3.scaleLog().domain(domain(fig.groups)).range([0, PLOT_W]);
  const plot = svg.append('g').attr('transform', `translate(${labelW},${top})`);
  const plotH = fig.groups.length * groupH;
  plot.append('g').attr('transform', `translate(0,${plotH})`).call(d3.axisBottom(x).ticks(8, '~e'));
  fig.groups.forEach((g, gi) => {
    const y0 = gi * groupH;
    plot
      .append('text')
      .attr('x', -6)
      .attr('y', y0 + (fig.series.length * BAR_H) / 2 + 4)
      .attr('text-anchor', 'end')
      .text(g.label);
    for (const b of g.bars) {
      if (!(Number.isFinite(b.value) && b.value > 0)) continue;
      const y = y0 + fig.series.indexOf(b.series) * BAR_H;
      const w = Math.max(1, x(b.value));
      const bar = plot
        .append('rect')
        .attr('class', b.estimate ? 'bar estimate' : 'bar')
        .attr('x', 0)
        .attr('y', y)
        .attr('width', w)
        .attr('height', BAR_H - 2);
      if (b.estimate) bar.attr('fill', 'white').attr('stroke', colour(b.series)).attr('stroke-width', 1.5).attr('stroke-dasharray', '4,2');
      else bar.attr('fill', colour(b.series));
      plot
        .append('text')
        .attr('x', w + 3)
        .attr('y', y + BAR_H - 3)
        .attr('style', 'font-size:9px')
        .text(b.text ?? String(b.value));
    }
  });
  plot
    .append('text')
    .attr('x', PLOT_W / 2)
    .attr('y', plotH + 34)
    .attr('text-anchor', 'middle')
    .text(fig.valueName);
  return d3n.svgString();
}
