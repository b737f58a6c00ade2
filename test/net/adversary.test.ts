import test from 'ava';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADVERSARIES, adversaryScheduler, checkAdversary } from '../../src/net/adversary/index.ts';
import { fixed } from '../../src/net/delay/fixed.ts';
import type { Message } from '../../src/net/link.ts';
import { boundDelay, latestDelay, type Synchrony } from '../../src/net/synchrony.ts';
import { runSkeleton } from '../../src/protocols/ps/skeleton.ts';
import { planScenario, ScenarioError } from '../../src/scenario/load.ts';
import { byzsim, tempDir } from '../e2e/cli.ts';

const msg: Message = { kind: 'gradient', step: 0 };
const byzantine = new Set(['w7', 'w8', 'w9']);
const isByzantine = (id: string) => byzantine.has(id);
const nodes = ['server', ...Array.from({ length: 10 }, (_, i) => `w${i}`)];
const specs = [{ name: 'slow-honest' }, { name: 'rush-byzantine' }, { name: 'isolate', params: { node: 'w2' } }, { name: 'reorder' }];

test('every adversary keeps each message within the synchrony mode: ≤ Δ, by GST + Δ, finite when asynchronous', (t) => {
  const mode = fc.oneof(
    fc.record({ mode: fc.constant('synchronous' as const), deltaMs: fc.double({ min: 0.1, max: 100, noNaN: true }) }),
    fc.record({
      mode: fc.constant('partial' as const),
      deltaMs: fc.double({ min: 0.1, max: 100, noNaN: true }),
      gstMs: fc.double({ min: 0, max: 1e4, noNaN: true }),
    }),
    fc.constant({ mode: 'asynchronous' as const }),
  );
  fc.assert(
    fc.property(
      mode,
      fc.constantFrom(...specs),
      fc.constantFrom(...nodes),
      fc.constantFrom(...nodes),
      fc.double({ min: 0, max: 2e4, noNaN: true }),
      (s: Synchrony, spec, from, to, now) => {
        const sched = adversaryScheduler(spec, { seed: 1, synchrony: s, isByzantine })!;
        const model = 1e9; // a delay model far beyond every bound: what remains is the adversary's and the mode's
        const d = boundDelay(s, now, sched(from, to, msg, now) ?? model);
        t.true(d >= 0);
        if (s.mode === 'synchronous') t.true(d <= s.deltaMs);
        if (s.mode === 'partial') t.true(now + d <= Math.max(now, s.gstMs) + s.deltaMs + 1e-9);
        if (s.mode === 'asynchronous' && spec.name !== 'rush-byzantine') t.true(Number.isFinite(d), 'eventually delivered');
      },
    ),
  );
});

test('slow-honest: honest↔honest messages at the edge of the bound, the Byzantine nodes’ mail at once', (t) => {
  const sync: Synchrony = { mode: 'synchronous', deltaMs: 20 };
  const sched = adversaryScheduler('slow-honest', { seed: 1, synchrony: sync, isByzantine })!;
  t.is(sched('w1', 'server', msg, 5), 20);
  t.is(sched('server', 'w1', msg, 5), 20);
  t.is(sched('w8', 'server', msg, 5), 0);
  t.is(sched('server', 'w8', msg, 5), 0);
  const partial: Synchrony = { mode: 'partial', deltaMs: 20, gstMs: 1000 };
  const p = adversaryScheduler({ name: 'slow-honest', params: { fastMs: 2 } }, { seed: 1, synchrony: partial, isByzantine })!;
  t.is(p('w1', 'server', msg, 400), 620, 'before GST: arrives at GST + Δ');
  t.is(p('w1', 'server', msg, 1400), 20, 'after GST: Δ');
  t.is(p('w9', 'server', msg, 400), 2);
  t.is(latestDelay({ mode: 'asynchronous' }, 0, 75), 75);
});

test('rush-byzantine and isolate leave the other messages to the delay model; a base schedule answers for them', (t) => {
  const s: Synchrony = { mode: 'synchronous', deltaMs: 20 };
  const rush = adversaryScheduler('rush-byzantine', { seed: 1, synchrony: s, isByzantine }, () => 7)!;
  t.is(rush('w7', 'server', msg, 0), 0);
  t.is(rush('w1', 'server', msg, 0), 7, 'the base schedule (a fuzzer) answers');
  const iso = adversaryScheduler({ name: 'isolate', params: { node: 'w2' } }, { seed: 1, synchrony: s, isByzantine })!;
  t.is(iso('w2', 'server', msg, 0), 20);
  t.is(iso('server', 'w2', msg, 0), 20);
  t.is(iso('w3', 'server', msg, 0), undefined);
  t.is(adversaryScheduler(undefined, { seed: 1, synchrony: s, isByzantine }), undefined);
});

test('reorder draws from its named stream: same seed, same schedule; another seed, another', (t) => {
  const s: Synchrony = { mode: 'synchronous', deltaMs: 20 };
  const draw = (seed: number) => {
    const r = adversaryScheduler('reorder', { seed, synchrony: s, isByzantine })!;
    return Array.from({ length: 20 }, (_, i) => r('w1', 'server', msg, i));
  };
  t.deepEqual(draw(1), draw(1));
  t.notDeepEqual(draw(1), draw(2));
  t.true(draw(1).every((d) => d! >= 0 && d! <= 20));
});

test('an async quorum under slow-honest aggregates exactly the adversary’s nodes first; a wait-for-all server every node', (t) => {
  const s: Synchrony = { mode: 'synchronous', deltaMs: 20 };
  const scheduler = adversaryScheduler('slow-honest', { seed: 1, synchrony: s, isByzantine })!;
  const run = (policy: 'sync' | 'async') => runSkeleton({ n: 10, steps: 5, policy, quorum: 3, delay: fixed.sampler({ ms: 1 }), synchrony: s, scheduler });
  for (const step of run('async').steps) t.deepEqual(step.used.map((m) => m.from).sort(), ['w7', 'w8', 'w9'], `step ${step.step}`);
  for (const step of run('sync').steps) t.is(step.used.length, 10);
});

test('network.adversary is validated before anything runs: name, parameters by schema, the node isolate names', (t) => {
  const base = { workers: { n: 5, f: 1, attack: 'sign-flip' }, server: { gar: 'median' }, network: { synchrony: { mode: 'synchronous', deltaMs: 10 } } };
  const refused = (adversary: unknown) => {
    const e = t.throws(() => planScenario({ ...base, network: { ...base.network, adversary } }, 'x.yaml'), { instanceOf: ScenarioError });
    return e.message;
  };
  t.regex(refused('slow-honset'), /network\.adversary: "slow-honset" — unknown network adversary \(known: slow-honest, rush-byzantine, isolate, reorder\)/);
  t.regex(
    refused({ name: 'slow-honest', params: { holdMS: 3 } }),
    /network\.adversary\.params\.holdMS: unknown parameter of slow-honest \(known: holdMs, fastMs\)/,
  );
  t.regex(refused({ name: 'reorder', params: { holdMs: -1 } }), /network\.adversary\.params\.holdMs: -1 — reorder: /);
  t.regex(refused({ name: 'isolate' }), /network\.adversary\.params\.node: missing — isolate/);
  t.regex(
    refused({ name: 'isolate', params: { node: 'w9' } }),
    /network\.adversary\.params\.node: "w9" — isolate needs a node of the run \(server, w0, w1, w2, …\)/,
  );
  t.notThrows(() => planScenario({ ...base, network: { ...base.network, adversary: { name: 'isolate', params: { node: 'w4' } } } }, 'x.yaml'));
  t.deepEqual(checkAdversary(undefined, nodes), []);
  for (const a of ADVERSARIES.values()) t.true(a.summary.length > 0 && a.shows.length > 0, a.name);
});

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, number>);

test('scenarios/slow-vs-byzantine: under slow-honest the async quorum is mostly Byzantine and stops learning; the sync server keeps an honest majority and learns', async (t) => {
  const out = tempDir();
  const r = await byzsim(
    'run',
    'scenarios/slow-vs-byzantine.yaml',
    '--steps',
    '20',
    '--set',
    'evalEvery=20',
    '--set',
    'data.train=3000',
    '--set',
    'data.test=1000',
    '--out',
    out,
    '--no-report',
  );
  t.is(r.code, 0, r.stderr);
  const sync = lines(join(out, 'sync_slow-honest', 'metrics.jsonl'));
  const slow = lines(join(out, 'async_q=7_slow-honest', 'metrics.jsonl'));
  const fair = lines(join(out, 'async_q=7_reorder', 'metrics.jsonl'));
  t.true(
    slow.every((row) => row.byzantineShare > 0.5 && row.honestLeftOut === 4),
    'every async step aggregates 4 Byzantine of 7, leaving 4 honest out',
  );
  t.true(
    sync.every((row) => row.byzantineShare < 0.5 && row.honestLeftOut === 0),
    'the sync server aggregates all 11',
  );
  const mean = (rows: Record<string, number>[]) => rows.reduce((a, row) => a + row.byzantineShare, 0) / rows.length;
  t.true(mean(fair) < 0.5, `a fair race gives the quorum an honest majority on average (${mean(fair)})`);
  const [accSync, accSlow] = [sync.at(-1)!.testAccuracy, slow.at(-1)!.testAccuracy];
  t.log({ accSync, accSlow, fairShare: mean(fair) });
  t.true(accSync > 0.4 && accSync - accSlow > 0.25, 'the sync server learns, the async one does not');
});
