/**
 * A legend: for each series its line, dash and marker in its style, then its label (wrapped
 * to the room given, never cut). Laid out in columns of a given width; when every label is
 * `name = value` with one name, the name heads the legend and the entries show the values.
 */
import type { D3, Series, Sel } from './chart-types.ts';
import { markerPath } from './panel.ts';
import { fitText, type FittedText } from './text.ts';

const SWATCH = 26;
const GAP = 6;
const PX = 11;

export interface LegendLayout {
  readonly entries: readonly { readonly series: Series; readonly text: FittedText }[];
  readonly columns: number;
  readonly columnWidth: number;
  readonly height: number;
  /** The name every label shares (`attack` for `attack = foe`, `attack = alie`), shown once as a heading. */
  readonly heading?: string;
}

/** The name all labels share when every one reads `name = value` with the same name (at least two labels). */
export function sharedName(labels: readonly string[]): string | undefined {
  const parts = labels.map((l) => /^([^=,]+?) = ([^,]+)$/.exec(l));
  if (parts.length < 2 || parts.some((p) => !p)) return undefined;
  return parts.every((p) => p![1] === parts[0]![1]) ? parts[0]![1] : undefined;
}

/** Distinct series by key, first appearance first. */
export function legendSeries(series: readonly Series[]): Series[] {
  const seen = new Map<string, Series>();
  for (const s of series) if (!seen.has(s.key)) seen.set(s.key, s);
  return [...seen.values()];
}

/** Lay out entries in as many columns of `columnWidth` as fit in `width`. */
export function layoutLegend(series: readonly Series[], width: number, columnWidth: number): LegendLayout {
  const columns = Math.max(1, Math.floor(width / columnWidth));
  const heading = sharedName(series.map((s) => s.label));
  const shown = (label: string) => (heading ? label.slice(heading.length + 3) : label);
  const entries = series.map((s) => ({ series: s, text: fitText(shown(s.label), columnWidth - SWATCH - 2 * GAP, PX, { maxLines: 4 }) }));
  let height = heading ? PX * 1.6 : 0;
  for (let i = 0; i < entries.length; i += columns) height += Math.max(...entries.slice(i, i + columns).map((e) => e.text.height)) + 4;
  return { entries, columns, columnWidth, height, heading };
}

export function drawLegend(d3: D3, parent: Sel, layout: LegendLayout, x0: number, y0: number): void {
  const g = parent.append('g').attr('class', 'legend').attr('transform', `translate(${x0},${y0})`);
  let y = 0;
  if (layout.heading) {
    g.append('text')
      .attr('x', 0)
      .attr('y', PX * 0.85)
      .attr('style', `font-size:${PX}px;font-weight:bold`)
      .text(layout.heading);
    y += PX * 1.6;
  }
  for (let i = 0; i < layout.entries.length; i += layout.columns) {
    const row = layout.entries.slice(i, i + layout.columns);
    row.forEach(({ series: s, text }, c) => {
      const x = c * layout.columnWidth;
      const mid = y + PX * 0.45;
      g.append('line')
        .attr('x1', x)
        .attr('x2', x + SWATCH)
        .attr('y1', mid)
        .attr('y2', mid)
        .attr('stroke', s.style.color)
        .attr('stroke-width', 2)
        .attr('stroke-dasharray', s.style.dash);
      g.append('path')
        .attr('d', markerPath(d3, s.style.marker))
        .attr('fill', s.style.color)
        .attr('transform', `translate(${x + SWATCH / 2},${mid})`);
      const t = g
        .append('text')
        .attr('x', x + SWATCH + GAP)
        .attr('y', y + PX * 0.85)
        .attr('style', `font-size:${text.px}px`);
      text.lines.forEach((line, k) =>
        t
          .append('tspan')
          .attr('x', x + SWATCH + GAP)
          .attr('dy', k === 0 ? 0 : text.px * 1.25)
          .text(line),
      );
    });
    y += Math.max(...row.map((e) => e.text.height)) + 4;
  }
}
