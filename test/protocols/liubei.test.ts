import test from 'ava';
import { loadData } from '../../src/learn/data/index.ts';
import { buildModel, createLocalEngine, type GradientEngine } from '../../src/learn/engine.ts';
import type { Message } from '../../src/net/link.ts';
import { PROTOCOLS } from '../../src/protocols/index.ts';
import type { HistoryRecord } from '../../src/protocols/runtime/history.ts';
import { gatherPeriod, isGather, liubeiSettings, roundMs } from '../../src/protocols/liubei/config.ts';
import { empiricalQuantile, lipschitzCoefficient, LipschitzFilter } from '../../src/protocols/liubei/lipschitz-filter.ts';
import { garDeviation, gradientSpread, localEstimate, modelBound } from '../../src/protocols/liubei/model-filter.ts';
import { judgeLiubei } from '../../src/protocols/liubei/predicates.ts';
import type { RunInput, RunResult } from '../../src/protocols/types.ts';
import { SERVER_ATTACKS } from '../../src/protocols/workload/server-attacks/index.ts';
import { planScenario, ScenarioError } from '../../src/scenario/load.ts';
import { resolveRun } from '../../src/scenario/resolve.ts';
import { runSchema } from '../../src/scenario/schema.ts';

const f32 = (...x: number[]) => Float32Array.from(x);

test('the Lipschitz coefficient is ‖G(w_new) − G(w_own)‖ / ‖w_new − w_own‖; the same model has k = 0', (t) => {
  t.is(lipschitzCoefficient(f32(3, 4), f32(0, 0), f32(1, 0), f32(0, 0)), 5);
  t.is(lipschitzCoefficient(f32(1, 1), f32(1, 1), f32(2, 2), f32(2, 2)), 0);
  t.is(lipschitzCoefficient(f32(1, 1), f32(0, 1), f32(2, 2), f32(2, 2)), Infinity);
});

test('the empirical quantile is the ⌈q·m⌉-th smallest value; the filter keeps each replica’s latest candidate coefficient (Kardam’s one per source)', (t) => {
  t.is(empiricalQuantile([4, 1, 3, 2], 0.75), 3);
  t.is(empiricalQuantile([4, 1, 3, 2], 1), 4);
  t.is(empiricalQuantile([5], 0.5), 5);
  const filter = new LipschitzFilter(0.75);
  t.deepEqual(filter.judge('s0', 2), { accept: true, bound: 2 }, 'the first coefficient is its own quantile');
  t.deepEqual(filter.judge('s1', 1), { accept: true, bound: 2 });
  t.deepEqual(filter.judge('s2', 3), { accept: true, bound: 3 }, 'no fourth entry: ⌈0.75·3⌉ = 3rd of {1, 2, 3}, the largest correct one passes');
  t.deepEqual(filter.judge('s3', 10), { accept: false, bound: 3 }, 'the largest of four lies above the 0.75 quantile');
  t.deepEqual(filter.judge('s3', 20), { accept: false, bound: 3 }, 'a replica has one entry however often it is judged: {1, 2, 3, 20}');
  t.deepEqual(filter.judge('s2', 0.5), { accept: true, bound: 2 }, 's2’s entry replaced: {0.5, 1, 2, 20}');
  filter.forget('s3');
  t.deepEqual(filter.judge('s0', 2.5), { accept: true, bound: 2.5 }, 's3 forgotten (its reply was no candidate): {0.5, 1, 2.5}');
  t.false(filter.judge('s1', Infinity).accept);
  t.deepEqual(filter.judge('s0', 2.5), { accept: true, bound: 2.5 }, 'a non-finite coefficient clears its entry: {0.5, 2.5}');
});

test('the model filter: B_t = γ(e_t + (1 + c_F)σ + 2c_Fσ·((t − 1) mod T)), σ = e_t/√2 by default; c_F = 1/k_F; w_local = w_own − γ g_own', (t) => {
  const e = gradientSpread(f32(3, 4), f32(0, 0));
  t.is(e, 5);
  const x = { lr: 0.1, spread: e, sigma: 2, deviation: 3, workerEquivocation: true, T: 3 };
  t.is(modelBound({ ...x, step: 1 }), 0.1 * (5 + 4 * 2));
  t.is(modelBound({ ...x, step: 3 }), 0.1 * (5 + 4 * 2 + 2 * 3 * 2 * 2), 's = 2 steps since the gather at step 0');
  t.is(modelBound({ ...x, step: 4 }), 0.1 * (5 + 4 * 2), 'the gather at step 3 reset the drift');
  t.is(modelBound({ ...x, step: 3, workerEquivocation: false }), 0.1 * (5 + 4 * 2), 'no drift term without worker equivocation');
  t.is(modelBound({ ...x, step: 1, sigma: undefined }), 0.1 * (5 + 4 * (5 / Math.SQRT2)), 'σ estimated as e_t/√2');
  t.deepEqual(localEstimate(f32(1, 1), f32(3, 4), 0.5), f32(-0.5, -1));
  const cfg = (gar: string, liubei?: object) =>
    runSchema.parse({ name: 'x', protocol: 'liubei', workers: { n: 9 }, server: { gar }, ...(liubei ? { liubei } : {}) });
  t.is(garDeviation(cfg('median'), 9, 2), Math.sqrt(7), 'median: 1/k_F = √(n − f)');
  t.true(Math.abs(garDeviation(cfg('mda'), 9, 2) - (Math.sqrt(8) * 2) / 7) < 1e-12, 'mda: √8·f/(n − f)');
  t.true(Math.abs(garDeviation(cfg('krum'), 9, 2) - Math.sqrt(2 * (7 + (2 * 5 + 4 * 6) / 3))) < 1e-12, 'krum: η(n, f)');
  t.is(garDeviation(cfg('trimmed-mean'), 9, 2), Math.sqrt(7), 'a rule without k_F takes the median’s');
  t.is(garDeviation(cfg('krum', { deviation: 1.5 }), 9, 2), 1.5, 'liubei.deviation overrides');
});

test('T = max(1, ⌊1/(3Lγ)⌋), gathers at t mod T = 0 from step T on; the round R = (f_ps+1)(2Δ+c) + c + 2Δ + a + m', (t) => {
  t.is(gatherPeriod(1, 0.1), 3);
  t.is(gatherPeriod(1, 0.001), 333);
  t.is(gatherPeriod(2, 0.5), 1);
  t.deepEqual(
    [0, 1, 2, 3, 6].map((s) => isGather(s, 3)),
    [false, false, false, true, true],
  );
  t.is(roundMs(1, { deltaMs: 10, gradientMs: 2, aggregateMs: 1, mergeMs: 0.5 }), 2 * 22 + 2 + 20 + 1.5);
  const cfg = runSchema.parse({
    name: 'x',
    protocol: 'liubei',
    servers: { n: 7, f: 2 },
    workers: { n: 5 },
    server: { lr: 0.1 },
    network: { synchrony: { mode: 'synchronous', deltaMs: 8 } },
  });
  t.like(liubeiSettings(cfg), { T: 3, quantile: 5 / 7, deltaMs: 8, gather: 'meamed', filters: true });
  t.false(liubeiSettings(cfg).modelFilter.workerEquivocation, 'byzsim’s workers send one gradient to every replica: no drift allowance by default');
});

const base = {
  name: 'lb',
  protocol: 'liubei',
  servers: { n: 4, f: 1, attack: 'arbitrary' },
  workers: { n: 9, f: 2, batch: 4, attack: 'sign-flip' },
  server: { gar: 'median' },
  network: { synchrony: { mode: 'synchronous', deltaMs: 20 } },
};
const rejects = (doc: object, re: RegExp) => (t: import('ava').ExecutionContext) =>
  t.regex(t.throws(() => planScenario(doc, 'l.yaml'), { instanceOf: ScenarioError })!.message, re);

test(
  'liubei refuses n_ps < 3f_ps + 1',
  rejects({ ...base, servers: { n: 3, f: 1, attack: 'silent' } }, /servers\.n: 3 — liubei needs n_ps ≥ 3f_ps\+1 \(f_ps = 1\)/),
);
test(
  'liubei refuses n < 2f + 1',
  rejects({ ...base, workers: { n: 4, f: 2, attack: 'sign-flip' }, server: { gar: 'average' } }, /workers\.n: 4 — liubei needs n ≥ 2f\+1 \(f = 2\)/),
);
test(
  'liubei refuses asynchronous links (an assumption)',
  rejects({ ...base, network: {} }, /network\.synchrony\.mode: asynchronous — liubei needs synchronous links .*--unsafe runs it anyway/),
);
test(
  'liubei refuses partial synchrony too',
  rejects(
    { ...base, network: { synchrony: { mode: 'partial', deltaMs: 5, gstMs: 100 } } },
    /network\.synchrony\.mode: partial — liubei needs synchronous links .*an assumption of liubei/,
  ),
);
test(
  'liubei refuses a replica quorum (it reads every replica)',
  rejects({ ...base, servers: { n: 4, f: 1, quorum: 3, attack: 'silent' } }, /servers\.quorum: 3 — liubei reads every replica/),
);
test(
  'liubei refuses a quantile below (n_ps − f_ps)/n_ps',
  rejects({ ...base, liubei: { quantile: 0.5 } }, /liubei\.quantile: 0\.5 — needs ≥ \(n_ps − f_ps\)\/n_ps = 0\.75/),
);
test(
  'liubei checks the GAR at q_wr gradients',
  rejects({ ...base, workers: { n: 5, f: 2, attack: 'sign-flip' }, server: { gar: 'krum' } }, /server\.gar: krum: needs n ≥ 2f\+3/),
);
test(
  'the liubei section is refused under another protocol',
  rejects(
    { ...base, protocol: 'guanyu', servers: { n: 6, f: 1, attack: 'silent' }, liubei: { T: 2 } },
    /liubei: only for protocol: liubei, got protocol guanyu/,
  ),
);
test('liubei needs servers', rejects({ ...base, servers: undefined }, /servers: missing — protocol liubei needs servers/));

test('unsafe: true lets liubei run on partial or asynchronous links and outside its bounds; asynchronous links still need a Δ to assume', (t) => {
  const plan = (doc: object) => planScenario({ ...base, unsafe: true, ...doc }, 'l.yaml');
  t.notThrows(() => plan({ network: { synchrony: { mode: 'partial', deltaMs: 5, gstMs: 100 } } }));
  t.notThrows(() => plan({ network: {}, liubei: { deltaMs: 30 } }));
  t.notThrows(() => plan({ servers: { n: 3, f: 1, attack: 'silent' } }));
  t.regex(t.throws(() => plan({ network: {} }), { instanceOf: ScenarioError })!.message, /liubei\.deltaMs: missing — asynchronous links have no delay bound/);
});

// ---- the behaviours inside LiuBei (real actors, a tiny real task) ----------------------------

const data = { name: 'synthetic', features: 4, examples: 240, train: 200, test: 40 };
const ds = loadData(data as never, 1);
const model = buildModel({ name: 'logreg', options: {}, data: { features: 4, shape: [4], classes: 2 } });
let engine: GradientEngine;
test.before(async () => {
  engine = await createLocalEngine(model, 'cpu');
});

interface Seen {
  readonly r: RunResult;
  readonly msgs: { from: string; to: string; msg: Message }[];
  readonly history: HistoryRecord[];
}

async function runWith(doc: object): Promise<Seen> {
  const config = planScenario(
    { ...base, seed: 4, steps: 8, evalEvery: 8, logVnRatio: false, data, model: { name: 'logreg' }, liubei: { T: 4 }, ...doc },
    'l.yaml',
  ).runs[0].config;
  const msgs: Seen['msgs'] = [];
  const history: HistoryRecord[] = [];
  const input: RunInput = {
    plan: resolveRun(config),
    model,
    train: ds.train,
    test: ds.test,
    engine,
    scheduler: (from, to, msg) => void msgs.push({ from, to, msg }),
    onTrace: (rec) => void history.push(rec),
  };
  const r = await (await PROTOCOLS.get('liubei')!.run())(input);
  return { r, msgs, history };
}

const of = <E extends HistoryRecord['ev']>(s: Seen, ev: E) => s.history.filter((r) => r.ev === ev) as Extract<HistoryRecord, { ev: E }>[];

for (const name of SERVER_ATTACKS.keys())
  test(`liubei + ${name}: completes every step, correct workers pull at most f_ps + 1 times a step, the gather at step 4 is recorded, far models never pass`, async (t) => {
    const s = await runWith({ servers: { n: 4, f: 1, attack: name } });
    t.false(s.r.stalled, s.r.reason?.detail);
    t.is(s.r.rows.length, 8);
    t.true(s.r.finalParams.every(Number.isFinite));
    const pulls = of(s, 'pull').filter((p) => !['w7', 'w8'].includes(p.node));
    for (let step = 1; step < 8; step++)
      for (const w of ['w0', 'w1', 'w2', 'w3', 'w4', 'w5', 'w6']) {
        const mine = pulls.filter((p) => p.node === w && p.step === step);
        t.true(step === 4 ? mine.length === 0 : mine.length >= 1 && mine.length <= 2, `${w} step ${step}: ${mine.length} pulls`);
      }
    t.deepEqual(
      of(s, 'gather').map((g) => g.step),
      [4],
    );
    if (name === 'arbitrary' || name === 'equivocate')
      t.is(
        s.r.rows.reduce((a, r) => a + Number(r.byzantineAccepted), 0),
        0,
        'far models never pass the model filter',
      );
    if (name === 'silent') t.true(of(s, 'timeout').length > 0 && s.msgs.every((m) => m.from !== 's3'));
  });

test('liubei + a crash-stopped correct replica (servers.crashes): it answers no pull, workers move to the next replica, gathers merge what arrives; F = f_ps + c bounds the pulls', async (t) => {
  const doc = { servers: { n: 7, f: 1, attack: 'arbitrary', crashes: [{ node: 's1', atMs: 1 }] } };
  const s = await runWith(doc);
  t.false(s.r.stalled, s.r.reason?.detail);
  t.is(s.r.rows.length, 8);
  t.true(of(s, 'crash').some((c) => c.node === 's1'));
  t.true(
    s.msgs.every((m) => m.from !== 's1'),
    'a replica crashed at 1 ms sends nothing',
  );
  const correctWorker = (id: string) => id.startsWith('w') && !['w7', 'w8'].includes(id);
  const pulls = of(s, 'pull').filter((p) => correctWorker(p.node));
  const toCrashed = pulls.filter((p) => p.from === 's1');
  t.true(toCrashed.length > 0, 'some workers pulled the crashed replica');
  for (const p of toCrashed) {
    const next = pulls.find((q) => q.node === p.node && q.step === p.step && q.attempt === p.attempt + 1);
    t.truthy(next, `${p.node} moved on from s1 at step ${p.step}`);
  }
  for (const w of new Set(pulls.map((p) => p.node)))
    for (let step = 1; step < 8; step++) t.true(pulls.filter((p) => p.node === w && p.step === step).length <= 3, `${w} step ${step}: at most F + 1 = 3 pulls`);
  const gathers = of(s, 'aggregate').filter((a) => a.kind === 'gather-model' && a.step === 4);
  t.true(gathers.length > 0 && gathers.every((a) => !a.used.includes('s1') && a.used.length >= 7 - 2), 'gathers merged the n_ps − F models that arrived');
  t.deepEqual(judgeLiubei(s.history, nodesOf(doc), 2), []);
});

test('liubei + a correct replica crashing mid-run: the steps it had not finished are released by the others, every step has its row', async (t) => {
  const servers = { n: 7, f: 1, attack: 'arbitrary' };
  const clean = await runWith({ servers });
  const at = of(clean, 'step').find((r) => r.node === 's2' && r.step === 3)!.t + 0.001; // just after s2 finished step 3
  const doc = { servers: { ...servers, crashes: [{ node: 's2', atMs: at }] } };
  const s = await runWith(doc);
  t.false(s.r.stalled, s.r.reason?.detail);
  t.is(s.r.rows.length, 8);
  const steps = of(s, 'step').filter((r) => r.node === 's2');
  t.deepEqual(
    steps.map((r) => r.step),
    [0, 1, 2, 3],
    's2 finished steps 0–3, then stopped',
  );
  t.deepEqual(judgeLiubei(s.history, nodesOf(doc), 2), []);
});

test(
  'liubei counts crashed correct replicas in f_ps: n_ps ≥ 3(f_ps + c) + 1',
  rejects(
    { ...base, servers: { n: 6, f: 1, attack: 'silent', crashes: [{ node: 's0', atMs: 5 }] } },
    /servers\.n: 6 — liubei needs n_ps ≥ 3f_ps\+1 \(f_ps\+c = 1\+1\)/,
  ),
);

test('plain averaging of replicas: T = 1 and gather average takes every replica’s model every step (no pulls)', async (t) => {
  const s = await runWith({ liubei: { T: 1, gather: 'average' } });
  t.is(s.r.rows.length, 8);
  t.is(of(s, 'pull').length, 0);
  t.deepEqual(
    of(s, 'gather').map((g) => g.step),
    [1, 2, 3, 4, 5, 6, 7],
  );
});

test('--unsafe on asynchronous links with too small a Δ: pulls from correct replicas time out and workers fall back (what synchrony buys)', async (t) => {
  const s = await runWith({
    unsafe: true,
    network: { delay: { model: 'exponential', meanMs: 5 } },
    liubei: { T: 4, deltaMs: 1 },
    servers: { n: 4, f: 1, attack: 'silent' },
  });
  t.false(s.r.stalled, s.r.reason?.detail);
  const correctWorker = (id: string) => id.startsWith('w') && !['w7', 'w8'].includes(id);
  const toSilent = of(s, 'pull').filter((p) => correctWorker(p.node) && p.from === 's3').length;
  const timeouts = s.r.rows.reduce((a, r) => a + Number(r.timeouts), 0);
  t.true(timeouts > toSilent, `${timeouts} pulls timed out, ${toSilent} of them could be the silent replica's`);
  t.true(s.r.rows.reduce((a, r) => a + Number(r.fallbacks), 0) > 0, 'some workers exhausted their f_ps + 1 pulls');
});

// ---- the predicates on recorded histories ---------------------------------------------------------

const nodesOf = (doc: object) => PROTOCOLS.get('liubei')!.nodes(runSchema.parse({ ...base, ...doc }));

test('the predicates hold on recorded runs under equivocate and arbitrary, and find a worker that adopted without its filters', async (t) => {
  for (const attack of ['equivocate', 'arbitrary']) {
    const doc = { servers: { n: 4, f: 1, attack } };
    const s = await runWith(doc);
    t.true(
      of(s, 'filter').some((r) => !r.accept),
      `${attack}: some models were rejected`,
    );
    t.deepEqual(judgeLiubei(s.history, nodesOf(doc), 1), [], attack);
  }
  const off = { servers: { n: 4, f: 1, attack: 'arbitrary' }, liubei: { T: 4, filters: false } };
  const s = await runWith(off);
  const v = judgeLiubei(s.history, nodesOf(off), 1);
  t.true(v.length > 0 && v.every((x) => x.property === 'filtered-adoption'));
  t.regex(v[0].detail, /^w\d adopted s\d's model of step \d, but no lipschitz or model filter accepted it$/);
});

test('the predicates judge records: a rejected model adopted, too many pulls, a gather that spreads the replicas', (t) => {
  const nodes = nodesOf({});
  const h: HistoryRecord[] = [
    { t: 0, ev: 'pull', node: 'w0', step: 1, from: 's1', attempt: 0 },
    { t: 1, ev: 'filter', node: 'w0', step: 1, from: 's1', kind: 'pulled-model', accept: true, rule: 'lipschitz', value: 1, bound: 2 },
    { t: 1, ev: 'filter', node: 'w0', step: 1, from: 's1', kind: 'pulled-model', accept: false, rule: 'model', value: 5, bound: 3 },
    { t: 2, ev: 'step', node: 'w0', step: 1, used: ['s1'] },
    { t: 3, ev: 'pull', node: 'w1', step: 1, from: 's0', attempt: 0 },
    { t: 3, ev: 'pull', node: 'w1', step: 1, from: 's1', attempt: 1 },
    { t: 3, ev: 'pull', node: 'w1', step: 1, from: 's2', attempt: 2 },
    { t: 3, ev: 'pull', node: 'w8', step: 1, from: 's2', attempt: 2 }, // Byzantine workers are not judged
    { t: 4, ev: 'gather', step: 3, rule: 'meamed', correct: 3, before: 0.1, after: 2 },
    { t: 4, ev: 'gather', step: 6, rule: 'meamed', correct: 3, before: 0.1, after: 0.5 },
    { t: 4, ev: 'gather', step: 9, rule: 'average', correct: 3, before: 0.1, after: 9 },
  ];
  t.deepEqual(
    judgeLiubei(h, nodes, 1).map((v) => [v.property, v.node, v.step]),
    [
      ['filtered-adoption', 'w0', 1],
      ['pull-bound', 'w1', 1],
      ['gather-drift', '*', 3],
    ],
  );
  t.regex(judgeLiubei(h, nodes, 1)[0].detail, /w0 adopted s1's model of step 1, but its model filter rejected it \(5 > 3\)/);
});
