import test from 'ava';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCounterexample } from '../../src/fuzz/counterexample.ts';
import { fuzzProtocol, runCase } from '../../src/fuzz/protocol-fuzz.ts';
import { replay } from '../../src/fuzz/replay.ts';
import { readAnyCase } from '../../src/scenario/checks/cases.ts';

const count = (svg: string, re: RegExp) => (svg.match(re) ?? []).length;

test('a found counterexample: counterexample.json replays to the same violation; spacetime.svg has a lane per node, its arrows, the marked violation', async (t) => {
  // sync server without timeout, a worker crash, liveness demanded: a stall the fuzzer finds and shrinks
  const spec = { n: 4, f: 0, policy: 'sync' as const, quorum: 4, steps: 3, lossRate: 0, duplicationRate: 0 };
  const found = fuzzProtocol({ spec, maxCrashes: 1, expectLive: true, runs: 30, seed: 1 });
  t.truthy(found.failure);
  const { case: c, violation } = found.failure!;
  t.true(c.delays.length <= 3 && c.crashes.length === 1, `shrunk to a handful of events: ${JSON.stringify(c)}`);
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-cx-'));
  const { file, svg } = await writeCounterexample(dir, { protocol: 'ps', spec, expectLive: true, case: c, violation });
  t.is(file, join(dir, 'counterexample.json'));
  t.true(existsSync(svg));
  const again = await replay(readAnyCase(file, (m) => new Error(m)));
  t.true(again.violated);
  t.deepEqual(again.kind === 'protocol' ? again.violation : undefined, violation);
  const text = readFileSync(svg, 'utf8');
  t.is(count(text, /<g class="lane" data-node="/g), 5, 'server and w0…w3');
  for (const id of ['server', 'w0', 'w1', 'w2', 'w3']) t.regex(text, new RegExp(`<g class="lane" data-node="${id}">`));
  t.true(count(text, /class="msg delivered"/g) >= 4, 'the model to each worker at least');
  t.is(count(text, /class="crash"/g), 1);
  t.is(count(text, /<g class="violation"/g), 1);
  t.regex(text, /violation: liveness: stalled after 0 of 3 steps/);
  t.regex(text, /class="end stalled"/);
});

test('a case that holds is drawn without a violation mark, with its aggregations and steps', async (t) => {
  const spec = { n: 3, f: 0, policy: 'async' as const, quorum: 2, steps: 2, lossRate: 0, duplicationRate: 0 };
  const c = { delays: [1, 2], crashes: [] as [number, number][], seed: 1 };
  t.is(runCase(spec, c), undefined);
  const dir = mkdtempSync(join(tmpdir(), 'byzsim-cx-'));
  const { svg } = await writeCounterexample(dir, { protocol: 'ps', spec, expectLive: null, case: c });
  const text = readFileSync(svg, 'utf8');
  t.is(count(text, /<g class="violation"/g), 0);
  t.is(count(text, /class="aggregate"/g), 2, 'one aggregation per step at the server');
  t.is(count(text, /class="step"/g) >= 2, true);
});
