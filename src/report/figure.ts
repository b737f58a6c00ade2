/** A figure of a report: its file name (without extension), caption, SVG and the CSV of what it plots. */
import type { AxesSpec, PanelData } from './chart-types.ts';
import { seriesCsv } from './csv.ts';
import { lineChart } from './line.ts';
import { smallMultiples } from './small-multiples.ts';

export interface Figure {
  readonly name: string;
  readonly caption: string;
  readonly svg: string;
  readonly csv: string;
}

/** One panel: a line chart with its legend on the right; several: small multiples. */
export function linesFigure(name: string, caption: string, title: string, axes: AxesSpec, panels: readonly PanelData[]): Figure {
  const svg = panels.length === 1 ? lineChart({ title, axes, panel: panels[0] }) : smallMultiples({ title, axes, panels });
  return { name, caption, svg, csv: seriesCsv(panels, axes.xLabel, axes.yLabel) };
}
