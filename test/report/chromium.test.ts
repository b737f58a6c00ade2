/**
 * The report as a reader opens it: index.html in headless Chromium (Debian's `chromium`, driven
 * by playwright-core; `CHROMIUM_PATH` overrides /usr/bin/chromium). No console error, no failed
 * load, every figure's image decoded, the expected number of figures; the screenshot's path is
 * logged. CI installs chromium (.ci/run), so the skip below only happens on a bare machine.
 */
import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeReport } from '../../src/report/index.ts';
import { seededRuns, writeFixture } from './fixture.ts';

const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

function fixture(): string {
  const cells = [];
  for (const gar of ['average', 'median', 'krum'])
    for (const attack of ['alie', 'foe'])
      cells.push({
        cell: `${gar}-${attack}`,
        label: `${gar} ${attack}`,
        grid: { 'server.gar': gar, 'workers.attack': attack },
        top: gar === 'average' ? 0.2 : 0.85,
      });
  const report = { x: 'step', zoom: { fromStep: 4, toStep: 12 }, heatmap: { rows: 'server.gar', columns: 'workers.attack' } };
  return writeFixture({
    name: 'chromium check',
    seeds: [1, 2, 3],
    report,
    runs: seededRuns(cells, [1, 2, 3]),
    env: { version: '0.1.0', commit: 'test', node: process.version, platform: process.platform },
  });
}

const present = existsSync(executablePath);
const chromiumTest = present ? test : test.skip;
const why = present ? '' : ` (skipped: no Chromium at ${executablePath}; apt-get install -y chromium, or set CHROMIUM_PATH)`;

chromiumTest(`index.html opens in headless Chromium with no console error and all its figures drawn${why}`, async (t) => {
  const dir = fixture();
  writeReport(dir, { formats: ['svg', 'png'] });
  // accuracy, loss, two zooms (accuracy, loss), heatmap
  const expected = 5;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, headless: true, args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (q) => problems.push(`failed to load ${q.url()}`));
    await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });
    type Img = { naturalWidth: number; naturalHeight: number; complete: boolean }; // the DOM's HTMLImageElement (no DOM lib here)
    const figures = await page.$$eval('figure img', (imgs) =>
      imgs.map((i) => ({
        src: i.getAttribute('src'),
        w: (i as unknown as Img).naturalWidth,
        h: (i as unknown as Img).naturalHeight,
        ok: (i as unknown as Img).complete,
      })),
    );
    t.deepEqual(problems, []);
    t.is(figures.length, expected, figures.map((f) => f.src).join(', '));
    for (const f of figures) t.true(f.ok && f.w > 0 && f.h > 0, `${f.src} decoded`);
    t.is(await page.$$eval('details', (d) => d.length), 18, 'one configuration block per run');
    t.is(await page.title(), 'chromium check');
    const screenshot = join(dir, 'index.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    t.true(readFileSync(screenshot).length > 10_000);
    t.log(`screenshot: ${screenshot}`);
  } finally {
    await browser.close();
  }
});
