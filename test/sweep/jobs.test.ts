import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { byzsim, scenarioFile, tempDir } from '../e2e/cli.ts';
import { allFiles, gridDoc, resultFiles } from './helpers.ts';

test('--jobs 1 and --jobs 3 write byte-identical results, traces, configs and plans; wall time and the environment apart', async (t) => {
  const file = scenarioFile(gridDoc({ gars: ['average', 'median', 'krum'], seeds: [1, 2], n: 7 }));
  const [one, three] = [tempDir(), tempDir()];
  const r1 = await byzsim('run', file, '--out', one, '--jobs', '1', '--trace', '--no-report');
  t.is(r1.code, 0, r1.stderr);
  const r3 = await byzsim('run', file, '--out', three, '--jobs', '3', '--trace', '--no-report');
  t.is(r3.code, 0, r3.stderr);
  const [a, b] = [resultFiles(one), resultFiles(three)];
  t.is(a.size, 1 + 6 * 4, 'plan.json, and config, metrics, trace and done per configuration');
  t.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
  for (const [f, text] of a) t.is(b.get(f), text, f);
  t.is(r1.stdout, r3.stdout, 'same summary');
  for (const dir of [one, three]) {
    t.deepEqual(Object.keys(JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8'))).sort(), ['commit', 'jobs', 'node', 'platform', 'source', 'version']);
    const wall = JSON.parse(readFileSync(join(dir, 'gar=krum_seed=2', 'wall.json'), 'utf8'));
    t.true(Number.isInteger(wall.wallMs) && wall.wallMs > 0);
    t.false(
      allFiles(dir).some((f) => f.endsWith('.tmp')),
      'no temporary file left',
    );
  }
  t.is(JSON.parse(readFileSync(join(three, 'env.json'), 'utf8')).jobs, 3);
  t.false('wallMs' in JSON.parse(readFileSync(join(one, 'gar=krum_seed=2', 'done.json'), 'utf8')), 'done.json holds no wall time');
  t.false('threads' in JSON.parse(readFileSync(join(one, 'gar=krum_seed=2', 'config.json'), 'utf8')), 'config.json is the identity: no threads');
  // Without a terminal: one line per configuration started and finished, with its wall time.
  t.regex(r3.stderr, /\[6\/6\] gar=krum seed=2: started, backend \w+/);
  t.regex(r3.stderr, /\[6\/6\] gar=krum seed=2: finished, 6 steps in \d+\.\d s/);
});

test('run --json prints the summary as JSON: every configuration with its seed and cell', async (t) => {
  const out = tempDir();
  const r = await byzsim('run', scenarioFile(gridDoc({ steps: 3 })), '--out', out, '--seeds', '5,6', '--json');
  t.is(r.code, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  t.is(j.out, out);
  t.deepEqual(j.seeds, [5, 6]);
  t.deepEqual(
    j.runs.map((s: { slug: string; seed: number; cell: string; steps: number }) => [s.slug, s.seed, s.cell, s.steps]),
    [
      ['gar=average_seed=5', 5, 'gar=average', 3],
      ['gar=average_seed=6', 6, 'gar=average', 3],
      ['gar=median_seed=5', 5, 'gar=median', 3],
      ['gar=median_seed=6', 6, 'gar=median', 3],
    ],
  );
  t.is(j.report, `${out}/index.html`);
  t.true(existsSync(j.report));
});

test('overrides that clash with the grid or the seeds, and bad --jobs, --seeds, --queue, are one-line exit-2 errors', async (t) => {
  const file = scenarioFile(gridDoc({ seeds: [1, 2] }));
  const cases: [string[], RegExp][] = [
    [['--set', 'server.gar=krum'], /--set server\.gar=krum: conflicts with the grid key server\.gar/],
    [['--seed', '5'], /--seed 5: conflicts with seeds: \[1, 2\], which sets seed per run/],
    [['--jobs', '0'], /--jobs: 0 — must be an integer ≥ 1/],
    [['--seeds', '1,x'], /--seeds: "1,x" — must be integers ≥ 0 separated by commas/],
    [['--seeds', '2,2'], /--seeds: "2,2" — seeds must be distinct/],
    [['--queue', 'http://127.0.0.1:1/0'], /--queue: "http:\/\/127\.0\.0\.1:1\/0" — expected redis:\/\/host:port\/db/],
    [['--queue', 'redis://127.0.0.1:1/0'], /--queue: cannot reach redis:\/\/127\.0\.0\.1:1\/0/],
    [['--queue', 'redis://127.0.0.1:1/0', '--jobs', '2'], /--jobs: has no effect with --queue/],
  ];
  for (const [args, re] of cases) {
    const out = join(tempDir(), 'x');
    const r = await byzsim('run', file, '--out', out, ...args);
    t.is(r.code, 2, args.join(' '));
    t.regex(r.stderr, re, args.join(' '));
    t.is(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: one line`);
    t.false(existsSync(out), `${args.join(' ')}: nothing ran`);
  }
  const w = await byzsim('worker', '--queue', 'redis://127.0.0.1:1/0');
  t.is(w.code, 2);
  t.regex(w.stderr, /^byzsim: --queue: cannot reach redis:\/\/127\.0\.0\.1:1\/0/);
});
