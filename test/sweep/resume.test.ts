import test from 'ava';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { byzsim, scenarioFile, tempDir } from '../e2e/cli.ts';
import { allFiles, doneSlugs, gridDoc, resultFiles, startByzsim, waitFor } from './helpers.ts';

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
/** What a finished configuration's files look like on disk: a resume must not touch them. */
const stamp = (dir: string) =>
  ['config.json', 'metrics.jsonl', 'trace.jsonl', 'done.json'].map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}:${statSync(join(dir, f)).ino}`).join(' ');

test('SIGKILL mid-sweep with 2 jobs, then --resume: nothing finished is lost or recomputed, and every file equals an uninterrupted sweep', async (t) => {
  const file = scenarioFile(gridDoc({ gars: ['average', 'median', 'krum', 'trimmed-mean'], seeds: [1, 2], steps: 60, n: 7 }));
  const [whole, killed] = [tempDir(), tempDir()];
  const ref = await byzsim('run', file, '--out', whole, '--jobs', '2', '--trace', '--no-report');
  t.is(ref.code, 0, ref.stderr);
  const bg = startByzsim(['run', file, '--out', killed, '--jobs', '2', '--trace', '--no-report']);
  await waitFor('two finished configurations', () => doneSlugs(killed).length >= 2);
  bg.child.kill('SIGKILL');
  t.is(await bg.exited, 137);
  const finished = doneSlugs(killed);
  t.log(`killed after ${finished.length} of 8 configurations`);
  t.true(finished.length >= 2 && finished.length < 8, 'killed mid-way');
  const before = new Map(finished.map((s) => [s, stamp(join(killed, s))]));
  const resumed = await byzsim('run', file, '--out', killed, '--jobs', '2', '--trace', '--no-report', '--resume');
  t.is(resumed.code, 0, resumed.stderr);
  for (const s of finished) {
    t.is(stamp(join(killed, s)), before.get(s)!, `${s} was not rewritten`);
    t.regex(resumed.stderr, new RegExp(`\\] ${s.replace('_', ' ').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: already done, skipped`));
  }
  t.is((resumed.stderr.match(/: started, backend/g) ?? []).length, 8 - finished.length, 'only the unfinished ones ran');
  const [a, b] = [resultFiles(whole), resultFiles(killed)];
  t.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  for (const [f, text] of a) t.is(b.get(f), text, f);
  t.false(allFiles(killed).some((f) => f.endsWith('.tmp')));
});

test('--resume treats a missing, empty or corrupt done.json as not done; threads and an equal backend are not part of the identity', async (t) => {
  const file = scenarioFile(gridDoc({ gars: ['average', 'median', 'krum'], n: 7 }));
  const out = tempDir();
  const first = await byzsim('run', file, '--out', out, '--threads', '1', '--no-report');
  t.is(first.code, 0, first.stderr);
  const backend = JSON.parse(readFileSync(join(out, 'gar=average', 'done.json'), 'utf8')).backend as string;
  const again = await byzsim('run', file, '--out', out, '--resume', '--threads', '2', '--backend', backend, '--no-report');
  t.is(again.code, 0, again.stderr);
  t.is((again.stderr.match(/already done, skipped/g) ?? []).length, 3, 'threads 2 and the same backend redo nothing');
  const metrics = readFileSync(join(out, 'gar=median', 'metrics.jsonl'), 'utf8');
  writeFileSync(join(out, 'gar=median', 'done.json'), ''); // killed mid-write, before atomic writes
  writeFileSync(join(out, 'gar=krum', 'done.json'), '{"steps": 6, "backe');
  const fixed = await byzsim('run', file, '--out', out, '--resume', '--no-report');
  t.is(fixed.code, 0, fixed.stderr);
  t.regex(fixed.stderr, /gar=average: already done, skipped/);
  t.regex(fixed.stderr, /gar=median: started/);
  t.regex(fixed.stderr, /gar=krum: started/);
  t.is(readFileSync(join(out, 'gar=median', 'metrics.jsonl'), 'utf8'), metrics);
  t.is(JSON.parse(readFileSync(join(out, 'gar=krum', 'done.json'), 'utf8')).steps, 6);
  const other = backend === 'wasm' ? 'cpu' : 'wasm';
  const switched = await byzsim('run', file, '--out', out, '--resume', '--backend', other, '--steps', '1', '--no-report');
  t.is(switched.code, 0, switched.stderr);
  t.notRegex(switched.stderr, /skipped/, 'another steps count is another configuration');
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`on ${signal} the interrupted configuration's trace keeps its last lines`, async (t) => {
    const out = tempDir();
    const doc = { ...gridDoc({ steps: 4000, n: 7 }), grid: undefined, name: 'long', evalEvery: 4000 };
    const bg = startByzsim(['run', scenarioFile(doc), '--out', out, '--trace', '--no-report']);
    const metrics = join(out, 'long', 'metrics.jsonl');
    await waitFor('200 steps', () => {
      try {
        return readFileSync(metrics, 'utf8').split('\n').length > 200;
      } catch {
        return false;
      }
    });
    bg.child.kill(signal);
    t.is(await bg.exited, signal === 'SIGINT' ? 130 : 143, bg.stderr);
    t.regex(bg.stderr, new RegExp(`byzsim: ${signal}: stopping; finished configurations are kept`));
    const rows = lines(metrics);
    const trace = readFileSync(join(out, 'long', 'trace.jsonl'), 'utf8');
    t.true(trace.endsWith('\n'), 'whole lines');
    const steps = trace
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l))
      .filter((r) => r.ev === 'step');
    t.log(`${rows.length} rows, trace up to step ${steps.at(-1)?.step}`);
    t.true(rows.length < 4000, 'interrupted');
    t.true(
      steps.length > 0 && steps.at(-1).step >= rows.at(-1).step,
      'the trace reaches the last step written to metrics.jsonl (4,096 buffered lines ≈ 70 steps would be missing)',
    );
  });
}
