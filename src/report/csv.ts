/**
 * CSV of what a figure plots (RFC 4180: fields with a comma, quote or newline are quoted, quotes
 * doubled), one file per figure beside its SVG, in tidy form — one row per plotted point:
 * `panel, series, <x axis name>, <y axis name>, <y> low, <y> high, seeds` (low/high: the band
 * over seeds, empty for a single seed).
 */
import type { PanelData } from './chart-types.ts';

const field = (v: string | number | boolean | undefined): string => {
  if (v === undefined) return '';
  const s = typeof v === 'number' ? (Number.isFinite(v) ? String(v) : '') : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean | undefined)[])[]): string {
  return [header, ...rows].map((r) => r.map(field).join(',')).join('\n') + '\n';
}

export function seriesCsv(panels: readonly PanelData[], xName: string, yName: string): string {
  const rows: (string | number | undefined)[][] = [];
  for (const p of panels)
    for (const s of p.series)
      for (const pt of s.points) rows.push([p.title, s.label, pt.x, pt.y, s.band ? pt.lo : undefined, s.band ? pt.hi : undefined, pt.n]);
  return toCsv(['panel', 'series', xName, yName, `${yName} low`, `${yName} high`, 'seeds'], rows);
}
