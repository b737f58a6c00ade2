import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeReport } from '../../src/report/index.ts';
import { summarise } from '../../src/report/stats.ts';
import { curve, seededRuns, writeFixture } from './fixture.ts';

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;
const CELLS = [
  { cell: 'gar=average', label: 'gar=average', grid: { 'server.gar': 'average' }, top: 0.3 },
  { cell: 'gar=median', label: 'gar=median', grid: { 'server.gar': 'median' }, top: 0.8 },
  { cell: 'gar=krum', label: 'gar=krum', grid: { 'server.gar': 'krum' }, top: 0.9 },
];

test('three seeds per configuration: one band path per configuration, a mean line each, mean ± sd in the table', (t) => {
  const dir = writeFixture({ seeds: [1, 2, 3], runs: seededRuns(CELLS, [1, 2, 3]) });
  writeReport(dir);
  for (const fig of ['accuracy.svg', 'loss.svg']) {
    const svg = readFileSync(join(dir, fig), 'utf8');
    t.is(count(svg, /<path class="band"/g), 3, `${fig}: one band per configuration`);
    t.is(count(svg, /<path class="line"/g), 3, `${fig}: one mean line per configuration, not one per seed`);
    for (const c of CELLS) t.regex(svg, new RegExp(`class="band" data-series="GAR = ${c.grid['server.gar']}"`));
  }
  // the mean ± sd of the final accuracy over the three seeds, as the table shows it
  const finals = [1, 2, 3].map((s) => curve(20, 0.8, s)[19].testAccuracy!);
  const s = summarise(finals);
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  t.true(html.includes(`<td>${Number(s.mean.toPrecision(4))} ± ${Number(s.sd.toPrecision(2))}</td>`), 'final accuracy as mean ± sd');
  t.regex(html, /<th>seeds<\/th>/);
  t.regex(html, /<td>1, 2, 3<\/td>/);
  t.true(s.sd > 0.015 && s.sd < 0.025, 'the seeds differ by 0.02 each: sd 0.02');
  // the CSV holds the mean and its band for every plotted point
  const csv = readFileSync(join(dir, 'accuracy.csv'), 'utf8').trim().split('\n');
  t.is(csv[0], 'panel,series,virtual time (ms),test accuracy,test accuracy low,test accuracy high,seeds');
  t.is(csv.length - 1, 3 * 4, '4 evaluations × 3 configurations');
  const median = csv
    .slice(1)
    .map((l) => l.split(','))
    .filter((f) => f[1] === 'GAR = median')
    .at(-1)!;
  t.is(Number(median[3]), s.mean);
  t.true(Math.abs(Number(median[4]) - (s.mean - s.sd)) < 1e-12 && Math.abs(Number(median[5]) - (s.mean + s.sd)) < 1e-12);
  t.is(median[6], '3');
});

test('band: minmax shades [min, max] over seeds', (t) => {
  const dir = writeFixture({ seeds: [1, 2, 3], report: { band: 'minmax' }, runs: seededRuns(CELLS.slice(1, 2), [1, 2, 3]) });
  writeReport(dir);
  const last = readFileSync(join(dir, 'accuracy.csv'), 'utf8').trim().split('\n').at(-1)!.split(',');
  const finals = [1, 2, 3].map((s) => curve(20, 0.8, s)[19].testAccuracy!);
  t.is(Number(last[4]), Math.min(...finals));
  t.is(Number(last[5]), Math.max(...finals));
  t.regex(readFileSync(join(dir, 'index.html'), 'utf8'), /bands min–max/);
});

test('runs without cells (plans written before seeds) draw one line per run and no band', (t) => {
  const runs = CELLS.map((c, i) => ({ slug: c.cell, label: c.label, grid: c.grid, rows: curve(20, c.top, i) }));
  const dir = writeFixture({ runs });
  writeReport(dir);
  const svg = readFileSync(join(dir, 'accuracy.svg'), 'utf8');
  t.is(count(svg, /<path class="band"/g), 0);
  t.is(count(svg, /<path class="line"/g), 3);
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  t.notRegex(html, /<th>seeds<\/th>/);
  t.notRegex(html, / ± /, 'a single seed is a value, not a mean ± sd');
});

test('seeds that stop at different steps: each step is the mean of the seeds that reached it', (t) => {
  const runs = seededRuns(CELLS.slice(0, 1), [1, 2], 20);
  const short = { ...runs[1], rows: runs[1].rows.slice(0, 10), stalled: true };
  const dir = writeFixture({ seeds: [1, 2], runs: [runs[0], short] });
  writeReport(dir);
  const rows = readFileSync(join(dir, 'loss.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  t.is(rows.length, 20);
  t.is(rows[5].at(-1), '2');
  t.is(rows[15].at(-1), '1');
  t.regex(readFileSync(join(dir, 'index.html'), 'utf8'), /\(stalled: 1 of 2 seeds\)/);
});
