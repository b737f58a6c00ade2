import test from 'ava';
import { alieVector } from '../../src/attacks/alie.ts';
import { gaussian } from '../../src/attacks/gaussian.ts';
import { loadData } from '../../src/learn/data/index.ts';
import { buildModel, createLocalEngine, type GradientEngine } from '../../src/learn/engine.ts';
import { initParams } from '../../src/learn/model.ts';
import type { Message, TraceRecord } from '../../src/net/link.ts';
import { PROTOCOLS } from '../../src/protocols/index.ts';
import type { RunInput, RunResult } from '../../src/protocols/types.ts';
import { checkServerAttack, senderDelays, SERVER_ATTACKS, serverBehaviour } from '../../src/protocols/workload/server-attacks/index.ts';
import { planScenario, ScenarioError } from '../../src/scenario/load.ts';
import { resolveRun } from '../../src/scenario/resolve.ts';
import { stream } from '../../src/sim/rng.ts';
import { byzsim } from '../e2e/cli.ts';

const setting = (over: object = {}) => ({
  seed: 7,
  index: 3,
  id: 's3',
  nPs: 4,
  fPs: 1,
  synchrony: { mode: 'synchronous', deltaMs: 10 } as const,
  isCorrect: (id: string) => id !== 's3',
  ...over,
});
const own = Float32Array.from([1, -2, 3, 0.5]);
const to = ['w0', 'w1', 's1'];

test('the registry: one behaviour per name, each documented with what it breaks', (t) => {
  t.deepEqual([...SERVER_ATTACKS.keys()], ['arbitrary', 'equivocate', 'silent', 'slow', 'stale', 'attack']);
  for (const a of SERVER_ATTACKS.values()) t.true(a.summary.length > 0 && a.breaks.length > 0, a.name);
});

test('servers.attack is checked: name, its parameters, the worker attack it uses', (t) => {
  t.deepEqual(checkServerAttack({ name: 'arbitrary', params: { use: 'gaussian', std: 10 } }, 6, 1), []);
  t.deepEqual(checkServerAttack('silent', 6, 1), []);
  t.deepEqual(checkServerAttack(undefined, 6, 0), []);
  t.regex(
    checkServerAttack(undefined, 6, 1)[0],
    /^servers\.attack: missing — servers\.f = 1 Byzantine replicas need a behaviour \(known: arbitrary, equivocate, silent, slow, stale, attack\)$/,
  );
  t.regex(
    checkServerAttack('gaussian', 6, 1)[0],
    /^servers\.attack: "gaussian" — unknown server behaviour .*\{ name: arbitrary, params: \{ use: gaussian \} \}/,
  );
  t.is(checkServerAttack({ name: 'stale', params: { kk: 2 } }, 6, 1)[0], 'servers.attack.params.kk: unknown parameter of stale (known: k)');
  t.regex(checkServerAttack({ name: 'stale', params: { k: 0 } }, 6, 1)[0], /^servers\.attack\.params\.k: 0 — stale: /);
  t.regex(checkServerAttack({ name: 'slow', params: { fraction: 2 } }, 6, 1)[0], /^servers\.attack\.params\.fraction: 2 — slow: /);
  t.regex(
    checkServerAttack({ name: 'arbitrary', params: { use: 'alie' } }, 6, 1)[0],
    /^servers\.attack\.params: arbitrary: use: "alie" — omniscient; arbitrary transforms the replica's own model/,
  );
  t.regex(checkServerAttack({ name: 'attack', params: { use: 'label-flip' } }, 6, 1)[0], /use: "label-flip" — a data attack/);
  t.regex(checkServerAttack({ name: 'attack', params: { use: 'nope' } }, 6, 1)[0], /use: "nope" — unknown attack \(known: sign-flip/);
  t.regex(
    checkServerAttack({ name: 'arbitrary', params: { use: 'gaussian', std: -1 } }, 6, 1)[0],
    /^servers\.attack\.params: arbitrary: gaussian: std must be a finite number ≥ 0/,
  );
  t.regex(
    checkServerAttack({ name: 'attack', params: { use: 'alie' } }, 4, 3)[0],
    /^servers\.attack\.params: attack: alie: z = Φ⁻¹\(…\) is undefined for n=4, f=3/,
  );
});

test('arbitrary: one crafted vector to everybody, the inner attack on its own model with the replica’s streams', (t) => {
  const b = serverBehaviour({ name: 'arbitrary', params: { use: 'gaussian', std: 10 } }, setting());
  const out = b.models('model', 4, own, to);
  t.is(out.length, 3);
  t.true(
    out.every((x) => x === out[0]),
    'the same vector to every recipient',
  );
  const expected = gaussian.craft!({
    step: 4,
    n: 4,
    f: 1,
    own,
    honest: [],
    rng: stream(7, 'replica/3/attack/4'),
    sharedRng: stream(7, 'replica/byz/shared'),
    params: { std: 10 },
  });
  t.deepEqual(out[0], expected);
});

test('equivocate: a different model to each recipient, around its own, the same again for the same (channel, recipient, step)', (t) => {
  const b = serverBehaviour({ name: 'equivocate', params: { std: 0.5 } }, setting());
  const out = b.models('model', 2, own, to) as Float32Array[];
  for (let i = 0; i < out.length; i++) for (let j = i + 1; j < out.length; j++) t.notDeepEqual(out[i], out[j]);
  t.deepEqual(b.models('model', 2, own, to), out);
  t.notDeepEqual(b.models('gather', 2, own, to), out, 'each channel draws its own');
  const dist = Math.hypot(...out[0].map((x, k) => x - own[k]));
  t.true(dist > 0 && dist < 5);
});

test('silent sends nothing; slow sends its own model as late as the synchrony bound allows', (t) => {
  t.deepEqual(serverBehaviour('silent', setting()).models('model', 0, own, to), [undefined, undefined, undefined]);
  const sync = serverBehaviour('slow', setting());
  t.deepEqual(sync.models('model', 0, own, to), [own, own, own]);
  t.is(sync.delayMs, 9.9);
  t.is(serverBehaviour({ name: 'slow', params: { fraction: 0.5 } }, setting()).delayMs, 5);
  t.is(serverBehaviour('slow', setting({ synchrony: { mode: 'asynchronous' } })).delayMs, 1000);
  t.is(serverBehaviour({ name: 'slow', params: { delayMs: 70 } }, setting({ synchrony: { mode: 'partial', deltaMs: 10, gstMs: 100 } })).delayMs, 70);
  const hook = senderDelays((_f, _t, _m, now) => now + 1, new Map([['s3', 9.9]]));
  const msg: Message = { kind: 'x', step: 0 };
  t.is(hook!('s3', 'w0', msg, 5), 9.9);
  t.is(hook!('s1', 'w0', msg, 5), 6, 'other senders keep the base schedule');
  const base = () => 1;
  t.is(senderDelays(base, new Map()), base, 'no slow sender: the hook is unchanged');
});

test('stale: on each channel, the model of k steps ago (the first one before step k)', (t) => {
  const b = serverBehaviour({ name: 'stale', params: { k: 2 } }, setting());
  const models = [0, 1, 2, 3, 4].map((s) => Float32Array.from([s]));
  const sent = models.map((m, s) => (b.models('model', s, m, ['w0'])[0] as Float32Array)[0]);
  t.deepEqual(sent, [0, 0, 0, 1, 2]);
  // a channel that sends every third step (a gather): the latest model of a step ≤ t − k
  const g = serverBehaviour({ name: 'stale', params: { k: 2 } }, setting());
  t.deepEqual(
    [0, 3, 6].map((s) => (g.models('gather', s, Float32Array.from([s]), ['w0'])[0] as Float32Array)[0]),
    [0, 0, 3],
  );
});

test('attack: an omniscient worker attack on the correct replicas’ models it received and its own', (t) => {
  const b = serverBehaviour({ name: 'attack', params: { use: 'alie', z: 2 } }, setting());
  const seen = [Float32Array.from([0, 0, 0, 0]), Float32Array.from([2, 2, 2, 2])];
  b.observe('s1', 3, seen[0]);
  b.observe('s2', 3, seen[1]);
  b.observe('s3', 3, Float32Array.from([100, 100, 100, 100])); // itself / a colluder: not a correct model
  b.observe('s1', 2, Float32Array.from([9, 9, 9, 9])); // older than what it holds from s1
  const out = b.models('model', 4, own, to);
  t.true(out.every((x) => x === out[0]));
  t.deepEqual(out[0], alieVector([own, ...seen], 2));
  const foe = serverBehaviour({ name: 'attack', params: { use: 'foe', epsilon: 1 } }, setting());
  t.deepEqual(
    foe.models('model', 0, own, ['w0'])[0],
    Float32Array.from(own, (x) => -x),
    'nothing seen yet: −ε·own',
  );
  const flip = serverBehaviour({ name: 'attack', params: { use: 'sign-flip', scale: 2 } }, setting());
  t.deepEqual(
    flip.models('model', 0, own, ['w0'])[0],
    Float32Array.from(own, (x) => -2 * x),
    'a non-omniscient attack acts on its own model',
  );
  const early = serverBehaviour({ name: 'attack', params: { use: 'alie', z: 2 } }, setting());
  t.is(early.models('model', 0, own, ['w0'])[0], own, 'ALIE over its own model alone (σ undefined with ddof 1): it sends its own model, not NaN');
  const nonFinite = serverBehaviour({ name: 'attack', params: { use: 'non-finite' } }, setting());
  t.false(
    Array.from(nonFinite.models('model', 0, own, ['w0'])[0] as Float32Array).every(Number.isFinite),
    'non-finite (not omniscient) still sends its non-finite model',
  );
});

// ---- the behaviours inside GuanYu (real actors, a tiny real task) ----------------------------

const data = { name: 'synthetic', features: 4, examples: 240, train: 200, test: 40 };
const ds = loadData(data as never, 1);
const model = buildModel({ name: 'logreg', options: {}, data: { features: 4, shape: [4], classes: 2 } });
let engine: GradientEngine;
test.before(async () => {
  engine = await createLocalEngine(model, 'cpu');
});

interface Seen {
  readonly r: RunResult;
  /** Every message handed to a link, with its sender and recipient. */
  readonly msgs: { from: string; to: string; msg: Message & { params?: unknown } }[];
  readonly trace: TraceRecord[];
}

const guanyu = { protocol: 'guanyu', workers: { n: 9, f: 2, batch: 4, attack: 'sign-flip' }, server: { gar: 'median', quorum: 7, lr: 0.1 } };

async function runWith(doc: object): Promise<Seen> {
  const config = planScenario({ name: 'sa', seed: 4, steps: 5, evalEvery: 5, logVnRatio: false, data, model: { name: 'logreg' }, ...doc }, 'sa.yaml').runs[0]
    .config;
  const msgs: Seen['msgs'] = [];
  const trace: TraceRecord[] = [];
  const input: RunInput = {
    plan: resolveRun(config),
    model,
    train: ds.train,
    test: ds.test,
    engine,
    scheduler: (from, to, msg) => void msgs.push({ from, to, msg }),
    onTrace: (rec) => void ('from' in rec && 'to' in rec && trace.push(rec as TraceRecord)),
  };
  const r = await (await PROTOCOLS.get(config.protocol)!.run())(input);
  return { r, msgs, trace };
}

const servers = (attack: unknown) => ({ servers: { n: 6, f: 1, quorum: 5, attack } });
const fromS5 = (s: Seen, kind: string) => s.msgs.filter((m) => m.from === 's5' && m.msg.kind === kind);
const finishes = (t: import('ava').ExecutionContext, s: Seen) => {
  t.false(s.r.stalled);
  t.is(s.r.rows.length, 5);
  t.true(s.r.finalParams.every(Number.isFinite));
};

test('guanyu + silent: the Byzantine replica’s models are never sent, and the run completes on the quorums', async (t) => {
  const s = await runWith({ ...guanyu, ...servers('silent') });
  finishes(t, s);
  t.is(s.msgs.filter((m) => m.from === 's5').length, 0);
  t.true(s.msgs.filter((m) => m.from === 's4').length > 0);
});

test('guanyu + equivocate: distinct models to distinct workers and distinct updates to distinct replicas, the same step', async (t) => {
  const s = await runWith({ ...guanyu, ...servers({ name: 'equivocate', params: { std: 0.1 } }) });
  finishes(t, s);
  for (const kind of ['replica-model', 'peer-model']) {
    const step2 = fromS5(s, kind).filter((m) => m.msg.step === 2);
    t.is(step2.length, kind === 'replica-model' ? 9 : 5);
    t.is(new Set(step2.map((m) => Array.from(m.msg.params as Float32Array).join())).size, step2.length, `${kind}: all distinct`);
  }
  t.true(s.r.rows.every((row) => Number.isFinite(row.drift)));
});

test('guanyu + slow: every message of the Byzantine replica takes its delay (async: delayMs; synchronous: just under Δ)', async (t) => {
  const a = await runWith({ ...guanyu, ...servers({ name: 'slow', params: { delayMs: 40 } }) });
  finishes(t, a);
  const sends = a.trace.filter((r) => r.ev === 'send' && r.from === 's5');
  t.true(sends.length > 0 && sends.every((r) => Math.abs(r.at! - r.t - 40) < 1e-9));
  t.true(
    a.trace.some((r) => r.ev === 'send' && r.from === 's4' && r.at! - r.t !== 40),
    'correct replicas keep the delay model',
  );
  const sync = await runWith({ ...guanyu, ...servers('slow'), network: { synchrony: { mode: 'synchronous', deltaMs: 8 } } });
  t.true(sync.trace.filter((r) => r.ev === 'send' && r.from === 's5').every((r) => Math.abs(r.at! - r.t - 0.99 * 8) < 1e-9));
});

test('guanyu + stale: the Byzantine replica sends the initial model for its first k steps, then older models', async (t) => {
  const s = await runWith({ ...guanyu, ...servers({ name: 'stale', params: { k: 2 } }) });
  finishes(t, s);
  const init = initParams(model, stream(4, 'model/init'));
  const models = fromS5(s, 'replica-model').filter((m) => m.to === 'w0');
  t.deepEqual(
    models.map((m) => m.msg.step),
    [0, 1, 2, 3, 4],
  );
  t.true(
    models.slice(0, 3).every((m) => (m.msg.params as Float32Array).every((x, k) => x === init[k])),
    'steps 0–2: the model of step 0',
  );
  t.false(
    (models[3].msg.params as Float32Array).every((x, k) => x === init[k]),
    'step 3: its model of step 1',
  );
  const correct = s.msgs.find((m) => m.from === 's0' && m.to === 'w0' && m.msg.kind === 'replica-model' && m.msg.step === 3)!;
  t.notDeepEqual(models[3].msg.params, correct.msg.params);
});

test('guanyu + attack (foe): the crafted model from its own and the updates of correct replicas it received', async (t) => {
  const s = await runWith({ ...guanyu, ...servers({ name: 'attack', params: { use: 'foe', epsilon: 1 } }) });
  finishes(t, s);
  const init = initParams(model, stream(4, 'model/init'));
  const first = fromS5(s, 'replica-model').find((m) => m.msg.step === 0)!;
  t.deepEqual(
    first.msg.params,
    Float32Array.from(init, (x) => -x),
    'step 0: nothing seen yet, −own',
  );
  const later = fromS5(s, 'replica-model').find((m) => m.msg.step === 3)!;
  t.true((later.msg.params as Float32Array).every(Number.isFinite));
});

test('replicas are nodes of links and partitions: a slow link from s0, a partition cutting s5 off', async (t) => {
  const slowLink = await runWith({ ...guanyu, ...servers('arbitrary'), network: { links: [{ from: 's0', to: '*', delay: { model: 'fixed', ms: 30 } }] } });
  finishes(t, slowLink);
  const s0 = slowLink.trace.filter((r) => r.ev === 'send' && r.from === 's0');
  t.true(s0.length > 0 && s0.every((r) => Math.abs(r.at! - r.t - 30) < 1e-9));
  const cut = await runWith({
    ...guanyu,
    ...servers('arbitrary'),
    network: { partitions: [{ fromMs: 0, toMs: 1e9, groups: [['s0', 's1', 's2', 's3', 's4', 'w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7', 'w8'], ['s5']] }] },
  });
  finishes(t, cut);
  const s5 = cut.trace.filter((r) => r.from === 's5');
  t.true(s5.length > 0 && s5.every((r) => r.ev === 'drop'), 'everything s5 sends is dropped');
  t.is(cut.r.rows.at(-1)!.drift, 0, 'correct replicas never see it: they merge the same five updates');
  t.throws(() => planScenario({ name: 'x', ...guanyu, ...servers('arbitrary'), network: { links: [{ from: 's9', to: '*', loss: 0.5 }] } }, 'x.yaml'), {
    instanceOf: ScenarioError,
    message: /network\.links\[0\]\.from: "s9" — unknown node \(nodes of guanyu are s0 … s5, w0 … w8, or \*\)/,
  });
});

test('byzsim list server-attacks names every behaviour with its defaults', async (t) => {
  const r = await byzsim('list', 'server-attacks');
  t.is(r.code, 0, r.stderr);
  for (const [name, a] of SERVER_ATTACKS) t.regex(r.stdout, new RegExp(`^  ${name} +${a.summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'));
});
