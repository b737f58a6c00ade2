/**
 * The report-wide layout, decided once before any figure is drawn:
 * - the split keys: the grid keys whose values make panels — the scenario's `report.panels`, or,
 *   when more configurations than `maxLines` would share one panel, the fewest grid keys
 *   (chosen greedily, each time the one leaving the fewest lines in the fullest panel) that bring
 *   every panel down to `maxLines` lines;
 * - one style per series (a configuration less its split keys), handed out in plan order, so
 *   a configuration looks the same in every figure of the report.
 */
import type { Cell } from './cells.ts';
import { gridKeys } from './cells.ts';
import { describeKeys, showValue } from './labels.ts';
import { StyleBook } from './palette.ts';
import type { BandKind } from './stats.ts';

export const DEFAULT_MAX_LINES = 8;

export interface ReportLayout {
  readonly cells: readonly Cell[];
  readonly keys: readonly string[];
  readonly split: readonly string[];
  readonly band: BandKind;
  readonly styles: StyleBook;
}

const valueKey = (v: unknown) => JSON.stringify(v) ?? 'undefined';

/** Identity of a cell once `exclude` keys are ignored (variant and the other grid keys). */
export function seriesId(cell: Cell, exclude: readonly string[]): string {
  const rest = Object.keys(cell.grid).filter((k) => !exclude.includes(k));
  return JSON.stringify([cell.variant ?? null, ...rest.map((k) => [k, valueKey(cell.grid[k])])]);
}

export function seriesLabel(cell: Cell, exclude: readonly string[], fallback = cell.label): string {
  const rest = Object.keys(cell.grid).filter((k) => !exclude.includes(k));
  return [cell.variant, describeKeys(cell.grid, rest)].filter(Boolean).join(', ') || fallback;
}

/** Cells grouped by the values of `keys`, in first-appearance order, with the group's title. */
export function groupBy(cells: readonly Cell[], keys: readonly string[]): { title: string; cells: Cell[] }[] {
  const groups = new Map<string, { title: string; cells: Cell[] }>();
  for (const c of cells) {
    const id = JSON.stringify(keys.map((k) => valueKey(c.grid[k])));
    if (!groups.has(id)) groups.set(id, { title: describeKeys(c.grid, keys) || keys.map((k) => showValue(c.grid[k])).join(', '), cells: [] });
    groups.get(id)!.cells.push(c);
  }
  return [...groups.values()];
}

function fullestPanel(cells: readonly Cell[], split: readonly string[]): number {
  return Math.max(0, ...groupBy(cells, split).map((g) => new Set(g.cells.map((c) => seriesId(c, split))).size));
}

export function chooseSplit(cells: readonly Cell[], keys: readonly string[], maxLines: number): string[] {
  const split: string[] = [];
  let worst = fullestPanel(cells, split);
  while (worst > maxLines) {
    let best: { key: string; worst: number } | undefined;
    for (const k of keys) {
      if (split.includes(k)) continue;
      const w = fullestPanel(cells, [...split, k]);
      if (!best || w < best.worst) best = { key: k, worst: w };
    }
    if (!best || best.worst >= worst) break; // no key helps: keep the crowded panel rather than split for nothing
    split.push(best.key);
    worst = best.worst;
  }
  return split;
}

export function planLayout(cells: readonly Cell[], spec: { panels?: readonly string[]; maxLines?: number; band?: BandKind }): ReportLayout {
  const keys = gridKeys(cells);
  const split = spec.panels?.length ? spec.panels.filter((k) => keys.includes(k)) : chooseSplit(cells, keys, spec.maxLines ?? DEFAULT_MAX_LINES);
  const styles = new StyleBook();
  for (const c of cells) styles.style(seriesId(c, split));
  return { cells, keys, split, band: spec.band ?? 'sd', styles };
}
