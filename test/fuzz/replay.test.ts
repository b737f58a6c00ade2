import test from 'ava';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzGar } from '../../src/fuzz/gar-fuzz.ts';
import { fuzzProtocol } from '../../src/fuzz/protocol-fuzz.ts';
import { replay as replayCase, writeCase, writeProtocolCase } from '../../src/fuzz/replay.ts';
import { readAnyCase } from '../../src/scenario/checks/cases.ts';

class CaseError extends Error {}
const readCase = (file: string) => readAnyCase(file, (msg) => new CaseError(msg));
const replay = (file: string) => replayCase(readCase(file));

const dir = () => mkdtempSync(join(tmpdir(), 'byzsim-replay-'));

test('a GAR counterexample replays to the same ratio and the same violation (above its recorded threshold)', async (t) => {
  const r = fuzzGar({ rule: 'median', n: 4, f: 2, unsafe: true, runs: 20, seed: 1 });
  t.truthy(r.violation);
  const file = writeCase(dir(), r.violation!, { threshold: r.threshold, thresholdSource: r.thresholdSource, unbounded: r.unbounded });
  const again = await replay(file);
  if (again.kind !== 'gar') return t.fail('a GAR case');
  t.is(again.ratio, again.recorded);
  t.is(again.threshold, r.threshold);
  t.true(again.violated);
  t.is(again.ratio > r.threshold || again.unbounded, true);
});

test('a protocol counterexample replays to the same violation, byte for byte the same detail', async (t) => {
  const spec = { n: 4, f: 0, policy: 'sync' as const, quorum: 4, steps: 8, lossRate: 0, duplicationRate: 0 };
  const found = fuzzProtocol({ spec, maxCrashes: 1, expectLive: true, runs: 20, seed: 1 });
  t.truthy(found.failure);
  const { case: c, violation } = found.failure!;
  const file = writeProtocolCase(dir(), { protocol: 'ps', spec, expectLive: true, case: c, violation });
  const again = await replay(file);
  if (again.kind !== 'protocol') return t.fail('a protocol case');
  t.true(again.violated);
  t.deepEqual(again.violation, violation);
});

test('a protocol case that holds replays without violation (violated = false)', async (t) => {
  const spec = { n: 5, f: 1, policy: 'async' as const, quorum: 4, steps: 4, lossRate: 0, duplicationRate: 0 };
  const file = writeProtocolCase(dir(), { protocol: 'ps', spec, expectLive: null, case: { delays: [1, 3], crashes: [], seed: 2 } }, 'ok.json');
  const r = await replay(file);
  t.false(r.violated);
});

test('byzsim replay reads either kind: a wrong-shape file is one line naming the file and the field', (t) => {
  const d = dir();
  const good = writeProtocolCase(
    d,
    {
      protocol: 'ps',
      spec: { n: 4, f: 0, policy: 'sync', quorum: 4, steps: 2, lossRate: 0, duplicationRate: 0 },
      expectLive: null,
      case: { delays: [1], crashes: [], seed: 1 },
    },
    'good.json',
  );
  t.is(readCase(good).kind, 'protocol');
  const doc = JSON.parse(readFileSync(good, 'utf8'));
  const cases: [string, string, RegExp][] = [
    ['truncated.json', readFileSync(good, 'utf8').slice(0, 40), /truncated\.json: not valid JSON/],
    ['kind.json', JSON.stringify({ ...doc, kind: 'movie' }), /kind\.json: not a byzsim fuzz case/],
    ['policy.json', JSON.stringify({ ...doc, spec: { ...doc.spec, policy: 'eventually' } }), /policy\.json: spec\.policy: /],
    ['network.json', JSON.stringify({ ...doc, network: { synchrony: { mode: 'sometimes' }, partitions: [], links: [] } }), /network\.json: network\.synchrony/],
    ['violation.json', JSON.stringify({ ...doc, violation: { property: 'beauty', detail: '' } }), /violation\.json: violation\.property: /],
  ];
  for (const [name, text, message] of cases) {
    const file = join(d, name);
    writeFileSync(file, text);
    const e = t.throws(() => readCase(file), { instanceOf: CaseError, message }, name);
    t.false(e?.message.includes('\n'), `${name}: one line`);
  }
});
