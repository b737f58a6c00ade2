import test from 'ava';
import { Resvg } from '@resvg/resvg-js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeReport } from '../../src/report/index.ts';
import { textWidth } from '../../src/report/text.ts';
import { seededRuns, writeFixture } from './fixture.ts';

const pngSize = (b: Buffer) => ({ width: b.readUInt32BE(16), height: b.readUInt32BE(20) });

test('formats svg,png: every figure as SVG and as a 2× PNG, the page showing the SVG and linking the PNG', (t) => {
  const dir = writeFixture({ seeds: [1, 2], runs: seededRuns([{ cell: 'a', label: 'a', grid: { 'server.gar': 'median' }, top: 0.8 }], [1, 2]) });
  const files = writeReport(dir, { formats: ['svg', 'png'] });
  for (const name of ['accuracy', 'loss']) {
    t.true(files.includes(`${name}.svg`) && files.includes(`${name}.png`) && files.includes(`${name}.csv`));
    const png = readFileSync(join(dir, `${name}.png`));
    t.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG');
    const svg = readFileSync(join(dir, `${name}.svg`), 'utf8');
    const [, w, h] = /<svg[^>]*width="(\d+)" height="(\d+)"/.exec(svg)!;
    t.deepEqual(pngSize(png), { width: 2 * Number(w), height: 2 * Number(h) });
  }
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  t.regex(html, /<img src="accuracy\.svg"/);
  t.regex(html, /<a href="accuracy\.png">PNG<\/a>/);
  const pngOnly = writeFixture({ runs: seededRuns([{ cell: 'a', label: 'a', grid: {}, top: 0.8 }], [1]) });
  const only = writeReport(pngOnly, { formats: ['png'] });
  t.false(only.some((f) => f.endsWith('.svg')));
  t.regex(readFileSync(join(pngOnly, 'index.html'), 'utf8'), /<img src="accuracy\.png"/);
});

test('the width estimate that titles are wrapped with is never below the width resvg lays the text out at', (t) => {
  const strings = [
    'DLG on mlp-784-100-10, batch 8, noise std 0.01',
    'seed000-small: final test accuracy vs batch size b',
    '0123456789',
    'MMMWWW mmmwww',
    'iiilll tttfff',
    'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    'ε = ∞, b = 10 — σ γ ‖wᵢ − w̄‖',
  ];
  for (const bold of [false, true])
    for (const s of strings) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="2000" height="40"><text x="0" y="20" style="font-family:'DejaVu Sans',sans-serif;font-size:14px${bold ? ';font-weight:bold' : ''}">${s}</text></svg>`;
      const box = new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } }).innerBBox();
      t.truthy(box, 'a font is installed');
      t.true(box!.width <= textWidth(s, 14, bold), `${bold ? 'bold ' : ''}${s}: ${box!.width} > ${textWidth(s, 14, bold)}`);
    }
});
