import test from 'ava';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReportInputError, writeReport } from '../../src/report/index.ts';
import { seededRuns, writeFixture } from './fixture.ts';

const CELLS = [
  { cell: 'gar=median', label: 'gar=median', grid: { 'server.gar': 'median' }, top: 0.8 },
  { cell: 'gar=krum', label: 'gar=krum', grid: { 'server.gar': 'krum' }, top: 0.9 },
];

test('index.html records version, commit, Node, platform, backend, seeds and wall time, and every resolved configuration', (t) => {
  const runs = seededRuns(CELLS, [1, 2, 3]).map((r, i) => ({ ...r, wallMs: 1000 * (i + 1) }));
  const dir = writeFixture({
    seeds: [1, 2, 3],
    runs,
    env: { version: '0.1.0', source: '0123456789abcdef', commit: 'abc1234', node: 'v20.20.2', platform: 'linux-x64', jobs: 2 },
  });
  writeReport(dir);
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  for (const [k, v] of [
    ['byzsim version', '0.1.0 (code 0123456789abcdef)'],
    ['commit', 'abc1234'],
    ['Node.js', 'v20.20.2'],
    ['platform', 'linux-x64'],
    ['jobs', '2'],
    ['tfjs backend', 'cpu'],
    ['seeds', '1, 2, 3'],
    ['configurations × runs', '2 configurations, 6 runs'],
    ['wall time', '21.0 s summed over 6 of 6 runs'],
  ])
    t.true(html.includes(`<dt>${k}</dt><dd>${v}</dd>`), `${k}: ${v}`);
  t.is((html.match(/<details>/g) ?? []).length, 6, 'one collapsible configuration per run');
  t.regex(html, /<summary>gar=krum seed=2 <span class="meta">— seed 2, backend cpu, wall 5\.0 s<\/span><\/summary><pre>\{\n "name": "fixture",\n "seed": 2,/);
  t.is((html.match(/<figure>/g) ?? []).length, 2);
  t.regex(html, /<a href="accuracy\.csv">CSV<\/a>/);
});

test('without env.json or wall.json the page says "not recorded"; the runs stay as they were', (t) => {
  const dir = writeFixture({ runs: seededRuns(CELLS, [1]) });
  const before = readFileSync(join(dir, 'gar=krum-seed=1', 'metrics.jsonl'), 'utf8');
  writeReport(dir);
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  t.true(html.includes('<dt>commit</dt><dd>not recorded</dd>'));
  t.true(html.includes('<dt>wall time</dt><dd>not recorded</dd>'));
  t.true(html.includes('<dt>seeds</dt><dd>1</dd>'), 'the seed from config.json');
  t.is(readFileSync(join(dir, 'gar=krum-seed=1', 'metrics.jsonl'), 'utf8'), before);
});

test('a run directory the report cannot read is a one-line input error', (t) => {
  const dir = writeFixture({ runs: seededRuns(CELLS, [1]) });
  writeFileSync(join(dir, 'plan.json'), '{"runs": [{"slug": 3}]}');
  t.throws(() => writeReport(dir), { instanceOf: ReportInputError, message: /plan\.json: runs\[0\]: expected \{ slug, label \} strings/ });
  writeFileSync(join(dir, 'plan.json'), '{"runs": ');
  t.throws(() => writeReport(dir), { instanceOf: ReportInputError, message: /plan\.json: not valid JSON/ });
  t.throws(() => writeReport(join(dir, 'nope')), { instanceOf: ReportInputError, message: /no such directory/ });
});

test('a metrics.jsonl cut mid-line (a killed run) is drawn up to its last whole line', (t) => {
  const dir = writeFixture({ runs: seededRuns(CELLS.slice(0, 1), [1]) });
  const file = join(dir, 'gar=median-seed=1', 'metrics.jsonl');
  writeFileSync(file, readFileSync(file, 'utf8') + '{"step": 20, "timeMs": 2');
  writeReport(dir);
  t.is(readFileSync(join(dir, 'loss.csv'), 'utf8').trim().split('\n').length - 1, 20);
});
