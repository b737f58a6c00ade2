/**
 * BTARD-SGD's accuse-and-ban protocol (issue 8 §4): validation and bans come from the messages
 * peers exchange and from recomputation, never from who is Byzantine. Every run is judged by the
 * safety predicates (predicates.ts) on its history.
 */
import test from 'ava';
import { agreement, noHonestBan } from '../../src/protocols/btard/predicates.ts';
import type { HistoryRecord } from '../../src/protocols/runtime/history.ts';
import { planScenario, ScenarioError } from '../../src/scenario/load.ts';
import type { MetricsRow } from '../../src/sim/metrics.ts';
import { btardDoc, runDoc, type BtardOutcome } from './btard-helpers.ts';

type Doc = Record<string, unknown>;
const without = { workers: { attack: undefined } };
const behaviours = (...byzantine: unknown[]) => ({ btard: { validators: 1, byzantine } });
const sync = { network: { synchrony: { mode: 'synchronous', deltaMs: 10 }, delay: { model: 'uniform', minMs: 1, maxMs: 10 } } };
const row = (o: BtardOutcome) => o.result.rows.at(-1) as MetricsRow & Record<string, number>;
const banSteps = (o: BtardOutcome) => o.bans.map((b) => b.step);
const firstBan = (o: BtardOutcome, steps: number) => Math.min(steps, ...banSteps(o));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

test('all honest: no accusation, no ban, one round per step, the same model everywhere (any validation rate, deadlines, message orders)', async (t) => {
  for (const [seed, over] of [
    [1, { btard: { validators: 6 } }],
    [2, { btard: { validators: 3, timeoutMs: 25 }, ...sync }],
    [3, { btard: { validators: 1, probability: 0.5 } }],
  ] as const) {
    const doc = btardDoc({ seed, workers: { n: 6, f: 0, attack: undefined }, ...over });
    for (const delays of [undefined, [1, 9, 3, 7, 2, 30, 5]]) {
      const o = await runDoc(doc, delays);
      t.deepEqual(o.bans, [], `seed ${seed}`);
      t.deepEqual(o.violations, []);
      t.false(o.history.some((r) => r.ev === 'accuse'));
      t.is(o.result.rows.length, 12);
      t.true(o.result.rows.every((r) => r.rounds === 1 && r.accusations === 0 && r.banned === 0 && (r.drift as number) < 1e-12));
      t.true(row(o).validationMs > 0, 'validators recomputed gradients');
    }
  }
});

test('a wrong aggregate fails the check, is recomputed from the revealed parts, and its aggregator is banned at the step it acts', async (t) => {
  const o = await runDoc(btardDoc({ ...behaviours('wrong-aggregate'), ...without }));
  t.deepEqual(
    o.bans.map((b) => [b.node, b.step, b.reason, b.byzantine]),
    [
      ['p4', 2, 'wrong-aggregate', true],
      ['p5', 2, 'wrong-aggregate', true],
    ],
  );
  t.deepEqual(o.violations, []);
  const tampered = o.history.flatMap((r) => (r.ev === 'round' ? r.tampered.map((a) => r.accepted[r.members.indexOf(a)]) : []));
  t.deepEqual(tampered, [false, false], 'both wrong aggregates rejected by the check');
  t.is(row(o).bannedAggregate, 2);
  t.is(row(o).byzantineUsed, 0);
  t.is(o.result.rows[2].rounds, 2, 'the step is run again without them');
  t.true((o.result.rows[2].reveals as number) >= 2);
});

test('a false accuser is banned and its target is not; so is a contributor that lies in its check value to frame an aggregator', async (t) => {
  const accuse = await runDoc(btardDoc({ ...behaviours({ name: 'false-accusation', params: { anyone: true } }), ...without }));
  t.deepEqual(
    accuse.bans.map((b) => [b.node, b.step, b.reason]),
    [
      ['p4', 2, 'false-accusation'],
      ['p5', 2, 'false-accusation'],
    ],
  );
  t.true(accuse.history.some((r) => r.ev === 'accuse' && (r.target === 'p0' || r.target === 'p1' || r.target === 'p2' || r.target === 'p3')));
  t.deepEqual(accuse.violations, []);
  const frame = await runDoc(btardDoc({ ...behaviours('false-check'), ...without }));
  t.deepEqual(
    frame.bans.map((b) => [b.node, b.step, b.reason]),
    [
      ['p4', 2, 'false-accusation'],
      ['p5', 2, 'false-accusation'],
    ],
  );
  t.true((frame.result.rows[2].reveals as number) >= 1, 'the framed part was revealed and recomputed');
  t.deepEqual(frame.violations, []);
});

test('a covert aggregate (a wrong aggregate with a forged check value) passes the check and is caught only by validators: applied until then', async (t) => {
  const covert = { ...behaviours('covert-aggregate'), ...without };
  const unvalidated = await runDoc(btardDoc({ ...covert, btard: { validators: 0, byzantine: ['covert-aggregate'] } }));
  t.deepEqual(unvalidated.bans, []);
  t.is(row(unvalidated).wrongApplied, 20, 'both wrong aggregates applied at every attack step, 2 … 11');
  t.true(unvalidated.violations.length > 0 && unvalidated.violations.every((v) => v.property === 'no-wrong-aggregate'));
  const all = await runDoc(btardDoc({ ...covert, btard: { validators: 6, byzantine: ['covert-aggregate'] } }));
  t.deepEqual(
    all.bans.map((b) => [b.node, b.step, b.reason]),
    [
      ['p4', 2, 'wrong-aggregate'],
      ['p5', 2, 'wrong-aggregate'],
    ],
  );
  t.true(
    all.history.some((r) => r.ev === 'accuse' && r.why.startsWith('flag:')),
    'a validator flagged the forged check value',
  );
  t.is(row(all).wrongApplied, 0);
  t.deepEqual(all.violations, []);
  const one = await runDoc(btardDoc({ ...covert, seed: 1, steps: 20, evalEvery: 20 }));
  t.true(one.bans.length === 2 && one.bans.every((b) => b.reason === 'wrong-aggregate' && b.byzantine));
  t.true(row(one).wrongApplied > 0, 'applied at the attack steps before a validator came');
  t.deepEqual(one.violations, [], 'banned by the end of the run');
});

test('a validator that flags a check value falsely is banned once the part is revealed', async (t) => {
  const o = await runDoc(btardDoc({ ...behaviours({ name: 'false-accusation', params: { via: 'check' } }), ...without, seed: 2, steps: 20, evalEvery: 20 }));
  t.true(o.bans.length > 0 && o.bans.every((b) => b.reason === 'false-accusation' && b.byzantine && /flagged p[0-3]'s check value/.test(b.detail)));
  t.true(o.result.rows.some((r) => (r.reveals as number) > 0));
  t.deepEqual(o.violations, []);
});

test('a silent peer is banned at the deadline, and the peers go on without it', async (t) => {
  const o = await runDoc(btardDoc({ ...behaviours('silent'), btard: { validators: 1, timeoutMs: 25, byzantine: ['silent'] }, ...without, ...sync }));
  t.deepEqual(
    o.bans.map((b) => [b.node, b.step, b.reason]),
    [
      ['p4', 2, 'silence'],
      ['p5', 2, 'silence'],
    ],
  );
  t.is(o.result.rows.length, 12);
  t.true(o.result.rows[2].timedOut);
  t.deepEqual(o.violations, []);
});

test('bans come from messages and recomputation: attackers nobody validates are never banned, nor Byzantine peers that follow the protocol', async (t) => {
  const unvalidated = await runDoc(btardDoc({ btard: { validators: 0 } }));
  t.deepEqual(unvalidated.bans, []);
  t.is(row(unvalidated).byzantineUsed, 2);
  t.is(row(unvalidated).attackSteps, 20, 'both attacked from step 2 to 11');
  const dormant = await runDoc(btardDoc({ btard: { validators: 6 }, workers: { schedule: { start: 100 } } }));
  t.deepEqual(dormant.bans, [], 'validated every round, their gradients check out');
  t.is(row(dormant).attackSteps, 0);
});

test('no honest peer is banned under any attack or behaviour, f = ⌈n/2⌉ − 1, under random message orders', async (t) => {
  const all = [{ name: 'false-accusation', params: { anyone: true } }, 'false-check', 'wrong-aggregate'];
  const cases: [string, Doc][] = [
    ...['amplified-sign-flip', 'label-flip', 'noise-addition', 'alie'].map((a): [string, Doc] => [a, { workers: { attack: { name: a } } }]),
    ['false-accusation', { ...behaviours('false-accusation'), ...without }],
    ['covert-aggregate, flagging falsely', { ...behaviours('covert-aggregate', { name: 'false-accusation', params: { via: 'check' } }), ...without }],
    ['every behaviour with a gradient attack', { btard: { validators: 2, byzantine: all } }],
    ['silent with a gradient attack', { btard: { validators: 1, timeoutMs: 25, byzantine: ['silent'] }, ...sync }],
  ];
  for (const [name, over] of cases)
    for (const [n, f] of [
      [5, 2],
      [6, 2],
    ] as const) {
      const doc = btardDoc({ ...over, seed: n, steps: 10, evalEvery: 10 });
      (doc.workers as Doc).n = n;
      (doc.workers as Doc).f = f;
      const o = await runDoc(doc, [4, 1, 8, 2, 6]);
      t.deepEqual(o.violations, [], `${name}, n = ${n}`);
      t.true(
        o.bans.every((b) => b.byzantine),
        `${name}, n = ${n}`,
      );
      t.is(o.result.rows.length, 10, `${name}, n = ${n}: ran to the end`);
    }
});

test('the ban step varies with the attack and the validation rate; validating less costs less', async (t) => {
  const seeds = [1, 2, 3, 4, 5];
  const steps = 40;
  const at = async (over: Doc, probability: number) => {
    const runs = [];
    for (const seed of seeds) {
      const doc = btardDoc({ ...over, seed, steps, evalEvery: steps });
      (doc.btard as Doc).probability = probability;
      runs.push(await runDoc(doc));
    }
    // a covert aggregator not validated by the end of the run leaves its applied wrong aggregates unpunished (BTARD's guarantee is probabilistic)
    t.true(runs.every((o) => o.violations.every((v) => v.property === 'no-wrong-aggregate' && o.bans.length < 2) && o.bans.every((b) => b.byzantine)));
    return { first: runs.map((o) => firstBan(o, steps)), cost: mean(runs.map((o) => row(o).validationMs)) };
  };
  const gradient = { high: await at({}, 1), low: await at({}, 0.3) };
  const accuser = {
    high: await at({ ...behaviours('false-accusation'), ...without }, 1),
    low: await at({ ...behaviours('false-accusation'), ...without }, 0.3),
  };
  const aggregate = {
    high: await at({ ...behaviours('wrong-aggregate'), ...without }, 1),
    low: await at({ ...behaviours('wrong-aggregate'), ...without }, 0.3),
  };
  const covert = {
    high: await at({ ...behaviours('covert-aggregate'), ...without }, 1),
    low: await at({ ...behaviours('covert-aggregate'), ...without }, 0.3),
  };
  t.log(JSON.stringify({ gradient, accuser, aggregate, covert }));
  // A gradient attack or a false accusation is found only by a validator: later at a lower rate.
  t.true(mean(gradient.low.first) > mean(gradient.high.first) + 2, 'gradient attack: later when validating less');
  t.true(mean(accuser.low.first) > mean(accuser.high.first), 'false accuser: later when validating less');
  t.true(mean(covert.low.first) > mean(covert.high.first), 'covert aggregate: later when validating less');
  // A wrong aggregate fails every member's check at the first attack step, whatever the rate.
  t.deepEqual(aggregate.high.first, [2, 2, 2, 2, 2]);
  t.deepEqual(aggregate.low.first, [2, 2, 2, 2, 2]);
  t.notDeepEqual(gradient.high.first, accuser.high.first, 'the two validator-found attacks are found at different steps');
  for (const x of [gradient, accuser, aggregate, covert]) t.true(x.low.cost < x.high.cost);
});

test('runs are deterministic: the same seed gives the same history, another seed other draws', async (t) => {
  const doc = btardDoc({ btard: { validators: 2, byzantine: ['false-check'] } });
  const [a, b, c] = [await runDoc(doc), await runDoc(doc), await runDoc({ ...doc, seed: 4 })];
  t.deepEqual(a.history, b.history);
  t.deepEqual(a.result.rows, b.result.rows);
  t.notDeepEqual(a.history, c.history);
});

test('the safety predicates find what they judge: a wrong aggregate too small for the check, an honest ban, a disagreement', async (t) => {
  // |⟨z, Σᵢ clip_τ(gᵢ − x′)⟩| ≤ m‖z‖η for a shift of 1e-12: the check passes, the aggregate is applied
  const o = await runDoc(btardDoc({ ...behaviours({ name: 'wrong-aggregate', params: { scale: 1, shift: 1e-12 } }), ...without }));
  t.deepEqual(o.bans, []);
  t.true(o.violations.length > 0 && o.violations.every((v) => v.property === 'no-wrong-aggregate' && (v.node === 'p4' || v.node === 'p5')));
  const nodes = [
    { id: 'p0', role: 'peer', index: 0, byzantine: false },
    { id: 'p1', role: 'peer', index: 1, byzantine: true },
  ];
  const round = { ev: 'round', step: 4, round: 1, members: ['p0', 'p1'], accepted: [true, true], applied: true, reveals: 0, tampered: [] } as const;
  const history: HistoryRecord[] = [
    { t: 1, ev: 'ban', step: 3, target: 'p0', why: 'false-accusation: x' },
    { t: 1, ev: 'ban', step: 3, target: 'p1', why: 'wrong-gradient: y', by: 'p0', acted: 2 },
    { t: 2, ...round, node: 'p0' },
    { t: 2, ...round, node: 'p2', applied: false },
  ];
  t.deepEqual(
    noHonestBan(history, nodes).map((v) => [v.node, v.step]),
    [['p0', 3]],
  );
  t.deepEqual(
    agreement(history).map((v) => [v.node, v.step]),
    [['p2', 4]],
  );
});

test('btard validates its knobs, behaviours and deadline before running', (t) => {
  const rejects = (over: Doc, re: RegExp) => t.regex(t.throws(() => planScenario(btardDoc(over), 'b.yaml'), { instanceOf: ScenarioError })!.message, re);
  rejects(
    { btard: { byzantine: ['lie'] } },
    /btard\.byzantine\[0\]: "lie" — unknown peer behaviour \(known: wrong-aggregate, covert-aggregate, false-accusation, false-check, silent\)/,
  );
  rejects(
    { btard: { byzantine: [{ name: 'false-accusation', params: { via: 'vote' } }] } },
    /btard\.byzantine\[0\]\.params: false-accusation: parameter via must be gradient or check, got vote/,
  );
  rejects(
    { btard: { byzantine: [{ name: 'wrong-aggregate', params: { scale: 'x' } }] } },
    /btard\.byzantine\[0\]\.params: wrong-aggregate: parameter scale must be a finite number, got x/,
  );
  rejects({ btard: { byzantine: [{ name: 'false-check', params: { size: 1 } }] } }, /btard\.byzantine\[0\]\.params\.size: unknown parameter of false-check/);
  rejects({ btard: { byzantine: ['silent'] } }, /btard\.byzantine\[0\]: silent — needs btard\.timeoutMs/);
  rejects({ btard: { timeoutMs: 25 } }, /btard\.timeoutMs: 25 — a deadline bans honest peers on asynchronous links/);
  rejects({ btard: { timeoutMs: 15 }, ...sync }, /btard\.timeoutMs: 15 — needs ≥ 2Δ = 20/);
  rejects({ btard: { validators: 7 } }, /btard\.validators: 7 — at most the n = 6 peers/);
  rejects({ btard: { probability: 1.5 } }, /btard\.probability/);
  rejects({ server: { gar: 'median' } }, /server\.gar: median — btard aggregates each part with CenteredClip alone/);
  rejects({ server: { gar: { name: 'centered-clip', params: { tol: 0 } } } }, /server\.gar\.params\.tol: 0 — btard's check tolerance/);
  rejects({ workers: { f: 0, attack: undefined }, btard: { byzantine: ['false-check'] } }, /btard\.byzantine: behaviours given but workers\.f = 0/);
  t.notThrows(() => planScenario(btardDoc({ ...behaviours('false-check'), ...without }), 'b.yaml'), 'a behaviour stands for workers.attack');
});
