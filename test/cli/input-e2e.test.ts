/**
 * A sample of issue 11's malformed inputs through the real `byzsim` process (the rest run
 * in-process, input-*.test.ts): exit code 2, one short stderr line without a stack, nothing
 * written — including the ones that used to crash with 40 KB of stderr or echo 52 MB.
 */
import test from 'ava';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { scenarioFile, tempDir } from '../e2e/cli.ts';
import { refuses } from './refuses.ts';

const scenario = (extra: Record<string, unknown> = {}) => ({
  name: 'e2e',
  steps: 3,
  data: { name: 'synthetic', features: 4, examples: 200 },
  model: { name: 'logreg' },
  workers: { n: 5, f: 1, batch: 4, attack: 'sign-flip' },
  server: { gar: 'median' },
  ...extra,
});

test('a 50 MB junk file gives one short line (not the file echoed back)', async (t) => {
  const file = join(tempDir(), 'junk.yaml');
  writeFileSync(file, randomBytes(50 * 1024 * 1024));
  await refuses(t, ['run', file], { says: [/junk\.yaml: 50\.0 MiB — a scenario YAML file is at most 4\.0 MiB/] });
  const text = join(tempDir(), 'scalar.yaml');
  writeFileSync(text, 'plain words '.repeat(250_000));
  await refuses(t, ['run', text], { says: [/scalar\.yaml: a scenario is a YAML mapping, got "plain words plain words .{0,80}…$/] });
});

test('centered-clip start: banana is refused before the run (it used to fail mid-run, exit 7)', async (t) => {
  const out = join(tempDir(), 'out');
  const file = scenarioFile(scenario({ server: { gar: { name: 'centered-clip', params: { start: 'banana' } } } }));
  await refuses(t, ['run', file, '--out', out], {
    says: [/server\.gar\.params\.start: "banana" — centered-clip needs previous, zero, median or a JSON vector/],
    notWritten: [out],
  });
});

test('--set __proto__.x=1 and fuzz gar --kappa abc exit 2 from the real binary', async (t) => {
  const out = join(tempDir(), 'out');
  await refuses(t, ['run', scenarioFile(scenario()), '--out', out, '--set', '__proto__.x=1'], {
    says: [/--set: "__proto__\.x" — a path may not name __proto__/],
    notWritten: [out],
  });
  await refuses(t, ['fuzz', 'gar', '--rule', 'krum', '--n', '11', '--f', '2', '--kappa', 'abc', '--out', out], {
    says: [/--kappa: "abc" — must be a finite number > 0/],
    notWritten: [out],
  });
});

test('fuzz replay on a corrupt case file names the file', async (t) => {
  const file = join(tempDir(), 'case.json');
  writeFileSync(file, '{"version": 1, "rule": "krum", "n": 5, "vec');
  await refuses(t, ['fuzz', 'replay', file], { says: [/case\.json: not valid JSON .* a truncated or corrupt case file\?/] });
});

test('data and sizes from the real binary: a ragged CSV, workers.n = 10¹⁰ (it used to crash with a RangeError)', async (t) => {
  const out = join(tempDir(), 'out');
  const csv = join(tempDir(), 'ragged.csv');
  writeFileSync(csv, 'a,b,y\n1,2,0\n3,4\n');
  await refuses(t, ['run', scenarioFile(scenario({ data: { name: 'csv', path: csv } })), '--out', out], {
    says: [/data\.path: ".*ragged\.csv" — line 3: 2 cells — every record needs as many as the first \(3\)/],
    notWritten: [out],
  });
  await refuses(t, ['run', scenarioFile(scenario()), '--out', out, '--set', 'workers.n=1e10'], {
    says: [/workers\.n: 10000000000 — the configuration needs ≈ [\d.]+ [GTPE]iB .* more than this machine’s [\d.]+ GiB of memory/],
    notWritten: [out],
  });
});

test('data bad past what validation reads (a CSV record past 64 KiB, a .gz IDX file past its header) is refused as data.path, exit 2, when the run loads it', async (t) => {
  const n = 200;
  const header = new Uint8Array([0, 0, 8, 3, 0, 0, 0, n, 0, 0, 0, 28, 0, 0, 0, 28]);
  const gz = gzipSync(Buffer.concat([header, randomBytes(n * 28 * 28)]));
  t.true(gz.length > 100_000, 'random pixels do not compress: the damage lies past the first 64 KiB');
  gz[100_000] ^= 0xff;
  const images = join(tempDir(), 'bad-images.gz');
  writeFileSync(images, gz);
  const labels = join(tempDir(), 'labels');
  writeFileSync(labels, new Uint8Array([0, 0, 8, 1, 0, 0, 0, n, ...Array.from({ length: n }, (_, i) => i % 10)]));
  const data = { name: 'idx', path: images, labels, train: 100, test: 20 };
  // The sweep has started (its plan.json is written) when the loader finds it: nothing else is.
  await refuses(t, ['run', scenarioFile(scenario({ data })), '--out', join(tempDir(), 'out')], {
    says: [/^byzsim: data\.path: ".*bad-images\.gz" — gzip: .* — a corrupt or truncated \.gz file$/],
  });
  const csv = join(tempDir(), 'late.csv');
  writeFileSync(csv, `a,b,y\n${Array.from({ length: 20000 }, (_, i) => `${i % 7},${i % 5},${i % 2}`).join('\n')}\n1,2\n`);
  await refuses(t, ['run', scenarioFile(scenario({ data: { name: 'csv', path: csv } })), '--out', join(tempDir(), 'out')], {
    says: [/^byzsim: data\.path: ".*late\.csv" — line 20002: 2 cells — every record needs as many as the first \(3\)$/],
  });
});
