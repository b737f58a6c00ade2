/**
 * A heatmap (d3-node → SVG string), ByzFL-style: one cell per (row, column) — e.g. aggregation
 * rule × attack — coloured by a value such as the final test accuracy (viridis, colour-blind
 * safe), with the value (and its ± sd over seeds) written in the cell and the best cell of each
 * column outlined (class `best`). Several panels (one per value of the other grid keys) stack
 * vertically and share the colour scale. Pure: data in, SVG text out.
 */
import { D3Node } from 'd3-node';
import type { D3, Sel } from './chart-types.ts';
import { STYLES } from './svg-style.ts';
import { appendFitted, fitText, textWidth } from './text.ts';

export interface HeatCell {
  readonly value: number;
  readonly text: string;
  readonly sub?: string;
  readonly best: boolean;
}

export interface HeatmapPanel {
  readonly title: string;
  readonly rows: readonly string[];
  readonly columns: readonly string[];
  /** cells[row][column]; undefined where no run has that combination. */
  readonly cells: readonly (readonly (HeatCell | undefined)[])[];
}

export interface Heatmap {
  readonly title: string;
  readonly rowName: string;
  readonly columnName: string;
  readonly valueName: string;
  readonly panels: readonly HeatmapPanel[];
  readonly domain: readonly [number, number];
}

const CELL_W = 78;
const CELL_H = 40;
const BAR_W = 70;

/** Mark the best cell(s) of each column (highest value; ties all marked). */
export function markBest(values: readonly (readonly (number | undefined)[])[]): boolean[][] {
  const cols = Math.max(0, ...values.map((r) => r.length));
  const best = Array.from({ length: cols }, (_, c) => Math.max(...values.map((r) => (r[c] !== undefined && Number.isFinite(r[c]) ? r[c]! : -Infinity))));
  return values.map((r) => r.map((v, c) => v !== undefined && Number.isFinite(v) && v === best[c]));
}

export function heatmap(h: Heatmap): string {
  const rowLabelW = Math.min(260, Math.max(70, ...h.panels.flatMap((p) => p.rows.map((r) => Math.ceil(textWidth(r, 11)) + 12))));
  const cols = Math.max(1, ...h.panels.map((p) => p.columns.length));
  const width = Math.max(440, 24 + rowLabelW + cols * CELL_W + 20 + BAR_W);
  const d3n = new D3Node({ styles: STYLES });
  const d3 = d3n.d3;
  const title = fitText(h.title, width - 16, 14, { bold: true });
  const colour = d3.scaleSequential(d3.interpolateViridis).domain(h.domain);
  const heads = h.panels.map((p) => p.columns.map((c) => fitText(c, CELL_W - 6, 10, { maxLines: 3 })));
  const panelH = h.panels.map((p, i) => 22 + Math.max(12, ...heads[i].map((t) => t.height)) + 6 + p.rows.length * CELL_H + 16);
  const axisNote = fitText(`${h.columnName} (outlined: the best ${h.rowName} per ${h.columnName})`, width - 32, 11, { maxLines: 3 });
  const height = Math.ceil(16 + title.height + panelH.reduce((a, b) => a + b, 0) + axisNote.height + 12);
  const svg = d3n.createSVG(width, height);
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', 'white');
  svg.append('title').text(h.title);
  appendFitted(svg, title, 8, 12 + title.px * 0.85, { bold: true, cls: 'title' });
  let y = 16 + title.height;
  h.panels.forEach((p, i) => {
    drawHeatPanel(svg, p, heads[i], colour, 24, y, rowLabelW);
    y += panelH[i];
  });
  svg
    .append('text')
    .attr('transform', `translate(12,${16 + title.height + (y - 16 - title.height) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .text(h.rowName);
  appendFitted(svg, axisNote, 24, y + axisNote.px);
  drawColourBar(svg, colour, h.domain, h.valueName, 24 + rowLabelW + cols * CELL_W + 20, 16 + title.height + 30);
  return d3n.svgString();
}

function drawHeatPanel(svg: Sel, p: HeatmapPanel, heads: ReturnType<typeof fitText>[], colour: D3, x0: number, y0: number, rowLabelW: number): void {
  const g = svg.append('g').attr('class', 'heat-panel').attr('transform', `translate(${x0},${y0})`);
  if (p.title) g.append('text').attr('x', 0).attr('y', 14).attr('style', 'font-size:12px;font-weight:bold').text(p.title);
  const headH = Math.max(12, ...heads.map((t) => t.height));
  const gridTop = 22 + headH + 6;
  heads.forEach((t, c) => appendFitted(g, t, rowLabelW + c * CELL_W + CELL_W / 2, 22 + headH - t.height + t.px, { anchor: 'middle' }));
  p.rows.forEach((row, r) => {
    const cy = gridTop + r * CELL_H;
    g.append('text')
      .attr('x', rowLabelW - 8)
      .attr('y', cy + CELL_H / 2 + 4)
      .attr('text-anchor', 'end')
      .text(row);
    p.columns.forEach((_, c) => {
      const cell = p.cells[r]?.[c];
      const cx = rowLabelW + c * CELL_W;
      if (!cell) {
        g.append('rect').attr('x', cx).attr('y', cy).attr('width', CELL_W).attr('height', CELL_H).attr('fill', '#eeeeee').attr('stroke', 'white');
        return;
      }
      g.append('rect')
        .attr('class', 'cell')
        .attr('x', cx)
        .attr('y', cy)
        .attr('width', CELL_W)
        .attr('height', CELL_H)
        .attr('fill', colour(cell.value))
        .attr('stroke', 'white');
      const light = luminance(colour(cell.value)) < 0.45;
      const ink = light ? 'white' : 'black';
      g.append('text')
        .attr('x', cx + CELL_W / 2)
        .attr('y', cy + (cell.sub ? 17 : 24))
        .attr('text-anchor', 'middle')
        .attr('fill', ink)
        .attr('style', `font-size:12px${cell.best ? ';font-weight:bold' : ''}`)
        .text(cell.text);
      if (cell.sub)
        g.append('text')
          .attr('x', cx + CELL_W / 2)
          .attr('y', cy + 31)
          .attr('text-anchor', 'middle')
          .attr('fill', ink)
          .attr('style', 'font-size:9px')
          .text(cell.sub);
      if (cell.best)
        g.append('rect')
          .attr('class', 'best')
          .attr('x', cx + 2)
          .attr('y', cy + 2)
          .attr('width', CELL_W - 4)
          .attr('height', CELL_H - 4)
          .attr('fill', 'none')
          .attr('stroke', '#D55E00')
          .attr('stroke-width', 3);
    });
  });
}

/** Relative luminance of a CSS `rgb(r, g, b)` or `#rrggbb` colour (to pick the text ink). */
function luminance(css: string): number {
  const m = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(css);
  const [r, g, b] = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [1, 3, 5].map((i) => parseInt(css.slice(i, i + 2), 16));
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

function drawColourBar(svg: Sel, colour: D3, domain: readonly [number, number], name: string, x0: number, y0: number): void {
  const steps = 20;
  const h = 160;
  const g = svg.append('g').attr('class', 'colour-bar').attr('transform', `translate(${x0},${y0})`);
  for (let i = 0; i < steps; i++) {
    const v = domain[1] - ((i + 0.5) / steps) * (domain[1] - domain[0]);
    g.append('rect')
      .attr('x', 0)
      .attr('y', (i * h) / steps)
      .attr('width', 14)
      .attr('height', h / steps + 0.5)
      .attr('fill', colour(v));
  }
  for (const [v, yy] of [
    [domain[1], 4],
    [(domain[0] + domain[1]) / 2, h / 2 + 4],
    [domain[0], h + 4],
  ] as const)
    g.append('text')
      .attr('x', 18)
      .attr('y', yy)
      .text(String(Number(v.toPrecision(3))));
  const label = fitText(name, BAR_W - 4, 10, { maxLines: 3 });
  appendFitted(g, label, 0, -label.height + label.px * 0.25 - 6);
}
