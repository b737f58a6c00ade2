import test from 'ava';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRegistryCounterexample } from '../../src/fuzz/counterexample.ts';
import fc from 'fast-check';
import { baseConfig, caseArbitrary, caseConfig, fuzzBench, fuzzRegistry, runRegistryCase, type FuzzBench } from '../../src/fuzz/registry-fuzz.ts';
import { replay } from '../../src/fuzz/replay.ts';
import { PROTOCOLS } from '../../src/protocols/index.ts';
import type { ProtocolDef } from '../../src/protocols/types.ts';
import type { RunConfig } from '../../src/scenario/schema.ts';
import { readAnyCase } from '../../src/scenario/checks/cases.ts';

let bench: FuzzBench;
test.before(async () => {
  bench = await fuzzBench();
});

const def = (name: string): ProtocolDef => PROTOCOLS.get(name)!;
/** The protocol's tiny configuration with `over` merged one level deep, fuzzed outside its assumptions. */
const unsafeBase = (name: string, over: Record<string, Record<string, unknown>>, steps = 2): RunConfig => {
  const doc: Record<string, unknown> = structuredClone({ ...def(name).fuzz!.tiny });
  for (const [k, v] of Object.entries(over)) doc[k] = { ...(doc[k] as object), ...v };
  return baseConfig(def(name), steps, { scenario: doc as unknown as RunConfig, unsafe: true });
};
const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;
const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'fuzz', 'guanyu-stall');

test('guanyu inside its assumptions: no violation of quorum, gather or ends in 200 cases', async (t) => {
  const g = def('guanyu');
  const r = await fuzzRegistry({ bench, def: g, base: baseConfig(g, 2), runs: 200, seed: 7 });
  t.is(r.runs, 200);
  t.is(r.failure, undefined, JSON.stringify(r.failure));
});

test('the fuzzer crash-stops correct GuanYu replicas (servers.crashes) within the assumption that counts them in f_ps: one on the tiny configuration, none outside it; a second is refused', async (t) => {
  const g = def('guanyu');
  const base = baseConfig(g, 2);
  t.is(g.fuzz!.assumption(base).serverCrashes, 1, 'n_ps = 9 ≥ 3(f_ps + 1) + 3, q_ps = 7 = n_ps − f_ps − 1');
  t.is(g.fuzz!.assumption(baseConfig(g, 2, { unsafe: true })).serverCrashes, 0);
  const drawn = fc.sample(caseArbitrary(g, base), { seed: 3, numRuns: 100 }).filter((c) => (c.serverCrashes ?? []).length > 0);
  t.true(drawn.length > 10 && drawn.every((c) => c.serverCrashes!.length === 1), `${drawn.length} of 100 cases crash a replica`);
  const c = { ...drawn[0], serverCrashes: [[2, 30] as [number, number]] };
  t.deepEqual(caseConfig(g, base, c).servers?.crashes, [{ node: 's2', atMs: 30 }], 'the third correct replica, at 30 ms');
  t.throws(
    () =>
      caseConfig(g, base, {
        ...c,
        serverCrashes: [
          [2, 30],
          [3, 40],
        ],
      }),
    { message: /servers\.n: 9 — guanyu needs n_ps ≥ 3f_ps\+3 \(f_ps\+c = 1\+2\)/ },
  );
  const out = await runRegistryCase(bench, g, base, c, { predicates: await g.fuzz!.predicates() });
  t.true(out.records.some((r) => r.ev === 'crash' && r.node === 's2'));
  t.deepEqual(out.violations, []);
});

test('btard inside its assumptions: no honest ban, no unpunished wrong aggregate, agreement, a robust aggregate and ends in 200 cases', async (t) => {
  const b = def('btard');
  const r = await fuzzRegistry({ bench, def: b, base: baseConfig(b, 2), runs: 200, seed: 7 });
  t.is(r.runs, 200);
  t.is(r.failure, undefined, JSON.stringify(r.failure));
});

test('ps (its registry entry, on the skeleton: no learning stack) inside its assumptions: no violation of quorum, fresh, distinct, filtered or ends in 200 cases; a malformed vector aggregated is judged', async (t) => {
  const p = def('ps');
  const base = baseConfig(p, 3);
  t.like(p.fuzz!.assumption(base), { crashes: 0, loss: true, duplication: true });
  const r = await fuzzRegistry({ bench: undefined, def: p, base, runs: 200, seed: 7 });
  t.is(r.runs, 200);
  t.is(r.failure, undefined, JSON.stringify(r.failure));
  const preds = await p.fuzz!.predicates();
  const history = [
    { t: 1, ev: 'aggregate' as const, node: 'server', step: 0, kind: 'gradient', used: ['w0', 'w1', 'w2', 'w3', 'w4', 'w6'], usedSteps: [0, 0, 0, 0, 0, 0] },
  ];
  t.deepEqual(
    preds.flatMap((x) => x.judge({ cfg: base, nodes: p.nodes(base), history })),
    [{ property: 'filtered', step: 0, detail: 'aggregated the malformed vector of w6' }],
  );
});

test('liubei inside its assumptions: no violation of filtered-adoption, pull-bound, gather-drift, timely or ends in 200 cases', async (t) => {
  const l = def('liubei');
  const r = await fuzzRegistry({ bench, def: l, base: baseConfig(l, 3), runs: 200, seed: 7 });
  t.is(r.runs, 200);
  t.is(r.failure, undefined, JSON.stringify(r.failure));
});

test('the fuzzer crash-stops correct LiuBei replicas (servers.crashes) within n_ps ≥ 3(f_ps + c) + 1: one on the tiny configuration (n_ps = 7), none outside its assumptions; a second is refused; a crashed run holds', async (t) => {
  const l = def('liubei');
  const base = baseConfig(l, 3);
  t.is(l.fuzz!.assumption(base).serverCrashes, 1, 'n_ps = 7 = 3(f_ps + 1) + 1');
  t.is(l.fuzz!.assumption(baseConfig(l, 3, { unsafe: true })).serverCrashes, 0);
  const drawn = fc.sample(caseArbitrary(l, base), { seed: 3, numRuns: 100 }).filter((c) => (c.serverCrashes ?? []).length > 0);
  t.true(drawn.length > 10 && drawn.every((c) => c.serverCrashes!.length === 1), `${drawn.length} of 100 cases crash a replica`);
  const c = { ...drawn[0], serverCrashes: [[2, 15] as [number, number]] };
  t.deepEqual(caseConfig(l, base, c).servers?.crashes, [{ node: 's2', atMs: 15 }], 'the third correct replica, at 15 ms');
  t.throws(
    () =>
      caseConfig(l, base, {
        ...c,
        serverCrashes: [
          [2, 15],
          [3, 40],
        ],
      }),
    { message: /servers\.n: 7 — liubei needs n_ps ≥ 3f_ps\+1 \(f_ps\+c = 1\+2\)/ },
  );
  const out = await runRegistryCase(bench, l, base, c, { predicates: await l.fuzz!.predicates() });
  const crash = out.records.findIndex((r) => r.ev === 'crash' && r.node === 's2');
  t.true(crash >= 0 && out.records.slice(crash).some((r) => r.ev === 'step'), 'the replica crashes mid-run');
  t.deepEqual(out.violations, []);
});

test('liubei on asynchronous links (--unsafe, its tiny configuration outside): a correct replica’s reply later than 2Δ times out — found, shrunk, replayed', async (t) => {
  const l = def('liubei');
  const base = baseConfig(l, 3, { unsafe: true });
  t.is(base.network.synchrony.mode, 'asynchronous');
  const r = await fuzzRegistry({ bench, def: l, base, runs: 50, seed: 1, unsafe: true });
  t.truthy(r.failure);
  const { case: c, violation } = r.failure!;
  t.is(violation.property, 'timely');
  t.regex(violation.detail, /^w\d's pull of correct s[0-5]'s model of step \d \(sent at [\d.]+ ms\) timed out at [\d.]+ ms$/);
  t.true(c.delays.length <= 3 && c.crashes.length === 0 && c.loss === 0 && c.duplication === 0, `shrunk to a handful of events: ${JSON.stringify(c)}`);
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-reg-'));
  const run = await runRegistryCase(bench, l, base, c, { unsafe: true, predicates: await l.fuzz!.predicates() });
  const { file, svg } = await writeRegistryCounterexample(dir, { protocol: 'liubei', unsafe: true, config: base, case: c, violation }, run.records);
  const again = await replay(readAnyCase(file, (m) => new Error(m)));
  t.true(again.violated);
  t.deepEqual(again.kind === 'registry' ? again.violations[0] : undefined, violation);
  const drawn = readFileSync(svg, 'utf8');
  t.is(count(drawn, /<g class="lane" data-node="/g), 12, 'replicas s0…s6 and workers w0…w4');
  t.regex(drawn, new RegExp(`<g class="violation" data-node="${violation.node}">`));
});

test('btard with f ≥ n/2 (--unsafe: 3 Byzantine peers of 5, its tiny configuration outside): a Byzantine majority drags the applied aggregate past CenteredClip’s bound — found, shrunk, replayed', async (t) => {
  const b = def('btard');
  const base = baseConfig(b, 2, { unsafe: true });
  t.like(base.workers, { n: 5, f: 3 });
  const r = await fuzzRegistry({ bench, def: b, base, runs: 50, seed: 1, unsafe: true });
  t.truthy(r.failure);
  const { case: c, violation } = r.failure!;
  t.is(violation.property, 'robust-aggregate');
  t.regex(
    violation.detail,
    /^the aggregate applied at step \d lies [\d.e+]+ from the honest members' mean in part \d, beyond CenteredClip's .* 3 of the 5 members were Byzantine$/,
  );
  t.true(c.delays.length <= 3 && c.crashes.length === 0 && c.loss === 0 && c.duplication === 0, `shrunk to a handful of events: ${JSON.stringify(c)}`);
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-reg-'));
  const run = await runRegistryCase(bench, b, base, c, { unsafe: true, predicates: await b.fuzz!.predicates() });
  t.false(
    run.violations.some((v) => v.property === 'no-honest-ban'),
    'bans come from recomputation: no honest peer is banned even so',
  );
  const { file } = await writeRegistryCounterexample(dir, { protocol: 'btard', unsafe: true, config: base, case: c, violation }, run.records);
  const again = await replay(readAnyCase(file, (m) => new Error(m)));
  t.true(again.violated);
  t.deepEqual(again.kind === 'registry' ? again.violations[0] : undefined, violation);
});

test('guanyu (n_ps = 6) with q_ps = 2 < 2f_ps + 3 (--unsafe): a Byzantine replica pulls a median of two out of the correct box — found, shrunk, replayed', async (t) => {
  const g = def('guanyu');
  const base = unsafeBase('guanyu', { servers: { n: 6, quorum: 2 } });
  const r = await fuzzRegistry({ bench, def: g, base, runs: 50, seed: 1, unsafe: true });
  t.truthy(r.failure);
  const { case: c, violation } = r.failure!;
  t.is(violation.property, 'gather');
  t.true(c.delays.length <= 3 && c.crashes.length === 0 && c.loss === 0 && c.duplication === 0, `shrunk to a handful of events: ${JSON.stringify(c)}`);
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-reg-'));
  const run = await runRegistryCase(bench, g, base, c, { unsafe: true, predicates: await g.fuzz!.predicates() });
  const { file } = await writeRegistryCounterexample(dir, { protocol: 'guanyu', unsafe: true, config: base, case: c, violation }, run.records);
  const again = await replay(readAnyCase(file, (m) => new Error(m)));
  t.true(again.violated);
  t.deepEqual(again.kind === 'registry' ? again.violations[0] : undefined, violation);
});

test('guanyu with n_ps = 3f_ps + 2 and q_ps = 2f_ps + 3 > n_ps − f_ps (--unsafe): a replica that sends nothing usable stalls every correct one', async (t) => {
  const g = def('guanyu');
  const base = unsafeBase('guanyu', { servers: { n: 5, quorum: 5 } }, 1);
  const r = await fuzzRegistry({ bench, def: g, base, runs: 30, seed: 1, unsafe: true });
  t.is(r.failure?.violation.property, 'ends');
  t.regex(r.failure!.violation.detail, /stalled after 0 of 1 steps/);
  t.true(r.failure!.case.delays.length <= 2, JSON.stringify(r.failure!.case));
});

test('the counterexample fixture replays to its violation; its space-time diagram has a lane per node, the messages, the stall and the marked violation', async (t) => {
  const file = join(FIXTURE, 'counterexample.json');
  const c = readAnyCase(file, (m) => new Error(m));
  if (c.kind !== 'registry') return t.fail('a registry case');
  const again = await replay(c);
  t.true(again.violated);
  const g = def('guanyu');
  const base = baseConfig(g, c.case.config.steps as number, { scenario: c.case.config as unknown as RunConfig, unsafe: true });
  const run = await runRegistryCase(bench, g, base, c.case.case, { unsafe: true, predicates: await g.fuzz!.predicates() });
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-reg-'));
  const { svg } = await writeRegistryCounterexample(
    dir,
    { protocol: 'guanyu', unsafe: true, config: base, case: c.case.case, violation: c.case.violation! },
    run.records,
  );
  const drawn = readFileSync(svg, 'utf8');
  const fixture = readFileSync(join(FIXTURE, 'spacetime.svg'), 'utf8');
  for (const text of [drawn, fixture]) {
    t.is(count(text, /<g class="lane" data-node="/g), 12, 'replicas s0…s4 and workers w0…w6');
    for (const id of ['s0', 's4', 'w0', 'w6']) t.regex(text, new RegExp(`<g class="lane" data-node="${id}">`));
    t.true(count(text, /class="msg delivered"/g) >= 25, 'every replica’s model to every worker');
    t.is(count(text, /<g class="violation"/g), 1);
    t.regex(text, /violation: ends: stalled after 0 of 1 steps/);
    t.regex(text, /class="end stalled"/);
  }
  t.is(count(drawn, /class="msg /g), count(fixture, /class="msg /g), 'the same arrows as the fixture');
});
