import test from 'ava';
import type { StepInfo } from '../../src/protocols/ps/server.ts';
import type { GradientMsg } from '../../src/protocols/runtime/messages.ts';
import { judgeProtocol, promisesLiveness, type ProtocolSpec } from '../../src/check/protocol.ts';
import { fuzzProtocol } from '../../src/fuzz/protocol-fuzz.ts';

const spec: ProtocolSpec = { n: 4, f: 1, policy: 'async', quorum: 3, steps: 2, lossRate: 0, duplicationRate: 0 };
const msg = (from: number, step: number): GradientMsg => ({ kind: 'gradient', step, from: `w${from}`, index: from, grad: Float32Array.of(1), loss: 0 });
const step = (s: number, used: GradientMsg[], timedOut = false): StepInfo => ({ step: s, timeMs: s, params: Float32Array.of(0), used, timedOut });

test('the judge names the first violated property', (t) => {
  const ok = [step(0, [msg(0, 0), msg(1, 0), msg(2, 0)]), step(1, [msg(2, 1), msg(0, 1), msg(1, 1)])];
  t.is(judgeProtocol(spec, ok, 0), undefined);
  t.is(judgeProtocol(spec, [step(0, [msg(0, 0), msg(1, 0)])], 0)?.property, 'quorum');
  t.is(judgeProtocol(spec, [step(1, [msg(0, 1), msg(1, 0), msg(2, 1)])], 0)?.property, 'fresh');
  t.is(judgeProtocol(spec, [step(0, [msg(0, 0), msg(0, 0), msg(2, 0)])], 0)?.property, 'distinct');
  t.is(judgeProtocol(spec, [step(0, [msg(0, 0), msg(3, 0), msg(2, 0)])], 0)?.property, 'filtered');
  t.is(judgeProtocol(spec, ok.slice(0, 1), 0)?.property, 'liveness');
  t.is(judgeProtocol(spec, ok.slice(0, 1), 1), undefined, 'one crash leaves 2 < q well-behaved workers: no promise');
  t.is(judgeProtocol(spec, ok.slice(0, 1), 1, true)?.property, 'liveness', 'unless demanded');
});

test('liveness is promised only with delivery (no loss, or timeouts) and enough well-behaved workers', (t) => {
  t.true(promisesLiveness(spec, 0));
  t.false(promisesLiveness({ ...spec, lossRate: 0.1 }, 0));
  t.true(promisesLiveness({ ...spec, lossRate: 0.1, timeoutMs: 10 }, 0));
  t.false(promisesLiveness({ ...spec, policy: 'sync', quorum: 4 }, 0), 'sync without timeout waits for the malformed worker too');
  t.true(promisesLiveness({ ...spec, policy: 'sync', quorum: 3, timeoutMs: 10 }, 0));
});

test('the protocol fuzzer holds on correct settings and finds the stall it is asked about', (t) => {
  const held = fuzzProtocol({ spec: { ...spec, n: 6, f: 2, quorum: 4, timeoutMs: 15, lossRate: 0.3, duplicationRate: 0.2, steps: 6 }, maxCrashes: 0, runs: 60, seed: 3 });
  t.is(held.failure, undefined);
  t.is(held.runs, 60);
  const found = fuzzProtocol({ spec: { ...spec, policy: 'sync', quorum: 4, f: 0 }, maxCrashes: 1, expectLive: true, runs: 100, seed: 3 });
  t.is(found.failure?.violation.property, 'liveness');
  t.is(found.failure?.case.crashes.length, 1, 'shrunk to one crash');
});
