import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planScenario, ScenarioError } from '../../src/scenario/load.ts';
import { byzsim, scenarioFile, tempDir } from './cli.ts';

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

const doc = {
  name: 'gy',
  seed: 2,
  steps: 15,
  evalEvery: 15,
  protocol: 'guanyu',
  data: { name: 'mnist', train: 3000, test: 1000 },
  model: { name: 'logreg' },
  servers: { n: 6, f: 1, quorum: 5, attack: { name: 'arbitrary', params: { use: 'non-finite' } } },
  workers: { n: 9, f: 2, batch: 16, attack: { name: 'sign-flip', params: { scale: 20 } } },
  server: { gar: 'krum', quorum: 7, lr: 0.2 },
  network: { delay: { model: 'lognormal', medianMs: 5, sigma: 1 } },
};

test('guanyu validates its bounds with field, value and rule', (t) => {
  const rejects = (d: unknown, re: RegExp) => t.regex(t.throws(() => planScenario(d, 'g.yaml'), { instanceOf: ScenarioError })!.message, re);
  rejects({ ...doc, servers: { ...doc.servers, n: 5 } }, /servers\.n: 5 — guanyu needs n_ps ≥ 3f_ps\+3 \(f_ps = 1\)/);
  rejects({ ...doc, servers: { ...doc.servers, quorum: 6 } }, /servers\.quorum: 6 — guanyu needs 2f_ps\+3 ≤ q_ps ≤ n_ps−f_ps \(5 … 5\)/);
  rejects({ ...doc, server: { ...doc.server, quorum: 8 } }, /server\.quorum: 8 — guanyu needs 2f\+3 ≤ q_wr ≤ n−f \(7 … 7\)/);
  rejects({ ...doc, workers: { ...doc.workers, n: 8 } }, /workers\.n: 8 — guanyu needs n ≥ 3f\+3/);
  rejects(
    { ...doc, servers: { ...doc.servers, attack: 'alie' } },
    /servers\.attack: "alie" — unknown server behaviour \(known: arbitrary, equivocate, silent, slow, stale, attack; a worker attack on the replica's model is \{ name: arbitrary, params: \{ use: alie \} \}/,
  );
  rejects(
    { ...doc, servers: { ...doc.servers, attack: { name: 'arbitrary', params: { use: 'alie' } } } },
    /servers\.attack\.params: arbitrary: use: "alie" — omniscient; arbitrary transforms the replica's own model/,
  );
  rejects({ ...doc, protocol: 'ps', server: { gar: 'krum' } }, /servers: n=6, f=1 — protocol ps has one trusted server/);
  rejects({ ...doc, servers: undefined }, /servers: missing — protocol guanyu needs servers/);
});

test('outside its assumptions guanyu is refused naming --unsafe; unsafe: true waives the assumptions only, and run --unsafe runs it and says which', async (t) => {
  const small = { ...doc, servers: { ...doc.servers, n: 5, quorum: 4 } }; // n_ps = 3f_ps + 2: outside
  const msg = t.throws(() => planScenario(small, 'g.yaml'), { instanceOf: ScenarioError })!.message;
  t.regex(msg, /servers\.n: 5 — guanyu needs n_ps ≥ 3f_ps\+3 \(f_ps = 1\) \(an assumption of guanyu: --unsafe runs it anyway\)/);
  t.is(planScenario({ ...small, unsafe: true }, 'g.yaml').runs[0].config.unsafe, true);
  const stillRefused = t.throws(() => planScenario({ ...small, unsafe: true, server: { ...doc.server, timeoutMs: 5 } }, 'g.yaml'), {
    instanceOf: ScenarioError,
  })!.message;
  t.regex(stillRefused, /server\.timeoutMs: 5 — guanyu waits on quorums, not timeouts$/, 'what cannot be simulated is not an assumption');
  t.is(planScenario(doc, 'g.yaml').runs[0].config.unsafe, undefined, 'configs inside the assumptions keep their identity');
  const refused = await byzsim('run', scenarioFile(small), '--steps', '2', '--no-report', '--out', tempDir());
  t.is(refused.code, 2);
  const r = await byzsim(
    'run',
    scenarioFile({ ...small, data: { name: 'mnist', train: 900, test: 100 } }),
    '--steps',
    '2',
    '--no-report',
    '--unsafe',
    '--out',
    tempDir(),
  );
  t.is(r.code, 0, r.stderr);
  t.regex(r.stderr, /byzsim: unsafe: outside the assumptions of guanyu: servers\.n: 5 — guanyu needs n_ps ≥ 3f_ps\+3/);
});

test('guanyu: Krum learns through a non-finite Byzantine replica and Byzantine workers, correct replicas stay close; runs repeat exactly', async (t) => {
  const out = tempDir();
  const file = scenarioFile({ ...doc, grid: { 'server.gar': ['average', 'krum'] } });
  const other = tempDir();
  const [a, b] = await Promise.all([
    byzsim('run', file, '--out', out, '--trace'),
    byzsim('run', file, '--out', other, '--trace', '--no-report', '--threads', '2'),
  ]);
  t.is(a.code, 0, a.stderr);
  t.is(b.code, 0, b.stderr);
  const krum = lines(join(out, 'gar=krum', 'metrics.jsonl'));
  const avg = lines(join(out, 'gar=average', 'metrics.jsonl'));
  t.is(krum.length, 15);
  t.log({ krum: krum.at(-1).testAccuracy, average: avg.at(-1).testAccuracy, drift: krum.at(-1).drift });
  t.true(krum.at(-1).testAccuracy > 0.6, 'robust replicas learn');
  t.true(krum.at(-1).testAccuracy - avg.at(-1).testAccuracy > 0.4, 'averaging replicas are broken by the Byzantine workers');
  // q_ps = n_ps − f_ps and the NaN replica is filtered out: every correct replica merges the same
  // five models, so they agree exactly.
  t.true(
    krum.every((r) => r.drift === 0),
    'the NaN replica never reaches a correct model',
  );
  t.true(krum.at(-1).faulty > 0, 'its models were dropped and counted');
  const steps = lines(join(out, 'gar=krum', 'trace.jsonl')).filter((r) => r.ev === 'step');
  t.is(steps.length, 15 * 5, 'every correct replica finished every step');
  t.true(
    steps.every((s) => s.node !== 's5'),
    'the Byzantine replica is not judged',
  );
  t.true(readFileSync(join(out, 'index.html'), 'utf8').includes('drift.svg'));
  for (const f of ['metrics.jsonl', 'trace.jsonl'])
    t.is(readFileSync(join(out, 'gar=krum', f), 'utf8'), readFileSync(join(other, 'gar=krum', f), 'utf8'), `${f} repeats exactly`);
});

test('a replica crash-stops mid-run (servers.crashes): GuanYu goes on with the live replicas inside f_ps + c; validation names the rule', async (t) => {
  const rejects = (d: unknown, re: RegExp) => t.regex(t.throws(() => planScenario(d, 'g.yaml'), { instanceOf: ScenarioError })!.message, re);
  const crashOne = { ...doc, servers: { n: 6, f: 0, quorum: 5, crashes: [{ node: 's2', atMs: 40 }] } };
  rejects(
    { ...crashOne, servers: { ...crashOne.servers, quorum: undefined } },
    /servers\.quorum: 6 — guanyu needs 2f_ps\+3 ≤ q_ps ≤ n_ps−f_ps \(5 … 5; f_ps\+c = 0\+1\)/,
  );
  rejects(
    { ...crashOne, servers: { ...crashOne.servers, crashes: [{ node: 'w1', atMs: 4 }] } },
    /servers\.crashes\[0\]\.node: "w1" — not a replica of guanyu \(s0 … s5\)/,
  );
  rejects(
    {
      ...crashOne,
      servers: {
        ...crashOne.servers,
        crashes: [
          { node: 's1', atMs: 4 },
          { node: 's1', atMs: 9 },
        ],
      },
    },
    /servers\.crashes\[1\]\.node: "s1" — crashes once/,
  );
  rejects({ ...crashOne, servers: { ...doc.servers, crashes: [{ node: 's0', atMs: 4 }] } }, /servers\.n: 6 — guanyu needs n_ps ≥ 3f_ps\+3 \(f_ps\+c = 1\+1\)/);
  rejects(
    { ...crashOne, protocol: 'ps', servers: { n: 1, f: 0, crashes: [{ node: 'server', atMs: 1 }] }, server: { gar: 'krum' } },
    /servers\.crashes: 1 given — protocol ps has no replicated servers to crash/,
  );
  const out = tempDir();
  const r = await byzsim('run', scenarioFile({ ...crashOne, steps: 12, evalEvery: 12 }), '--out', out, '--trace', '--no-report');
  t.is(r.code, 0, r.stderr);
  const rows = lines(join(out, 'gy', 'metrics.jsonl'));
  const trace = lines(join(out, 'gy', 'trace.jsonl'));
  const crash = trace.find((x) => x.ev === 'crash');
  t.like(crash, { node: 's2', t: 40 });
  t.is(rows.length, 12, 'every step completed without s2');
  const stepsOf = (id: string) => trace.filter((x) => x.ev === 'step' && x.node === id);
  t.true(stepsOf('s2').length > 0 && stepsOf('s2').length < 12, 's2 finished some steps, then stopped');
  t.true(
    stepsOf('s2').every((x) => x.t <= 40),
    'nothing from s2 after its crash',
  );
  t.false(
    trace.some((x) => x.ev === 'send' && x.from === 's2' && x.t > 40),
    's2 sends nothing after it crashed',
  );
  t.is(stepsOf('s0').length, 12);
  t.true(rows.at(-1).testAccuracy > 0.5, `learns on (${rows.at(-1).testAccuracy})`);
});
