import test from 'ava';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { byzsim, scenarioFile, tempDir } from './cli.ts';

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

test('the same scenario and seed twice give byte-identical metrics and traces', async (t) => {
  const [a, b] = [tempDir(), tempDir()];
  const [ra, rb] = await Promise.all([
    byzsim('run', 'test/fixtures/small.yaml', '--out', a, '--trace', '--no-report'),
    byzsim('run', 'test/fixtures/small.yaml', '--out', b, '--trace', '--no-report'),
  ]);
  t.is(ra.code, 0, ra.stderr);
  t.is(rb.code, 0, rb.stderr);
  for (const f of ['metrics.jsonl', 'trace.jsonl', 'config.json'])
    t.is(readFileSync(join(a, 'small', f), 'utf8'), readFileSync(join(b, 'small', f), 'utf8'), f);
  const metrics = lines(join(a, 'small', 'metrics.jsonl'));
  t.is(metrics.length, 12);
  t.true(metrics[11].dropped > 0 && metrics[11].duplicated > 0, 'loss and duplication happened');
  t.true(lines(join(a, 'small', 'trace.jsonl')).some((r) => r.ev === 'deliver'));
  const other = tempDir();
  t.is((await byzsim('run', 'test/fixtures/small.yaml', '--out', other, '--seed', '4', '--no-report')).code, 0);
  t.not(readFileSync(join(other, 'small', 'metrics.jsonl'), 'utf8'), readFileSync(join(a, 'small', 'metrics.jsonl'), 'utf8'), 'another seed, another run');
});

test('a malformed scenario gets a one-line error and exit code 2, and nothing runs', async (t) => {
  const out = tempDir();
  const file = scenarioFile({ steps: 5, workers: { n: 5, f: 2, batch: 8, attack: 'sign-flip' }, server: { gar: 'krum' } });
  const r = await byzsim('run', file, '--out', join(out, 'x'));
  t.is(r.code, 2);
  t.regex(r.stderr, /^byzsim: .*server\.gar: krum: needs n ≥ 2f\+3, got n=5, f=2/);
  t.is(r.stderr.trim().split('\n').length, 1);
  t.false(existsSync(join(out, 'x')));
  const bad = await byzsim('run', 'no/such/file.yaml');
  t.is(bad.code, 2);
  t.regex(bad.stderr, /cannot read \(ENOENT: no such file\)/);
});

test('averaging is broken by one Byzantine worker while median and Krum keep learning', async (t) => {
  const out = tempDir();
  const file = scenarioFile({
    name: 'gap',
    seed: 5,
    steps: 40,
    evalEvery: 40,
    data: { name: 'mnist', train: 3000, test: 1000 },
    model: { name: 'logreg' },
    workers: { n: 7, f: 1, batch: 16, attack: { name: 'sign-flip', params: { scale: 20 } } },
    server: { gar: 'average', policy: 'sync', lr: 0.2 },
    grid: { 'server.gar': ['average', 'median', 'krum'] },
  });
  const r = await byzsim('run', file, '--out', out);
  t.is(r.code, 0, r.stderr);
  const acc = (slug: string) => lines(join(out, slug, 'metrics.jsonl')).at(-1).testAccuracy as number;
  const [avg, med, krum] = [acc('gar=average'), acc('gar=median'), acc('gar=krum')];
  t.log({ avg, med, krum });
  t.true(med > 0.7 && krum > 0.7, 'robust rules learn');
  t.true(med - avg > 0.4 && krum - avg > 0.4, 'average is broken');
  t.true(existsSync(join(out, 'accuracy.svg')) && existsSync(join(out, 'index.html')), 'report written');
  t.regex(readFileSync(join(out, 'accuracy.svg'), 'utf8'), /<svg[^>]*>.*GAR = median/s);
});

test('non-finite Byzantine vectors are dropped and counted; crashed workers stall a sync server without timeout and not with one', async (t) => {
  const out = tempDir();
  const base = {
    name: 'faults',
    seed: 2,
    steps: 10,
    evalEvery: 10,
    data: { name: 'mnist', train: 1000, test: 300 },
    model: { name: 'logreg' },
    workers: { n: 5, f: 1, batch: 8, attack: 'non-finite', faults: [{ kind: 'crash', worker: 0, atMs: 20 }] },
    server: { gar: 'median', policy: 'sync', timeoutMs: 50, quorum: 3 },
  };
  const r = await byzsim(
    'run',
    scenarioFile({
      ...base,
      variants: [
        { label: 'timeout', set: {} },
        { label: 'no-timeout', set: { 'server.timeoutMs': null } },
      ],
    }),
    '--out',
    out,
    '--no-report',
  );
  t.is(r.code, 2, 'null is not a timeout');
  const ok = await byzsim('run', scenarioFile(base), '--out', out, '--no-report');
  t.is(ok.code, 0, ok.stderr);
  const m = lines(join(out, 'faults', 'metrics.jsonl'));
  t.is(m.length, 10);
  t.true(m.at(-1).faulty >= 9, 'one non-finite gradient per step, all dropped (the last may arrive after the end)');
  t.true(m.every((row) => row.byzantineUsed === 0));
  t.true(Number.isFinite(m.at(-1).testAccuracy));
  t.true(
    m.some((row) => row.timedOut),
    'the crash forced timeouts',
  );
  const { server, ...rest } = base;
  const stallFile = scenarioFile({ ...rest, name: 'stall', server: { gar: 'median', policy: 'sync' } });
  const stall = await byzsim('run', stallFile, '--out', out, '--no-report');
  t.is(stall.code, 1, 'a stalled configuration fails the run');
  t.regex(stall.stdout, /steps +0 \(stalled: idle\)/);
  t.regex(stall.stderr, /stall stalled — idle: no event left at [\d.]+ ms, 0 of 10 steps done/);
  t.regex(stall.stderr, /1 of 1 configurations stalled \(exit 1; --allow-stall exits 0\)/);
  t.like(JSON.parse(readFileSync(join(out, 'stall', 'done.json'), 'utf8')), { status: 'stalled', stalled: true, steps: 0, reason: 'idle' });
  t.is(lines(join(out, 'stall', 'metrics.jsonl')).length, 0);
  const allowed = await byzsim('run', stallFile, '--out', out, '--no-report', '--allow-stall');
  t.is(allowed.code, 0, allowed.stderr);
  t.regex(allowed.stderr, /stall stalled — idle/);
  t.like(JSON.parse(readFileSync(join(out, 'faults', 'done.json'), 'utf8')), { status: 'completed', stalled: false, steps: 10 });
});

test('omission, crash-at-step, straggler faults and a slow link show in who the server aggregates', async (t) => {
  const out = tempDir();
  const doc = {
    name: 'benign',
    seed: 4,
    steps: 8,
    evalEvery: 8,
    data: { name: 'mnist', train: 1000, test: 200 },
    model: { name: 'logreg' },
    workers: {
      n: 7,
      f: 0,
      batch: 8,
      faults: [
        { kind: 'omission', worker: 1, fraction: 1 },
        { kind: 'crash', worker: 2, atStep: 3 },
        { kind: 'straggler', worker: 3, slowdown: 1000 },
      ],
    },
    server: { gar: 'median', policy: 'async', quorum: 3 },
    network: { delay: { model: 'fixed', ms: 1 }, links: [{ from: 'w5', to: 'server', delay: { model: 'fixed', ms: 5000 } }] },
  };
  const r = await byzsim('run', scenarioFile(doc), '--out', out, '--trace', '--no-report');
  t.is(r.code, 0, r.stderr);
  const steps = lines(join(out, 'benign', 'trace.jsonl')).filter((x) => x.ev === 'step');
  t.is(steps.length, 8);
  t.true(
    steps.every((s) => !s.used.includes('w1')),
    'w1 omits every message',
  );
  t.true(
    steps.every((s) => !s.used.includes('w3')),
    'the straggler is never among the first 3',
  );
  t.true(
    steps.every((s) => !s.used.includes('w5')),
    'w5 sits behind a slow link',
  );
  t.true(steps.every((s) => ['w0', 'w4', 'w6'].every((w) => s.used.includes(w)) || s.step < 3));
  t.true(steps.slice(0, 3).every((s) => s.used.includes('w2')));
  t.true(
    steps.slice(3).every((s) => !s.used.includes('w2')),
    'w2 crashed at step 3',
  );
  const bad = await byzsim('run', scenarioFile({ ...doc, workers: { ...doc.workers, faults: [{ kind: 'crash', worker: 0 }] } }), '--out', out);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /workers\.faults\[0\]: crash fault: give exactly one of atMs or atStep/);
});

test('results do not depend on the number of gradient threads', async (t) => {
  const [one, two] = [tempDir(), tempDir()];
  const [r1, r2] = await Promise.all([
    byzsim('run', 'test/fixtures/small.yaml', '--out', one, '--threads', '1', '--trace', '--no-report'),
    byzsim('run', 'test/fixtures/small.yaml', '--out', two, '--threads', '2', '--trace', '--no-report'),
  ]);
  t.is(r1.code, 0, r1.stderr);
  t.is(r2.code, 0, r2.stderr);
  for (const f of ['metrics.jsonl', 'trace.jsonl']) t.is(readFileSync(join(one, 'small', f), 'utf8'), readFileSync(join(two, 'small', f), 'utf8'), f);
});

test('--resume skips finished configurations; report redraws from what was written', async (t) => {
  const out = tempDir();
  const file = scenarioFile({
    name: 'resume',
    seed: 1,
    steps: 4,
    evalEvery: 2,
    data: { name: 'mnist', train: 500, test: 100 },
    model: { name: 'logreg' },
    workers: { n: 4, f: 0, batch: 8 },
    grid: { 'server.gar': ['average', 'median'] },
  });
  const first = await byzsim('run', file, '--out', out, '--no-report');
  t.is(first.code, 0, first.stderr);
  const before = readFileSync(join(out, 'gar=median', 'metrics.jsonl'), 'utf8');
  rmSync(join(out, 'gar=median', 'done.json')); // as if interrupted before median finished
  const again = await byzsim('run', file, '--out', out, '--resume');
  t.is(again.code, 0, again.stderr);
  t.regex(again.stderr, /gar=average: already done, skipped \(--resume\)/);
  t.regex(again.stderr, /gar=median: started, backend/);
  t.is(readFileSync(join(out, 'gar=median', 'metrics.jsonl'), 'utf8'), before, 'the rerun is identical');
  const changed = await byzsim('run', file, '--out', out, '--resume', '--steps', '5', '--no-report');
  t.notRegex(changed.stderr, /skipped/, 'a changed config is not skipped');
  rmSync(join(out, 'index.html'));
  const redraw = await byzsim('report', out, '--title', 'again');
  t.is(redraw.code, 0, redraw.stderr);
  t.regex(readFileSync(join(out, 'index.html'), 'utf8'), /<h1>again<\/h1>/);
  t.is((await byzsim('report', tempDir())).code, 2);
});
