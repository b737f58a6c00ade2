import test from 'ava';
import type { Message, TraceRecord } from '../../src/net/link.ts';
import { Network } from '../../src/net/network.ts';
import { partitionPredicates, type PartitionWindow } from '../../src/net/partition.ts';
import { planScenario, ScenarioError } from '../../src/scenario/load.ts';
import { Kernel } from '../../src/sim/kernel.ts';

/** a and b each send one message at 0, 5, 10 … 25 ms to the other over 8 ms links; who got what, and what the links recorded. */
function exchange(windows: PartitionWindow[]) {
  const kernel = new Kernel();
  const failures: Error[] = [];
  const trace: TraceRecord[] = [];
  const p = partitionPredicates(windows);
  const network = new Network<Message>(
    kernel,
    {
      seed: 1,
      delay: () => 8,
      synchrony: { mode: 'asynchronous' },
      lossRate: 0,
      duplicationRate: 0,
      cut: p?.cut,
      cutInFlight: p?.cutInFlight,
      trace: (r) => trace.push(r),
    },
    failures,
  );
  const got: Record<string, number[]> = { a: [], b: [] };
  for (const id of ['a', 'b']) network.attach(id, (m) => got[id].push(m.step));
  for (let step = 0; step < 6; step++)
    kernel.schedule(5 * step, () => {
      network.send('a', 'b', { kind: 'm', step });
      network.send('b', 'a', { kind: 'm', step });
    });
  kernel.runSync();
  if (failures.length) throw failures[0];
  return { got, trace, stats: network.stats };
}

// Window [12, 18): messages sent at 5 and 10 ms are on the wire when it opens (they arrive at 13 and 18 ms).
test('a two-way partition loses what is sent inside its window; by default what was already on the wire arrives', (t) => {
  const { got, stats } = exchange([{ fromMs: 12, toMs: 18, groups: [['a'], ['b']] }]);
  t.deepEqual(got, { a: [0, 1, 2, 4, 5], b: [0, 1, 2, 4, 5] }, 'step 3 (sent at 15 ms) is cut both ways');
  t.like(stats, { sent: 12, delivered: 10, dropped: 2 });
});

test('inFlight: drop also loses the messages on the wire when the window opens, on arrival (recorded with their send time)', (t) => {
  const { got, trace } = exchange([{ fromMs: 12, toMs: 18, groups: [['a'], ['b']], inFlight: 'drop' }]);
  t.deepEqual(got, { a: [0, 4, 5], b: [0, 4, 5] }, 'steps 1 and 2 were in flight at 12 ms, step 3 was sent inside');
  const drops = trace.filter((r) => r.ev === 'drop' && r.from === 'a');
  t.deepEqual(
    drops.map((r) => [r.t, r.step, r.why, r.sent]),
    [
      [13, 1, 'partition', 5],
      [15, 3, 'partition', undefined],
      [18, 2, 'partition', 10],
    ],
  );
});

test('inFlight: deliver is the default; a window that drops in-flight messages leaves the other direction of a one-way cut alone', (t) => {
  const base: PartitionWindow = { fromMs: 12, toMs: 18, groups: [['a'], ['b']] };
  t.deepEqual(exchange([{ ...base, inFlight: 'deliver' }]).got, exchange([base]).got);
  const { got } = exchange([{ fromMs: 12, toMs: 18, from: ['a'], to: ['b'], inFlight: 'drop' }]);
  t.deepEqual(got, { a: [0, 1, 2, 3, 4, 5], b: [0, 4, 5] }, 'a → b is cut, b → a flows');
});

test('a one-way partition cuts from → to only, inside its window; unlisted nodes are not cut', (t) => {
  const { cut } = partitionPredicates([{ fromMs: 10, toMs: 20, from: ['w0', 'w1'], to: ['server'] }])!;
  t.true(cut(10, 'w0', 'server'));
  t.true(cut(19.9, 'w1', 'server'));
  t.false(cut(15, 'server', 'w0'), 'the other direction flows');
  t.false(cut(15, 'w2', 'server'));
  t.false(cut(20, 'w0', 'server'));
  const { got } = exchange([{ fromMs: 12, toMs: 18, from: ['b'], to: ['a'] }]);
  t.deepEqual(got, { a: [0, 1, 2, 4, 5], b: [0, 1, 2, 3, 4, 5] });
});

test('a partition gives groups (two-way) or both from and to (one-way), naming known nodes; inFlight is drop or deliver', (t) => {
  const doc = (partition: object) => ({
    name: 'p',
    seed: 1,
    steps: 2,
    data: { name: 'synthetic', features: 4, examples: 40, train: 30, test: 10 },
    model: { name: 'logreg' },
    workers: { n: 3, f: 0, batch: 4 },
    server: { gar: 'average' },
    network: { partitions: [{ fromMs: 0, toMs: 10, ...partition }] },
  });
  t.notThrows(() => planScenario(doc({ from: ['w0'], to: ['server'], inFlight: 'drop' }), 'p.yaml'));
  for (const [partition, message] of [
    [{ from: ['w0'] }, /network\.partitions\[0\]: \["from"\] — give groups \(two-way\) or both from and to \(one-way\)/],
    [{ groups: [['w0'], ['server']], to: ['w1'] }, /network\.partitions\[0\]: \["groups","to"\] — give groups/],
    [{}, /network\.partitions\[0\]: \[\] — give groups/],
    [{ from: ['w9'], to: ['server'] }, /network\.partitions\[0\]\.from: "w9" — unknown node/],
    [{ groups: [['w0']], inFlight: 'keep' }, /network\.partitions\.0\.inFlight|network\.partitions\[0\]\.inFlight/],
  ] as const) {
    const err = t.throws(() => planScenario(doc(partition), 'p.yaml'), { instanceOf: ScenarioError });
    t.regex(err!.message, message);
  }
});
