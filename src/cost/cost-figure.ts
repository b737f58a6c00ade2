/**
 * The efficiency table drawn and written: `cost.svg` (report/log-bars.ts: per rule, our
 * plaintext and HE seconds — estimates hollow and dashed — beside the survey's figures, on a log
 * axis), `cost.csv` (the table's numbers) and, when asked, `cost.png`. Files are written
 * atomically (a kill loses nothing finished).
 */
import { join } from 'node:path';
import type { Format } from '../report/formats.ts';
import { logBars, type LogBar } from '../report/log-bars.ts';
import { svgToPng } from '../report/png.ts';
import { toCsv } from '../report/csv.ts';
import { writeAtomic } from '../report/write.ts';
import { seconds, tableRows } from './cost-table.ts';
import type { CostReport } from './run-cost.ts';
import { SURVEY } from './survey.ts';

const SERIES = ['plaintext (ours)', 'HE (ours; hollow: estimate)', 'plaintext (survey)', 'HE (survey)'] as const;

export function costSvg(r: CostReport): string {
  const { n, d, f } = r.options;
  const groups = tableRows(r).map((row) => {
    const survey = SURVEY[row.rule] ?? {};
    const bars: LogBar[] = [{ series: SERIES[0], value: row.plaintextS, text: seconds(row.plaintextS) }];
    if (row.heS !== undefined)
      bars.push({
        series: SERIES[1],
        value: row.heS,
        estimate: row.heKind === 'estimate',
        text: `${seconds(row.heS)}${row.heKind === 'estimate' ? ' (estimate)' : ''}`,
      });
    if (survey.plaintextS !== undefined) bars.push({ series: SERIES[2], value: survey.plaintextS, text: seconds(survey.plaintextS) });
    if (survey.heS !== undefined) bars.push({ series: SERIES[3], value: survey.heS, text: survey.he!.split(' (')[0] });
    return { label: row.rule, bars };
  });
  return logBars({
    title: `One aggregation, n = ${n}, d = ${d}, f = ${f}: plaintext vs homomorphic (CKKS, node-seal) on this machine, beside seed 001's figures (other machines, schemes and d)`,
    valueName: 'seconds per aggregation (log scale)',
    series: SERIES,
    groups,
  });
}

export function costCsv(r: CostReport): string {
  const rows = tableRows(r).map((t) => [t.rule, t.plaintextS, t.heS, t.heKind, SURVEY[t.rule]?.plaintextS, SURVEY[t.rule]?.heS, SURVEY[t.rule]?.he]);
  return toCsv(['rule', 'plaintext s', 'HE s', 'HE how', 'survey plaintext s', 'survey HE s', 'survey HE'], rows);
}

/** Write cost.csv and the figure in each format into `dir` (created by the caller); returns the files. */
export function writeCostFigure(r: CostReport, dir: string, formats: readonly Format[]): string[] {
  const svg = costSvg(r);
  const files: [string, string | Uint8Array][] = [
    ['cost.csv', costCsv(r)],
    ['cost.json', `${JSON.stringify(r)}\n`],
  ];
  if (formats.includes('svg')) files.push(['cost.svg', svg]);
  if (formats.includes('png')) files.push(['cost.png', svgToPng(svg)]);
  return files.map(([name, data]) => {
    writeAtomic(join(dir, name), data);
    return join(dir, name);
  });
}
