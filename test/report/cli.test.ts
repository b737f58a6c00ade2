import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { byzsim, tempDir } from '../e2e/cli.ts';

test('byzsim run --format svg,png: figures in both formats, env.json and wall.json beside the results', async (t) => {
  const out = tempDir();
  const r = await byzsim('run', 'test/fixtures/small.yaml', '--out', out, '--format', 'svg,png');
  t.is(r.code, 0, r.stderr);
  for (const f of ['accuracy.svg', 'accuracy.png', 'accuracy.csv', 'loss.png', 'index.html']) t.true(existsSync(join(out, f)), f);
  const env = JSON.parse(readFileSync(join(out, 'env.json'), 'utf8'));
  t.is(env.version, JSON.parse(readFileSync('package.json', 'utf8')).version);
  t.is(env.node, process.version);
  t.regex(env.commit ?? 'no checkout', /^[0-9a-f]{40}(-dirty)?$|^no checkout$/);
  const wall = JSON.parse(readFileSync(join(out, 'small', 'wall.json'), 'utf8'));
  t.true(Number.isInteger(wall.wallMs) && wall.wallMs >= 0);
  const done = readFileSync(join(out, 'small', 'done.json'), 'utf8');
  t.notRegex(done, /wall|node|commit/i, 'done.json holds no machine-dependent fact');
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  t.true(html.includes(`<dt>Node.js</dt><dd>${process.version}</dd>`));
  t.regex(html, /<dt>wall time<\/dt><dd>[\d.]+ (ms|s) summed over 1 of 1 runs<\/dd>/);
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
