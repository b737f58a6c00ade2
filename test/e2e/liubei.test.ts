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
const behaviour = (name: string) => (name === 'arbitrary' ? arbitrary : name === 'attack' ? foe : name);
const average = { T: 1, gather: 'average' };

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
    ...[...SERVER_ATTACKS.keys()].map((name) => ({ label: name, set: { 'servers.attack': behaviour(name) } })),
    { label: 'average-arbitrary', set: { 'servers.attack': arbitrary, liubei: average } },
    { label: 'average-attack', set: { 'servers.attack': foe, liubei: average } },
    { label: 'q95-arbitrary', set: { 'servers.attack': arbitrary, liubei: { T: 5, quantile: 0.95 } } },
  ],
};

test('liubei learns MNIST with a Byzantine replica under every behaviour; plain averaging of replicas does not; the filters’ rates', async (t) => {
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
    };
  };
  const measured = Object.fromEntries(
    doc.variants.map((v) => [v.label, { accuracy: accuracy(v.label), ...(v.label.startsWith('average') ? {} : rates(v.label)) }]),
  );
  t.log(measured);
  for (const name of SERVER_ATTACKS.keys()) t.true(accuracy(name) > 0.6, `liubei learns under ${name}: ${accuracy(name)}`);
  t.true(accuracy('average-arbitrary') < 0.3, 'averaging replicas follows the noise');
  t.true(accuracy('average-attack') < 0.3, 'averaging replicas follows −μ');
  const q95 = rates('q95-arbitrary');
  t.true(q95.byzantineRejected! >= 0.9, `the filters reject the arbitrary replica's models: ${q95.byzantineRejected}`);
  t.true(q95.falseRejected < 0.05, `and few correct ones at q_L = 0.95: ${q95.falseRejected}`);
  t.is(rates('arbitrary').byzantineRejected, 1);
  t.true(rows('silent').every((row) => row.byzantineJudged === 0) && sum(rows('silent'), 'timeouts') > 0, 'a silent replica is timed out, never judged');
});
