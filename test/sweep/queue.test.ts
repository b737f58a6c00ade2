/**
 * Sweeps through BullMQ on Redis. Needs a Redis: `.ci/run` starts one and sets
 * BYZSIM_TEST_REDIS=redis://127.0.0.1:6390/0; each test takes its own database after that one.
 */
import test from 'ava';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { byzsim, scenarioFile, tempDir } from '../e2e/cli.ts';
import { QUEUE_NAME } from '../../src/sweep/queue-job.ts';
import { doneSlugs, gridDoc, resultFiles, startByzsim, waitFor, type Background } from './helpers.ts';

const base = process.env.BYZSIM_TEST_REDIS;
const queueTest = base ? test.serial : test.skip; // skipped only without a Redis: .ci/run always provides one

/** The k-th database after the base one, emptied. */
async function redisDb(k: number): Promise<string> {
  const u = new URL(base!);
  u.pathname = `/${(Number(u.pathname.slice(1) || 0) + k) % 16}`;
  const r = new Redis(u.toString());
  await r.flushdb();
  r.disconnect();
  return u.toString();
}

function worker(t: { teardown(f: () => void): void }, url: string, lockMs = 3000): Background {
  const w = startByzsim(['worker', '--queue', url, '--jobs', '1', '--lock-ms', String(lockMs)]);
  t.teardown(() => w.child.kill('SIGKILL'));
  return w;
}

const stamp = (dir: string) => ['metrics.jsonl', 'done.json'].map((f) => `${statSync(join(dir, f)).mtimeMs}:${statSync(join(dir, f)).ino}`).join(' ');

function sameFiles(t: { is(a: unknown, b: unknown, m?: string): void; deepEqual(a: unknown, b: unknown): void }, local: string, queued: string): void {
  const [a, b] = [resultFiles(local), resultFiles(queued)];
  t.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  for (const [f, text] of a) t.is(b.get(f), text, f);
}

const grid = scenarioFile(gridDoc({ gars: ['average', 'median'], seeds: [1, 2], steps: 40, n: 7 }));
let localGrid: Promise<string> | undefined;
/** The grid run locally once, the reference every queued run must equal byte for byte. */
const reference = () =>
  (localGrid ??= (async () => {
    const out = tempDir();
    const r = await byzsim('run', grid, '--out', out, '--jobs', '2', '--trace', '--no-report');
    if (r.code !== 0) throw new Error(r.stderr);
    return out;
  })());

queueTest('a sweep through the queue with two workers writes the same bytes as a local sweep', async (t) => {
  const url = await redisDb(1);
  const [w1, w2] = [worker(t, url), worker(t, url)];
  const out = tempDir();
  const r = await byzsim('run', grid, '--queue', url, '--out', out, '--trace', '--no-report');
  t.is(r.code, 0, r.stderr);
  sameFiles(t, await reference(), out);
  t.regex(r.stderr, /\[4\/4\] gar=median seed=2: finished, 40 steps in \d+\.\d s/);
  t.regex(w1.stderr + w2.stderr, /byzsim worker: byzsim 0\.1\.0\+[0-9a-f]{16}, 1 job at once, waiting on redis:/);
  t.is((w1.stderr + w2.stderr).match(/: finished in/g)?.length, 4, 'each configuration ran once');
});

queueTest('ε = ∞ reaches the worker as ∞, not as JSON null (which the mechanism would read as its default ε): same bytes as local', async (t) => {
  const base = gridDoc({ steps: 6 });
  const doc = {
    ...base,
    workers: { ...base.workers, privacy: { name: 'gaussian', params: { gmax: 1, epsilon: 0.5, delta: 1e-6 } } },
    grid: { 'workers.privacy.params.epsilon': ['INFINITY', 0.5] },
  };
  const file = scenarioFile(doc);
  writeFileSync(file, readFileSync(file, 'utf8').replace('"INFINITY"', '.inf'));
  const local = tempDir();
  const ref = await byzsim('run', file, '--out', local, '--jobs', '2', '--no-report');
  t.is(ref.code, 0, ref.stderr);
  const url = await redisDb(5);
  worker(t, url);
  const out = tempDir();
  const r = await byzsim('run', file, '--queue', url, '--out', out, '--no-report');
  t.is(r.code, 0, r.stderr);
  sameFiles(t, local, out);
  t.is(r.stdout, ref.stdout, 'same summary lines');
});

queueTest('a worker killed mid-job loses nothing: the stalled job is retried by another worker, same bytes', async (t) => {
  const file = scenarioFile({ ...gridDoc({ gars: ['median', 'average'], steps: 2000, n: 7 }), evalEvery: 1000 });
  const url = await redisDb(2);
  const local = tempDir();
  const ref = await byzsim('run', file, '--out', local, '--jobs', '2', '--no-report');
  t.is(ref.code, 0, ref.stderr);
  const a = worker(t, url);
  const out = tempDir();
  const run = startByzsim(['run', file, '--queue', url, '--out', out, '--no-report']);
  t.teardown(() => run.child.kill('SIGKILL'));
  await waitFor('worker A to start a job', () => /: started/.test(a.stderr));
  await waitFor('worker A to be mid-way', () => /started, backend/.test(run.stderr));
  // killed as soon as the job is under way (a job takes seconds: 2,000 steps), no fixed sleep that a fast machine outruns
  a.child.kill('SIGKILL');
  if (a.child.exitCode === null) await new Promise((r) => a.child.once('exit', r));
  t.notRegex(a.stderr, /finished in/, 'killed before finishing its job');
  const b = worker(t, url);
  t.is(await run.exited, 0, run.stderr);
  t.regex(b.stderr, /gar=median: started[\s\S]*gar=median: finished/, 'B ran the job A was killed in');
  sameFiles(t, local, out);
});

queueTest('the collecting run killed mid-sweep, then --resume: finished results kept, the rest collected, same bytes', async (t) => {
  const url = await redisDb(3);
  worker(t, url);
  const out = tempDir();
  const run = startByzsim(['run', grid, '--queue', url, '--out', out, '--trace', '--no-report']);
  await waitFor('a finished configuration', () => doneSlugs(out).length >= 1);
  run.child.kill('SIGKILL');
  await run.exited;
  const finished = doneSlugs(out);
  t.true(finished.length < 4, 'killed mid-way');
  const before = new Map(finished.map((s) => [s, stamp(join(out, s))]));
  const resumed = await byzsim('run', grid, '--queue', url, '--out', out, '--trace', '--no-report', '--resume');
  t.is(resumed.code, 0, resumed.stderr);
  for (const s of finished) t.is(stamp(join(out, s)), before.get(s)!, `${s} kept as it was`);
  t.is((resumed.stderr.match(/already done, skipped/g) ?? []).length, finished.length);
  sameFiles(t, await reference(), out);
});

queueTest('a worker refuses a job queued by another code version, with a message naming both', async (t) => {
  const url = await redisDb(4);
  const q = new Queue(QUEUE_NAME, { connection: { url } });
  t.teardown(() => q.close());
  const doc = { ...gridDoc({ steps: 2 }), grid: undefined };
  const { planScenario } = await import('../../src/scenario/load.ts');
  const run = planScenario(doc, 'old.yaml').runs[0];
  const job = await q.add(
    run.slug,
    { version: '0.0.9+0123456789abcdef', job: { index: 0, slug: run.slug, label: run.label, config: run.config, trace: false } },
    { jobId: 'old-version-job' },
  );
  const w = worker(t, url);
  await waitFor('the job to fail', () => /refused/.test(w.stderr));
  let state = '';
  for (let i = 0; i < 100 && state !== 'failed'; i++) {
    state = await job.getState();
    if (state !== 'failed') await new Promise((r) => setTimeout(r, 100));
  }
  t.is(state, 'failed');
  const failed = await q.getJob(job.id!);
  t.regex(
    failed!.failedReason,
    /^refused grid: it was queued by byzsim 0\.0\.9\+0123456789abcdef, this worker runs 0\.1\.0\+[0-9a-f]{16}; start the workers from the same code as the sweep$/,
  );
  t.regex(w.stderr, /byzsim worker: refused grid: it was queued by byzsim 0\.0\.9\+0123456789abcdef/);
  t.is(failed!.attemptsMade, 1, 'not retried');
});
