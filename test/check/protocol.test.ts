import test from 'ava';
import { HistoryReader, parseHistory } from '../../src/check/history.ts';
import { judgeProtocol, promisesLiveness, type ProtocolSpec } from '../../src/check/protocol.ts';
import { caseLimits, fuzzProtocol, runCase } from '../../src/fuzz/protocol-fuzz.ts';
import type { HistoryRecord } from '../../src/protocols/runtime/history.ts';

const spec: ProtocolSpec = { n: 4, f: 1, policy: 'async', quorum: 3, steps: 2, lossRate: 0, duplicationRate: 0 };
/** The server aggregated at `step` the gradients of workers `from` computed at `steps`. */
const agg = (step: number, from: number[], steps = from.map(() => step), timedOut = false): HistoryRecord => ({
  t: step,
  ev: 'aggregate',
  node: 'server',
  step,
  kind: 'gradient',
  used: from.map((i) => `w${i}`),
  usedSteps: steps,
  ...(timedOut ? { timedOut } : {}),
});
const crash = (w: number): HistoryRecord => ({ t: 0, ev: 'crash', node: `w${w}` });
const judge = (records: HistoryRecord[], expectLive?: boolean) => judgeProtocol(spec, new HistoryReader(records), expectLive);

test('the judge reads the history and names the first violated property', (t) => {
  const ok = [agg(0, [0, 1, 2]), agg(1, [2, 0, 1])];
  t.is(judge(ok), undefined);
  t.is(judge([agg(0, [0, 1])])?.property, 'quorum');
  t.deepEqual(judge([agg(1, [0, 1, 2], [1, 0, 1])]), { property: 'fresh', step: 1, detail: "aggregated w1's gradient of step 0" });
  t.is(judge([agg(0, [0, 0, 2])])?.property, 'distinct');
  t.deepEqual(judge([agg(0, [0, 3, 2])]), { property: 'filtered', step: 0, detail: 'aggregated the malformed vector of w3' });
  t.is(judge(ok.slice(0, 1))?.property, 'liveness');
  t.is(judge([...ok.slice(0, 1), crash(1)]), undefined, 'one crash leaves 2 < q well-behaved workers: no promise');
  t.is(judge([...ok.slice(0, 1), crash(3)])?.property, 'liveness', 'a malformed worker that crashes changes no promise');
  t.is(judge([...ok.slice(0, 1), crash(1)], true)?.property, 'liveness', 'unless demanded');
  const end: HistoryRecord = { t: 9, ev: 'end', status: 'stalled', steps: 1, reason: 'idle', detail: 'no event left at 9 ms, 1 of 2 steps done' };
  t.is(judge([...ok.slice(0, 1), end])?.detail, 'stalled after 1 of 2 steps (idle: no event left at 9 ms, 1 of 2 steps done)');
});

test('the history reader: records by event, aggregations by node and kind, crashes, bans, the end; trace.jsonl read back', (t) => {
  const records: HistoryRecord[] = [
    { t: 0, ev: 'send', from: 'server', to: 'w0', kind: 'model', step: 0, at: 1 },
    { t: 1, ev: 'crash', node: 'w1' },
    { t: 2, ev: 'filter', node: 'server', step: 0, from: 'w2', kind: 'gradient', accept: false, rule: 'admissible' },
    agg(0, [0, 2]),
    { t: 3, ev: 'aggregate', node: 's1', step: 0, kind: 'model', used: ['s0', 's1'], usedSteps: [0, 0] },
    { t: 3, ev: 'ban', step: 1, target: 'p3', why: 'wrong-gradient', by: 'p0' },
    { t: 4, ev: 'ban', step: 2, target: 'p3', why: 'again' },
    { t: 5, ev: 'crash', node: 'w1', step: 1 },
    { t: 6, ev: 'end', status: 'completed', steps: 1 },
  ];
  const h = new HistoryReader(records);
  t.is(h.of('send').length, 1);
  t.deepEqual(
    h.aggregations('server').map((r) => r.used),
    [['w0', 'w2']],
  );
  t.deepEqual(
    h.aggregations(undefined, 'model').map((r) => r.node),
    ['s1'],
  );
  t.deepEqual(h.crashed(), ['w1']);
  t.is(h.filters('server', false).length, 1);
  t.is(h.filters('server', true).length, 0);
  t.deepEqual([...h.banned()], [['p3', 1]]);
  t.is(h.status, 'completed');
  t.is(new HistoryReader(records.slice(0, -1)).end(), undefined, 'a history cut short has no end');
  const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  t.deepEqual(parseHistory(text), records);
  t.throws(() => parseHistory('{"t":0,"ev":"send"}\n{"t":1', 'x/trace.jsonl'), { message: /^x\/trace\.jsonl:2: not JSON/ });
  t.throws(() => parseHistory('{"t":0,"ev":"teleport"}'), { message: /^trace\.jsonl:1: not a history record/ });
});

test('a livelocked case (timeouts, a quorum crashes made unreachable) ends, stalled by retransmission', (t) => {
  const live = { ...spec, f: 0, policy: 'sync' as const, quorum: 3, timeoutMs: 10, steps: 4 };
  const v = runCase(
    live,
    {
      delays: [1],
      crashes: [
        [0, 2.5],
        [1, 2.5],
      ],
      seed: 1,
    },
    true,
  );
  t.is(v?.property, 'liveness');
  t.regex(v!.detail, /^stalled after 1 of 4 steps \(retransmit: server re-sent step 1 \d+ times/);
  t.is(
    runCase(live, {
      delays: [1],
      crashes: [
        [0, 2.5],
        [1, 2.5],
      ],
      seed: 1,
    }),
    undefined,
    'two crashes of four: no promise, no violation',
  );
});

test('every fuzzed case ends: limits from the case’s own timing', (t) => {
  const l = caseLimits({ ...spec, timeoutMs: 10, lossRate: 0.5 }, { delays: [1, 500, 3], crashes: [], seed: 0 });
  t.is(l.spanMs, 3 * 500 + 1.2 + 10);
  t.is(l.stallMs, 100 * l.spanMs);
  t.is(l.maxResends, Math.ceil(Math.log(1e-9) / Math.log(1 - 0.25)));
});

test('liveness is promised only with delivery (no loss, or timeouts) and enough well-behaved workers', (t) => {
  t.true(promisesLiveness(spec, 0));
  t.false(promisesLiveness({ ...spec, lossRate: 0.1 }, 0));
  t.true(promisesLiveness({ ...spec, lossRate: 0.1, timeoutMs: 10 }, 0));
  t.false(promisesLiveness({ ...spec, policy: 'sync', quorum: 4 }, 0), 'sync without timeout waits for the malformed worker too');
  t.true(promisesLiveness({ ...spec, policy: 'sync', quorum: 3, timeoutMs: 10 }, 0));
});

test('the protocol fuzzer holds on correct settings and finds the stall it is asked about', (t) => {
  const held = fuzzProtocol({
    spec: { ...spec, n: 6, f: 2, quorum: 4, timeoutMs: 15, lossRate: 0.3, duplicationRate: 0.2, steps: 6 },
    maxCrashes: 0,
    runs: 60,
    seed: 3,
  });
  t.is(held.failure, undefined);
  t.is(held.runs, 60);
  const found = fuzzProtocol({ spec: { ...spec, policy: 'sync', quorum: 4, f: 0 }, maxCrashes: 1, expectLive: true, runs: 100, seed: 3 });
  t.is(found.failure?.violation.property, 'liveness');
  t.is(found.failure?.case.crashes.length, 1, 'shrunk to one crash');
});
