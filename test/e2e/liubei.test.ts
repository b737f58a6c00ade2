import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_ATTACKS } from '../../src/protocols/workload/server-attacks/index.ts';
import { byzsim, scenarioFile, tempDir } from './cli.ts';

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const sum = (rows: Record<string, number>[], key: string) => rows.reduce((a, r) => a + r[key], 0);

const arbitrary = { name: 'arbitrary', params: { use: 'gaussian', std: 10 } };
const foe = { name: 'attack', params: { use: 'foe', epsilon: 4 } };
const alie = { name: 'attack', params: { use: 'alie' } };
/** Each server behaviour (`attack` twice: FoE and ALIE) by the label of its rows. */
const behaviours: Record<string, unknown> = {
  ...Object.fromEntries([...SERVER_ATTACKS.keys()].filter((name) => name !== 'attack').map((name) => [name, name])),
  arbitrary,
  stale: { name: 'stale', params: { k: 5 } },
  foe,
  alie,
};
const average = { T: 1, gather: 'average' };
/** The second column: the paper's drift allowance for Byzantine workers that send each replica a different gradient. */
const allowance = { T: 5, workerEquivocation: true };

const doc = {
  name: 'lb',
  seed: 3,
  steps: 20,
  evalEvery: 20,
  logVnRatio: false,
  protocol: 'liubei',
  data: { name: 'mnist', train: 2000, test: 500 },
  model: { name: 'logreg' },
  servers: { n: 4, f: 1, attack: 'silent' },
  workers: { n: 9, f: 2, batch: 16, attack: { name: 'sign-flip', params: { scale: 20 } } },
  server: { gar: 'median', lr: 0.2 },
  liubei: { T: 5 },
  network: { delay: { model: 'lognormal', medianMs: 5, sigma: 1 }, synchrony: { mode: 'synchronous', deltaMs: 40 } },
  variants: [
    ...Object.entries(behaviours).flatMap(([label, b]) => [
      { label, set: { 'servers.attack': b } },
      { label: `${label}-allowance`, set: { 'servers.attack': b, liubei: allowance } },
    ]),
    { label: 'average-arbitrary', set: { 'servers.attack': arbitrary, liubei: average } },
    { label: 'average-attack', set: { 'servers.attack': foe, liubei: average } },
  ],
};

test('liubei learns MNIST with a Byzantine replica under every behaviour; plain averaging of replicas does not; at the defaults its filters reject ≥ 90 % of an arbitrary or FoE replica’s models with < 5 % false rejections (README table)', async (t) => {
  t.timeout(10 * 60_000); // 16 short runs, a few seconds of CPU each on an idle machine; the suite shares 2 cores
  const out = tempDir();
  const r = await byzsim('run', scenarioFile(doc), '--out', out, '--no-report');
  t.is(r.code, 0, r.stderr);
  const rows = (label: string) => lines(join(out, label, 'metrics.jsonl'));
  const accuracy = (label: string) => rows(label).at(-1).testAccuracy as number;
  const rates = (label: string) => {
    const x = rows(label);
    const byz = sum(x, 'byzantineJudged');
    const correct = sum(x, 'judged') - byz;
    return {
      byzantineRejected: byz === 0 ? null : 1 - sum(x, 'byzantineAccepted') / byz,
      falseRejected: sum(x, 'falseRejections') / correct,
      pulls: sum(x, 'pulls'),
      fallbacks: sum(x, 'fallbacks'),
    };
  };
  const measured = Object.fromEntries(
    doc.variants.map((v) => [v.label, { accuracy: accuracy(v.label), ...(v.label.startsWith('average') ? {} : rates(v.label)) }]),
  );
  t.log(measured);
  for (const v of doc.variants) if (!v.label.startsWith('average')) t.true(accuracy(v.label) > 0.6, `liubei learns under ${v.label}: ${accuracy(v.label)}`);
  t.true(accuracy('average-arbitrary') < 0.3, 'averaging replicas follows the noise');
  t.true(accuracy('average-attack') < 0.3, 'averaging replicas follows −μ');
  for (const label of ['arbitrary', 'equivocate', 'arbitrary-allowance', 'equivocate-allowance'])
    t.is(rates(label).byzantineRejected, 1, `${label}: every far model rejected`);
  for (const label of ['arbitrary', 'equivocate', 'foe', 'silent'])
    t.true(rates(label).falseRejected < 0.05, `${label}: < 5 % of correct models rejected: ${rates(label).falseRejected}`);
  t.true(rates('foe').byzantineRejected! >= 0.9, `the model filter rejects FoE at the defaults: ${rates('foe').byzantineRejected}`);
  t.true(rows('silent').every((row) => row.byzantineJudged === 0) && sum(rows('silent'), 'timeouts') > 0, 'a silent replica is timed out, never judged');
});

test('at the defaults over seeds 1–4, pooled: an arbitrary replica’s models all rejected, a FoE replica’s ≥ 90 % (the few that pass come in the first steps, while −ε·μ lies within B_t of a correct step); < 5 % false rejections', async (t) => {
  t.timeout(10 * 60_000); // 8 short runs
  const out = tempDir();
  const seeds = [1, 2, 3, 4];
  const doc4 = {
    ...doc,
    seeds,
    variants: [
      { label: 'arbitrary', set: { 'servers.attack': arbitrary } },
      { label: 'foe', set: { 'servers.attack': foe } },
    ],
  };
  const r = await byzsim('run', scenarioFile(doc4), '--out', out, '--no-report');
  t.is(r.code, 0, r.stderr);
  for (const label of ['arbitrary', 'foe']) {
    const x = seeds.flatMap((seed) => lines(join(out, `${label}_seed=${seed}`, 'metrics.jsonl')));
    const byz = sum(x, 'byzantineJudged');
    const rejected = 1 - sum(x, 'byzantineAccepted') / byz;
    const falseRejected = sum(x, 'falseRejections') / (sum(x, 'judged') - byz);
    t.log(label, { byzantineJudged: byz, rejected, falseRejected });
    t.true(rejected >= (label === 'arbitrary' ? 1 : 0.9), `${label}: ${rejected} of the Byzantine replica's models rejected`);
    t.true(falseRejected < 0.05, `${label}: ${falseRejected} of the correct replicas' models rejected`);
  }
});
