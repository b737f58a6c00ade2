import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveAxes } from '../../src/report/axes.ts';
import { imageGrid } from '../../src/report/image-grid.ts';
import { writeReport } from '../../src/report/index.ts';
import { useLog } from '../../src/report/labels.ts';
import { lineChart } from '../../src/report/line.ts';
import { OKABE_ITO, styleAt } from '../../src/report/palette.ts';
import { textWidth } from '../../src/report/text.ts';
import { curve, seededRuns, writeFixture, type FixtureRun } from './fixture.ts';

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;
const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');
/** series label → stroke colour of its line in an SVG. */
const strokes = (svg: string) => new Map([...svg.matchAll(/<path class="line" data-series="([^"]+)" fill="none" stroke="([^"]+)"/g)].map((m) => [m[1], m[2]]));

test('the palette is Okabe–Ito with a marker per series; the first 56 styles are distinct', (t) => {
  const styles = Array.from({ length: 56 }, (_, i) => styleAt(i));
  t.true(styles.every((s) => (OKABE_ITO as readonly string[]).includes(s.color)));
  t.is(new Set(styles.map((s) => `${s.color}|${s.marker}`)).size, 56);
  t.is(new Set(styles.slice(0, 8).map((s) => s.color)).size, 8);
});

test('a configuration keeps its colour in every figure, whatever subset a figure shows', (t) => {
  const runs: FixtureRun[] = ['average', 'median', 'krum'].map((gar, i) => ({
    slug: `gar=${gar}`,
    label: `gar=${gar}`,
    grid: { 'server.gar': gar },
    // only krum and median log a VN ratio: the VN figure shows a subset, in another position
    rows: curve(10, 0.5 + 0.1 * i, 1, (s) => (gar === 'average' ? {} : { vnRatio: 0.5 + s / 10 })),
  }));
  const dir = writeFixture({ runs: [runs[0], runs[2], runs[1]] });
  writeReport(dir);
  const acc = strokes(read(dir, 'accuracy.svg'));
  const loss = strokes(read(dir, 'loss.svg'));
  const vn = strokes(read(dir, 'vn-ratio.svg'));
  t.is(acc.size, 3);
  t.is(vn.size, 2);
  for (const [label, colour] of vn) t.is(acc.get(label), colour, label);
  for (const [label, colour] of loss) t.is(acc.get(label), colour, label);
  t.is(new Set(acc.values()).size, 3, 'three configurations, three colours');
  t.regex(read(dir, 'accuracy.svg'), /<path class="marker"/, 'lines carry markers');
});

test('a crowded figure is split into panels by a grid key, at most maxLines lines per panel', (t) => {
  const cells = [];
  for (const gar of ['average', 'median', 'krum', 'mda', 'bulyan', 'trimmed-mean'])
    for (const attack of ['alie', 'foe', 'sign-flip'])
      cells.push({ cell: `${gar}-${attack}`, label: `${gar} ${attack}`, grid: { 'server.gar': gar, 'workers.attack': attack }, top: 0.5 });
  const dir = writeFixture({ runs: seededRuns(cells, [1]) });
  writeReport(dir);
  const svg = read(dir, 'accuracy.svg');
  // 18 configurations: splitting by attack leaves 6 lines per panel, by GAR 3: the greedy choice is GAR
  t.is(count(svg, /class="ptitle"/g), 6, 'six panels');
  t.regex(svg, /GAR = krum/);
  t.is(count(svg, /<path class="line"/g), 18);
  t.regex(read(dir, 'index.html'), /one per aggregation rule/);
  // the legend lists each series (an attack) once, the same colour in every panel
  t.is(count(svg, /<g class="legend"/g), 1);
  t.regex(svg, /<g class="legend"[^>]*><text[^>]*>attack<\/text>.*?<tspan[^>]*>foe<\/tspan>/s, 'the shared name heads the legend, entries show the values');
  const colours = [...svg.matchAll(/<path class="line" data-series="attack = foe" fill="none" stroke="([^"]+)"/g)].map((m) => m[1]);
  t.is(colours.length, 6);
  t.is(new Set(colours).size, 1);
  // with a higher threshold, one panel
  const wide = writeFixture({ report: { maxLines: 20 }, runs: seededRuns(cells, [1]) });
  writeReport(wide);
  t.is(count(read(wide, 'accuracy.svg'), /class="ptitle"/g), 0);
});

test('log axes where the data span decades, linear where the label table says so', (t) => {
  t.true(useLog([10, 50, 100, 500], true), 'batch sizes: a decade and more');
  t.false(useLog([10, 50], true));
  t.false(useLog([0.1, 0.9], false), 'accuracy: never');
  t.true(useLog([0.001, 2], undefined), 'three decades: log whatever the table says');
  t.false(useLog([0, 10, 1000], true), 'a zero cannot go on a log axis');
  const axes = resolveAxes(
    [
      {
        title: '',
        series: [
          {
            key: 'a',
            label: 'a',
            style: styleAt(0),
            points: [
              { x: 10, y: 0.5 },
              { x: 500, y: 0.9 },
            ],
          },
        ],
      },
    ],
    { xLabel: 'b', yLabel: 'acc', xLog: true, yLog: false, yDomain: [0, 1] },
  );
  t.true(axes.xLog);
  t.false(axes.yLog);
  t.deepEqual(axes.yDomain, [0, 1]);
});

test('summary: final accuracy against the batch size on a log x axis named from the label table', (t) => {
  const cells = [];
  for (const v of ['average (no attack)', 'MDA vs ALIE'])
    for (const b of [10, 50, 100, 500])
      cells.push({ cell: `${v}-${b}`, label: `${v} batch=${b}`, variant: v, grid: { 'workers.batch': b }, top: v.startsWith('MDA') ? b / 600 : 0.9 });
  const dir = writeFixture({ seeds: [1, 2, 3], report: { summary: 'workers.batch', x: 'step' }, runs: seededRuns(cells, [1, 2, 3]) });
  writeReport(dir);
  const svg = read(dir, 'summary.svg');
  t.regex(svg, />batch size b</);
  t.notRegex(svg, /workers\.batch/);
  t.is(count(svg, /<path class="band"/g), 2, 'one band per line (mean over seeds at each batch size)');
  // log axis: 10 → 100 and 100 → 1000 take the same width
  const ticks = new Map(
    [...svg.matchAll(/<g class="tick" opacity="1" transform="translate\(([\d.]+),0\)"><line[^>]*><\/line><text[^>]*>([^<]*)<\/text>/g)].map((m) => [
      m[2],
      Number(m[1]),
    ]),
  );
  t.true((ticks.has('10') && ticks.has('100') && ticks.has('1,000')) || ticks.has('1000'), [...ticks.keys()].join(' '));
  const k1000 = ticks.get('1,000') ?? ticks.get('1000')!;
  t.true(Math.abs(ticks.get('100')! - ticks.get('10')! - (k1000 - ticks.get('100')!)) < 0.5);
  const csv = read(dir, 'summary.csv').trim().split('\n');
  t.is(csv[0], 'panel,series,batch size b,final test accuracy,final test accuracy low,final test accuracy high,seeds');
  t.is(csv.length - 1, 8);
});

test('summary of a metrics field (report.summaryMetric): each run’s mean of the field over its rows, against the key', (t) => {
  // DLG-like rows: psnr per attacked step, no test accuracy
  const runs: FixtureRun[] = [1, 4, 16].flatMap((b) =>
    [1, 2].map((seed) => ({
      slug: `b=${b}-seed=${seed}`,
      label: `batch=${b} seed=${seed}`,
      grid: { 'workers.batch': b, seed },
      seed,
      cell: `b=${b}`,
      rows: [{ psnr: 60 / b + seed }, { psnr: 60 / b + seed + 2 }],
    })),
  );
  const dir = writeFixture({ seeds: [1, 2], report: { summary: 'workers.batch', summaryMetric: 'psnr', x: 'step' }, runs });
  writeReport(dir);
  const svg = read(dir, 'summary.svg');
  t.regex(svg, />reconstruction PSNR \(dB\)</);
  t.regex(svg, /reconstruction PSNR \(dB\) vs batch size b/);
  const csv = read(dir, 'summary.csv').trim().split('\n');
  t.is(csv[0], 'panel,series,batch size b,reconstruction PSNR (dB),reconstruction PSNR (dB) low,reconstruction PSNR (dB) high,seeds');
  // b = 4: seeds' means 15 + 1 + 1 = 17 and 18: mean 17.5
  const b4 = csv.find((l) => l.split(',')[2] === '4')!.split(',');
  t.is(Number(b4[3]), 17.5);
  t.is(Number(b4[6]), 2);
});

test('attack-onset zoom: report.zoom draws the chosen steps only', (t) => {
  const dir = writeFixture({
    report: { zoom: { fromStep: 5, toStep: 12 } },
    runs: seededRuns([{ cell: 'a', label: 'a', grid: { 'workers.attack': 'alie' }, top: 0.9 }], [1, 2]),
  });
  const files = writeReport(dir);
  t.true(files.includes('zoom-trainLoss.svg') && files.includes('zoom-testAccuracy.svg'));
  const steps = read(dir, 'zoom-trainLoss.csv')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => Number(l.split(',')[2]));
  t.deepEqual(steps, [5, 6, 7, 8, 9, 10, 11, 12]);
  t.regex(read(dir, 'zoom-trainLoss.svg'), /steps 5–12/);
});

test('heatmap: GAR × attack final accuracy, mean ± sd over seeds, the best GAR of each attack outlined', (t) => {
  const tops: Record<string, Record<string, number>> = {
    average: { alie: 0.2, foe: 0.1, none: 0.9 },
    median: { alie: 0.5, foe: 0.7, none: 0.85 },
    krum: { alie: 0.6, foe: 0.4, none: 0.8 },
  };
  const cells = Object.entries(tops).flatMap(([gar, byAttack]) =>
    Object.entries(byAttack).map(([attack, top]) => ({
      cell: `${gar}-${attack}`,
      label: `${gar} ${attack}`,
      grid: { 'server.gar': gar, 'workers.attack': attack },
      top,
    })),
  );
  const dir = writeFixture({ seeds: [1, 2, 3], report: { heatmap: { rows: 'server.gar', columns: 'workers.attack' } }, runs: seededRuns(cells, [1, 2, 3]) });
  writeReport(dir);
  const svg = read(dir, 'heatmap.svg');
  t.is(count(svg, /<rect class="cell"/g), 9);
  t.is(count(svg, /<rect class="best"/g), 3, 'one best cell per column');
  t.regex(svg, /± 0\.020 \(3\)/);
  const csv = read(dir, 'heatmap.csv')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  t.deepEqual(csv[0], ['panel', 'aggregation rule', 'attack', 'final test accuracy', 'sd', 'seeds', 'best in column']);
  const best = csv
    .slice(1)
    .filter((r) => r[6] === 'true')
    .map((r) => `${r[1]}/${r[2]}`)
    .sort();
  t.deepEqual(best, ['average/none', 'krum/alie', 'median/foe']);
  // cells that read the same at the precision shown are all outlined
  const tied = writeFixture({
    report: { heatmap: { rows: 'server.gar', columns: 'workers.attack' } },
    runs: seededRuns(
      [
        { cell: 'a', label: 'a', grid: { 'server.gar': 'median', 'workers.attack': 'alie' }, top: 0.9 },
        { cell: 'b', label: 'b', grid: { 'server.gar': 'krum', 'workers.attack': 'alie' }, top: 0.9 + 1e-5 },
      ],
      [2],
    ),
  });
  writeReport(tied);
  t.is(count(read(tied, 'heatmap.svg'), /<rect class="best"/g), 2);
});

test('protocol figures come from plan.json, drawn generically; old plans without them get one figure per extra field', (t) => {
  const rows = (seed: number) => curve(10, 0.8, seed, (s) => ({ drift: 10 ** (-s / 3), spread: s }));
  const figures = [
    { metric: 'spread', file: 'replica-spread.svg', title: 'spread of the replicas', yLabel: 'spread', caption: 'How far apart the replicas are.' },
  ];
  const withFigures = writeFixture({ figures, runs: [{ slug: 'a', label: 'a', rows: rows(1) }] });
  const files = writeReport(withFigures, { formats: ['svg'] });
  t.true(files.includes('replica-spread.svg') && files.includes('replica-spread.csv'), 'the file name the plan gives');
  t.false(files.includes('drift.svg'), 'only the figures the plan lists');
  t.regex(read(withFigures, 'replica-spread.svg'), />spread</);
  t.regex(read(withFigures, 'index.html'), /How far apart the replicas are\./);
  // a plan written before figures were declared: every numeric field beyond the core ones
  const old = writeFixture({ runs: [{ slug: 'a', label: 'a', rows: rows(1) }] });
  const oldFiles = writeReport(old);
  t.true(oldFiles.includes('drift.svg') && oldFiles.includes('spread.svg'));
  t.false(oldFiles.includes('banned.svg'), 'no run logged bans');
  t.false(
    oldFiles.some((f) => /^(sent|stale|used)\./.test(f)),
    'core fields are not figures of their own',
  );
  t.regex(read(old, 'drift.svg'), />drift: max ‖wᵢ − w̄‖ over correct nodes</, 'axis name from the label table');
  t.regex(read(old, 'drift.svg'), /tick[^>]*>.{0,200}>0\.01</s, 'drift spans three decades: log axis');
});

/** The title's font size and lines (its tspans). */
function titleOf(svg: string): { px: number; lines: string[]; width: number } {
  const m =
    /<text class="title"[^>]*style="font-size:(\d+)px[^"]*"[^>]*>(.*?)<\/text>/s.exec(svg) ??
    /<text[^>]*style="font-size:(\d+)px[^"]*"[^>]*class="title"[^>]*>(.*?)<\/text>/s.exec(svg);
  if (!m) throw new Error('no title');
  return {
    px: Number(m[1]),
    lines: [...m[2].matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((x) => x[1]),
    width: Number(/<svg[^>]*width="(\d+)"/.exec(svg)![1]),
  };
}

test('long titles wrap (and shrink) inside the figure instead of running off it', (t) => {
  const title = 'DLG on mlp-784-100-10, batch 8, noise std 0.01, 300 iterations: mean MSE 1.23e-2, PSNR 19.1 dB, labels recovered by iDLG';
  const grid = titleOf(imageGrid({ title, side: 4, rows: [{ label: 'original', images: [new Float32Array(16).fill(0.5)] }] }));
  t.true(grid.lines.length >= 2, 'wrapped');
  t.is(grid.lines.join(' '), title, 'nothing lost');
  for (const l of grid.lines) t.true(8 + textWidth(l, grid.px, true) <= grid.width - 8, l);
  const long = title.repeat(4);
  const chart = titleOf(
    lineChart({
      title: long,
      axes: { xLabel: 'x', yLabel: 'y' },
      panel: {
        title: '',
        series: [
          {
            key: 'a',
            label: 'a',
            style: styleAt(0),
            points: [
              { x: 0, y: 1 },
              { x: 1, y: 2 },
            ],
          },
        ],
      },
    }),
  );
  t.true(chart.px < 14, 'more than three lines at 14 px: shrunk');
  t.is(chart.lines.join(' '), long);
  for (const l of chart.lines) t.true(8 + textWidth(l, chart.px, true) <= chart.width - 8, l);
});
