/**
 * Draw a run directory's report from what the runs wrote (see read.ts), so a figure can be
 * redrawn without re-running: the figures of figures.ts as SVG and/or PNG with a CSV of each,
 * and index.html. The layout (panels, one style per configuration) is decided once for the whole
 * report (layout.ts). Figure kinds: line.ts (one panel, bands), small-multiples.ts,
 * heatmap.ts, image-grid.ts; shared pieces: palette, labels, axes, panel, legend, text, csv, png.
 */
import { join } from 'node:path';
import { groupCells } from './cells.ts';
import { reportFigures } from './figures.ts';
import type { Format } from './formats.ts';
import { formatWall, indexHtml, type HtmlFigure } from './html.ts';
import { axisName } from './labels.ts';
import { planLayout } from './layout.ts';
import { svgToPng } from './png.ts';
import { readEnv, readPlan, readRuns, ReportInputError, type Plan, type RunEnv, type RunRecord, type ReportSpec } from './read.ts';
import { finalTable } from './table.ts';
import { writeAtomic } from './write.ts';

export { readPlan, readRuns, ReportInputError, type Plan, type ReportSpec, type RunRecord } from './read.ts';

export { FORMATS, type Format } from './formats.ts';

export interface ReportOptions extends ReportSpec {
  /** Image formats to write (default: svg). */
  readonly formats?: readonly Format[];
}

const defined = <T extends object>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

function facts(plan: Plan, runs: readonly RunRecord[], cells: number, env: RunEnv | undefined, split: readonly string[]): [string, string][] {
  const none = 'not recorded';
  const backends = [...new Set(runs.map((r) => r.summary?.backend).filter((b): b is string => !!b))];
  const seeds = plan.seeds ?? [...new Set(runs.map((r) => r.seed).filter((s): s is number => s !== undefined))];
  const walls = runs.map((r) => r.wallMs).filter((w): w is number => w !== undefined);
  const wall = walls.length ? `${formatWall(walls.reduce((a, b) => a + b, 0))} summed over ${walls.length} of ${runs.length} runs` : none;
  return [
    ['scenario', plan.scenario ? `${plan.scenario}${plan.size ? ` (size ${plan.size})` : ' (full size)'}` : none],
    ['byzsim version', env?.version ? `${env.version}${env.source ? ` (code ${env.source})` : ''}` : none],
    ['commit', env?.commit ?? none],
    ['Node.js', env?.node ?? none],
    ['platform', env?.platform ?? none],
    ['jobs', env?.jobs !== undefined ? String(env.jobs) : none],
    ['tfjs backend', backends.join(', ') || none],
    ['seeds', seeds.length ? seeds.join(', ') : none],
    ['configurations × runs', `${cells} configurations, ${runs.length} runs`],
    ['wall time', wall],
    ['panels', split.length ? `one per ${split.map(axisName).join(' × ')}` : 'one panel per figure'],
  ];
}

/** Write the figures and index.html into `dir`; returns the files written (index.html last). */
export function writeReport(dir: string, opts: ReportOptions = {}): string[] {
  const plan = readPlan(dir);
  const { formats = ['svg'], ...overrides } = opts;
  const spec: ReportSpec = { ...plan.report, ...defined(overrides) };
  const runs = readRuns(dir, plan);
  if (runs.length === 0) throw new ReportInputError(`report: no run with a metrics.jsonl under ${dir}`);
  const cells = groupCells(runs);
  const layout = planLayout(cells, spec);
  const title = spec.title ?? plan.name ?? 'byzsim report';
  const figures = reportFigures(layout, plan, spec, title);
  const written: string[] = [];
  const shown: HtmlFigure[] = [];
  for (const f of figures) {
    const files: Partial<Record<Format | 'csv', string>> = { csv: `${f.name}.csv` };
    writeAtomic(join(dir, files.csv!), f.csv);
    written.push(files.csv!);
    for (const format of formats) {
      files[format] = `${f.name}.${format}`;
      writeAtomic(join(dir, files[format]!), format === 'svg' ? f.svg : svgToPng(f.svg));
      written.push(files[format]!);
    }
    shown.push({ file: files.svg ?? files.png!, png: files.png, csv: files.csv, caption: f.caption });
  }
  const seeds = cells.some((c) => c.runs.length > 1) ? ` over ${Math.max(...cells.map((c) => c.runs.length))} seeds` : '';
  writeAtomic(
    join(dir, 'index.html'),
    indexHtml({
      title,
      intro: `${plan.description ? `${plan.description}. ` : ''}${cells.length} configuration(s)${seeds}${plan.scenario ? ` of ${plan.scenario}` : ''}, read from ${dir}.`,
      facts: facts(plan, runs, cells.length, readEnv(dir), layout.split),
      figures: shown,
      table: finalTable(cells),
      runs: runs.map((r) => ({
        label: r.label,
        seed: r.seed,
        backend: r.summary?.backend,
        wallMs: r.wallMs,
        stalled: r.summary?.stalled,
        stall: r.summary?.stalled ? stallText(r.summary) : undefined,
        config: r.configText,
      })),
    }),
  );
  return [...written, 'index.html'];
}

/** A stalled run's reason as the report says it: `reason: detail` (what done.json recorded). */
function stallText(s: { readonly reason?: string; readonly detail?: string; readonly steps: number }): string {
  return s.reason ? `${s.reason}${s.detail ? `: ${s.detail}` : ''}` : `after ${s.steps} steps (no reason recorded)`;
}
