import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { byzsim, tempDir } from '../e2e/cli.ts';

test('byzsim run --format svg,png: every figure in both formats with its CSV, and the page', async (t) => {
  const out = tempDir();
  const r = await byzsim('run', 'test/fixtures/small.yaml', '--out', out, '--format', 'svg,png');
  t.is(r.code, 0, r.stderr);
  for (const f of ['accuracy.svg', 'accuracy.png', 'accuracy.csv', 'loss.svg', 'loss.png', 'loss.csv', 'index.html']) t.true(existsSync(join(out, f)), f);
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  t.regex(html, /<img src="accuracy\.svg"/);
  t.true(html.includes('<dt>tfjs backend</dt><dd>wasm</dd>') || html.includes('<dt>tfjs backend</dt><dd>tensorflow</dd>'), 'the backend from done.json');
  t.regex(html, /<details><summary>small <span class="meta">— seed 3, backend \w+/, 'the seed from config.json');
  t.notRegex(readFileSync(join(out, 'small', 'done.json'), 'utf8'), /wall|node|commit/i, 'the results hold no machine-dependent fact');
});

test('--format and --band take only what they name: a one-line error, exit 2', async (t) => {
  const out = tempDir();
  const bad = await byzsim('run', 'test/fixtures/small.yaml', '--out', out, '--format', 'svg,gif');
  t.is(bad.code, 2);
  t.is(bad.stderr.trim(), 'byzsim: --format: "svg,gif" — must be a comma-separated list of svg, png');
  t.false(existsSync(join(out, 'plan.json')), 'nothing ran');
  const band = await byzsim('report', out, '--band', 'iqr');
  t.is(band.code, 2);
  t.is(band.stderr.trim(), 'byzsim: --band: iqr — must be sd or minmax');
});
