import test from 'ava';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { byzsim, tempDir } from '../e2e/cli.ts';

test('byzsim fuzz protocol: holds on a scenario; a demanded liveness fails with a replayable case; bad flags exit 2', async (t) => {
  const held = await byzsim('fuzz', 'protocol', '--scenario', 'test/fixtures/small.yaml', '--runs', '30');
  t.is(held.code, 0, held.stderr);
  t.regex(held.stdout, /async n=7 f=1 q=6 timeout=30 loss=0\.05 dup=0\.05 steps=8 {2}links: asynchronous/);
  t.regex(held.stdout, /held: quorum, fresh, distinct, filtered, liveness in 30 cases/);
  const out = tempDir();
  const bad = await byzsim('fuzz', 'protocol', '--policy', 'sync', '--n', '4', '--crashes', '1', '--expect-live', '--out', out);
  t.is(bad.code, 1);
  t.regex(bad.stdout, /VIOLATION of liveness: stalled after 0 of 8 steps/);
  const file = join(out, 'counterexample.json');
  t.true(existsSync(file));
  t.true(existsSync(join(out, 'spacetime.svg')));
  const again = await byzsim('fuzz', 'protocol', '--replay', file);
  t.is(again.code, 1);
  t.regex(again.stdout, /VIOLATION of liveness/);
  t.regex(bad.stdout, /replay: byzsim replay /);
  const r = await byzsim('replay', file);
  t.is(r.code, 1, r.stderr);
  t.regex(r.stdout, /^replay protocol ps sync n=4 f=0 q=4 .*\n {2}VIOLATION of liveness: stalled after 0 of 8 steps/);
  writeFileSync(join(out, 'corrupt.json'), '{"version": 1, "kind": "protocol", "spec": ');
  const corrupt = await byzsim('replay', join(out, 'corrupt.json'));
  t.is(corrupt.code, 2);
  t.regex(corrupt.stderr, /^byzsim: .*corrupt\.json: not valid JSON .*\n$/);
  const st = await byzsim('report', '--spacetime', out, '--from', '0', '--to', '50');
  t.is(st.code, 2, 'no trace.jsonl in a fuzz directory');
  t.regex(st.stderr, /^byzsim: report --spacetime: no trace\.jsonl under .* \(run it with byzsim run --trace\)\n$/);
  const other = await byzsim('fuzz', 'protocol', '--scenario', 'scenarios/guanyu.yaml', '--n', '5');
  t.is(other.code, 2);
  t.regex(other.stderr, /^byzsim: --n: only for the PS skeleton — fuzz protocol guanyu takes its settings from its tiny configuration or --scenario\n$/);
  const wrong = await byzsim('fuzz', 'protocol', '--policy', 'eventually');
  t.is(wrong.code, 2);
  t.regex(wrong.stderr, /--policy: eventually — must be sync or async/);
});

test('byzsim fuzz protocol <name>: a registry protocol fuzzed on a scenario inside its assumptions holds (exit 0); outside them without --unsafe it is refused naming the assumption (exit 2)', async (t) => {
  const held = await byzsim('fuzz', 'protocol', '--scenario', 'scenarios/guanyu.yaml', '--runs', '3', '--steps', '1');
  t.is(held.code, 0, held.stderr);
  t.regex(held.stdout, /^fuzz protocol guanyu {2}n=9 f=2 n_ps=6 f_ps=1 q_ps=5 /);
  t.regex(held.stdout, /held: quorum, gather, ends in 3 cases/);
  const dir = tempDir();
  const doc = join(dir, 'q2.yaml');
  writeFileSync(
    doc,
    'protocol: guanyu\nservers: { n: 6, f: 1, quorum: 2, attack: silent }\nworkers: { n: 7, f: 1, batch: 4, attack: sign-flip }\nserver: { gar: krum, quorum: 5 }\n',
  );
  const refused = await byzsim('fuzz', 'protocol', '--scenario', doc, '--runs', '3');
  t.is(refused.code, 2);
  t.regex(refused.stderr, /servers\.quorum: 2 — guanyu needs 2f_ps\+3 ≤ q_ps ≤ n_ps−f_ps .*--unsafe runs it anyway/);
});

test('byzsim fuzz protocol liubei: inside its assumptions it holds (exit 0); --unsafe fuzzes it on asynchronous links, finds a timed-out correct reply, writes the case and its diagram (exit 1), and replay reproduces it', async (t) => {
  const held = await byzsim('fuzz', 'protocol', 'liubei', '--runs', '10', '--steps', '2');
  t.is(held.code, 0, held.stderr);
  t.regex(held.stdout, /^fuzz protocol liubei {2}n=5 f=1 n_ps=7 f_ps=1 gar="median" .* links: synchronous Δ=10 /);
  t.regex(held.stdout, /inside its assumptions: crashes ≤ 1, replica crashes ≤ 1, loss none, duplication ≤ 0\.3/);
  t.regex(held.stdout, /held: filtered-adoption, pull-bound, gather-drift, timely, ends in 10 cases/);
  const out = tempDir();
  const bad = await byzsim('fuzz', 'protocol', 'liubei', '--unsafe', '--seed', '1', '--out', out);
  t.is(bad.code, 1, bad.stderr);
  t.regex(bad.stdout, /OUTSIDE its assumptions \(--unsafe\): network\.synchrony\.mode: asynchronous — liubei needs synchronous links/);
  t.regex(bad.stdout, /VIOLATION of timely at step \d \(w\d\): w\d's pull of correct s\d's model of step \d .* timed out/);
  const file = join(out, 'counterexample.json');
  t.true(existsSync(file) && existsSync(join(out, 'spacetime.svg')));
  const again = await byzsim('replay', file);
  t.is(again.code, 1, again.stderr);
  t.regex(again.stdout, /^replay protocol liubei \(outside its assumptions: unsafe\): .*\n {2}VIOLATION of timely at step \d \(w\d\)/);
});

test('byzsim fuzz protocol ps: the PS registry entry on its skeleton (no learning stack); --unsafe has nothing to waive', async (t) => {
  const held = await byzsim('fuzz', 'protocol', 'ps', '--runs', '100');
  t.is(held.code, 0, held.stderr);
  t.regex(
    held.stdout,
    /^fuzz protocol ps {2}n=7 f=1 .* links: asynchronous {2}runs=100 seed=1\n {2}inside its assumptions: crashes ≤ 0, loss ≤ 0\.3, duplication ≤ 0\.3/,
  );
  t.regex(held.stdout, /held: quorum, fresh, distinct, filtered, ends in 100 cases/);
  const unsafe = await byzsim('fuzz', 'protocol', 'ps', '--unsafe');
  t.is(unsafe.code, 2);
  t.regex(unsafe.stderr, /^byzsim: --unsafe: ps has no assumptions to waive/);
});

test('byzsim fuzz protocol btard --unsafe: 3 Byzantine peers of 5 break robust-aggregate; the case and its diagram are written (exit 1) and replay reproduces it', async (t) => {
  const out = tempDir();
  const bad = await byzsim('fuzz', 'protocol', 'btard', '--unsafe', '--seed', '1', '--out', out);
  t.is(bad.code, 1, bad.stderr);
  t.regex(bad.stdout, /^fuzz protocol btard {2}n=5 f=3 /);
  t.regex(bad.stdout, /OUTSIDE its assumptions \(--unsafe\): workers\.f: 3 — btard tolerates at most ⌈n\/2⌉−1 = 2 Byzantine peers/);
  t.regex(bad.stdout, /VIOLATION of robust-aggregate at step \d \(\*\): the aggregate applied at step \d lies .* 3 of the 5 members were Byzantine/);
  const file = join(out, 'counterexample.json');
  t.true(existsSync(file) && existsSync(join(out, 'spacetime.svg')));
  const again = await byzsim('replay', file);
  t.is(again.code, 1, again.stderr);
  t.regex(again.stdout, /\n {2}VIOLATION of robust-aggregate at step \d/);
});
