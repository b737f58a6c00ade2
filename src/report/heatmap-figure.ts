/**
 * The heatmap of final test accuracy over two keys of the grid (ByzFL-style: aggregation rule ×
 * attack), mean over seeds with ± sd in the cell, the best row of each column outlined; one
 * heatmap panel per value of the other keys. `variant` may stand for either key.
 */
import { finalAccuracy, type Cell } from './cells.ts';
import { toCsv } from './csv.ts';
import type { Figure } from './figure.ts';
import { heatmap, markBest, type HeatmapPanel } from './heatmap.ts';
import { axisName, showValue } from './labels.ts';
import { groupBy, type ReportLayout } from './layout.ts';
import { summarise, type Summary } from './stats.ts';

const keyValue = (c: Cell, key: string) => (key === 'variant' ? c.variant : c.grid[key]);
const order = (cells: readonly Cell[], key: string) => [
  ...new Map(cells.map((c) => [JSON.stringify(keyValue(c, key)) ?? '', showValue(keyValue(c, key))])).entries(),
];

/** One heatmap per value of the other keys (and per variant, unless a variant is a row or column). */
function panelGroups(layout: ReportLayout, spec: { rows: string; columns: string }, others: readonly string[]): { title: string; cells: Cell[] }[] {
  const groups = groupBy(layout.cells, others);
  if (spec.rows === 'variant' || spec.columns === 'variant' || !layout.cells.some((c) => c.variant !== undefined)) return groups;
  return groups.flatMap((g) =>
    [...new Set(g.cells.map((c) => c.variant))].map((v) => ({ title: [v, g.title].filter(Boolean).join(', '), cells: g.cells.filter((c) => c.variant === v) })),
  );
}

export function heatmapFigure(layout: ReportLayout, spec: { rows: string; columns: string }, title: string): Figure | undefined {
  const others = layout.keys.filter((k) => k !== spec.rows && k !== spec.columns);
  const rowValues = order(layout.cells, spec.rows);
  const colValues = order(layout.cells, spec.columns);
  const csvRows: (string | number | boolean | undefined)[][] = [];
  const panels: HeatmapPanel[] = [];
  for (const group of panelGroups(layout, spec, others)) {
    const stats: (Summary | undefined)[][] = rowValues.map(([rk]) =>
      colValues.map(([ck]) => {
        const cells = group.cells.filter(
          (c) => (JSON.stringify(keyValue(c, spec.rows)) ?? '') === rk && (JSON.stringify(keyValue(c, spec.columns)) ?? '') === ck,
        );
        const runs = cells.flatMap((c) => c.runs);
        const s = summarise(runs.map(finalAccuracy).filter((v): v is number => v !== undefined));
        return cells.length && s.n > 0 ? s : undefined;
      }),
    );
    // best at the precision shown, so that cells that read the same are all outlined
    const best = markBest(stats.map((r) => r.map((s) => (s ? Number(s.mean.toFixed(3)) : undefined))));
    panels.push({
      title: group.title,
      rows: rowValues.map(([, label]) => label),
      columns: colValues.map(([, label]) => label),
      cells: stats.map((r, i) =>
        r.map((s, j) => s && { value: s.mean, text: s.mean.toFixed(3), sub: s.n > 1 ? `± ${s.sd.toFixed(3)} (${s.n})` : undefined, best: best[i][j] }),
      ),
    });
    stats.forEach((r, i) =>
      r.forEach((s, j) => s && csvRows.push([group.title, rowValues[i][1], colValues[j][1], s.mean, s.n > 1 ? s.sd : undefined, s.n, best[i][j]])),
    );
  }
  if (csvRows.length === 0) return undefined;
  const rowName = axisName(spec.rows);
  const columnName = axisName(spec.columns);
  const svg = heatmap({ title, rowName, columnName, valueName: axisName('finalAccuracy'), panels, domain: [0, 1] });
  const caption = `Final test accuracy for each ${rowName} × ${columnName}${layout.cells.some((c) => c.runs.length > 1) ? ' (mean ± sd over seeds)' : ''}; the best ${rowName} of each ${columnName} is outlined.`;
  return { name: 'heatmap', caption, svg, csv: toCsv(['panel', rowName, columnName, 'final test accuracy', 'sd', 'seeds', 'best in column'], csvRows) };
}
