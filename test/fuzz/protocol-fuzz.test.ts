import test from 'ava';
import { fuzzProtocol, runCaseHistory, type CaseNetwork } from '../../src/fuzz/protocol-fuzz.ts';

const spec = { n: 5, f: 1, policy: 'async' as const, quorum: 4, steps: 4, lossRate: 0, duplicationRate: 0 };

test('a case keeps the scenario’s synchrony: every delay the schedule picks is bounded by Δ', (t) => {
  const net: CaseNetwork = { synchrony: { mode: 'synchronous', deltaMs: 5 }, partitions: [], links: [] };
  const { violation, records } = runCaseHistory(spec, { delays: [5000, 0.5, 40], crashes: [], seed: 1 }, undefined, net);
  t.is(violation, undefined);
  const sends = records.filter((r) => r.ev === 'send');
  t.true(sends.length > 0);
  t.true(
    sends.every((r) => r.ev === 'send' && r.at! - r.t <= 5 + 1e-9),
    'no message beyond Δ',
  );
  const free = runCaseHistory(spec, { delays: [5000, 0.5, 40], crashes: [], seed: 1 }).records.filter((r) => r.ev === 'send');
  t.true(
    free.some((r) => r.ev === 'send' && r.at! - r.t === 5000),
    'asynchronous links keep the schedule’s delay',
  );
});

test('a case keeps the scenario’s partitions and per-link loss', (t) => {
  const net: CaseNetwork = {
    synchrony: { mode: 'asynchronous' },
    partitions: [{ fromMs: 0, toMs: 30, from: ['w0'], to: ['server'], inFlight: 'drop' }],
    links: [{ from: 'w1', to: 'server', loss: 1 }],
  };
  const { records } = runCaseHistory({ ...spec, timeoutMs: 10 }, { delays: [1], crashes: [], seed: 1 }, undefined, net);
  const drops = records.filter((r) => r.ev === 'drop');
  t.true(drops.some((r) => r.ev === 'drop' && r.from === 'w0' && r.why === 'partition'));
  t.true(drops.some((r) => r.ev === 'drop' && r.from === 'w1' && r.why === 'loss'));
  t.false(
    records.some((r) => r.ev === 'deliver' && r.from === 'w1'),
    'the lossy link delivers nothing',
  );
});

test('inside the assumptions on a synchronous, partitioned network: no violation in 200 cases', (t) => {
  const net: CaseNetwork = {
    synchrony: { mode: 'partial', deltaMs: 10, gstMs: 50 },
    partitions: [
      {
        fromMs: 10,
        toMs: 40,
        groups: [
          ['w0', 'w1'],
          ['server', 'w2', 'w3', 'w4'],
        ],
      },
    ],
    links: [],
  };
  const r = fuzzProtocol({ spec: { ...spec, timeoutMs: 20 }, maxCrashes: 0, runs: 200, seed: 4, network: net });
  t.is(r.failure, undefined, JSON.stringify(r.failure));
  t.is(r.runs, 200);
});
