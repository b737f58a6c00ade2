import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { privacySpent } from '../../src/privacy/rdp.ts';
import { byzsim, scenarioFile, tempDir } from './cli.ts';

test('DP-SGD runs from a scenario, learns, and reports the accountant’s (ε, δ) for q = b/|shard| over the steps run', async (t) => {
  const out = tempDir();
  const doc = {
    name: 'dp',
    seed: 1,
    steps: 30,
    evalEvery: 30,
    data: { name: 'mnist', train: 3000, test: 500 },
    model: { name: 'mlp', hidden: [32] },
    workers: { n: 5, f: 0, batch: 32, dpsgd: { clip: 1, sigma: 1.0, delta: 1e-5 } },
    server: { gar: 'average', lr: 0.5 },
  };
  const r = await byzsim('run', scenarioFile(doc), '--out', out, '--no-report');
  t.is(r.code, 0, r.stderr);
  const done = JSON.parse(readFileSync(join(out, 'dp', 'done.json'), 'utf8'));
  const expected = privacySpent([{ q: 32 / 600, sigma: 1.0, steps: 30 }], 1e-5).epsilon;
  t.true(Math.abs(done.privacy.epsilon - expected) < 1e-9, `${done.privacy.epsilon} vs ${expected}`);
  t.regex(r.stdout, /ε = \d+\.\d{3}, δ = 0\.00001/);
  t.true(done.finalAccuracy > 0.5, `accuracy ${done.finalAccuracy}`);
  const noisy = await byzsim(
    'run',
    scenarioFile({ ...doc, name: 'dp-noisy', workers: { ...doc.workers, dpsgd: { clip: 1, sigma: 8 } } }),
    '--out',
    out,
    '--no-report',
  );
  t.is(noisy.code, 0, noisy.stderr);
  const d2 = JSON.parse(readFileSync(join(out, 'dp-noisy', 'done.json'), 'utf8'));
  t.true(d2.privacy.epsilon < done.privacy.epsilon, 'more noise, less ε');
  t.true(d2.finalAccuracy < done.finalAccuracy, 'more noise, less accuracy');
});

test('seed 000’s trend: per-step Gaussian noise (ε = 0.2) hurts, and a larger batch recovers', async (t) => {
  const out = tempDir();
  const r = await byzsim(
    'run',
    scenarioFile({
      name: 'trend',
      seed: 1,
      steps: 20,
      evalEvery: 20,
      data: { name: 'mnist', train: 5500, test: 1000 },
      model: { name: 'mlp', hidden: [32] },
      workers: { n: 11, f: 0, batch: 10, privacy: { name: 'gaussian', params: { gmax: 1, epsilon: 0.2, delta: 1e-6 } } },
      server: { gar: 'average', lr: 0.5 },
      variants: [
        { label: 'no noise b=10', set: { 'workers.privacy.params.epsilon': 'Infinity' } },
        { label: 'noise b=10', set: {} },
        { label: 'noise b=500', set: { 'workers.batch': 500 } },
      ],
    }),
    '--out',
    out,
    '--no-report',
  );
  t.is(r.code, 0, r.stderr);
  const acc = (slug: string) => JSON.parse(readFileSync(join(out, slug, 'done.json'), 'utf8')).finalAccuracy as number;
  const [clean, noisy, big] = [acc('no_noise_b=10'), acc('noise_b=10'), acc('noise_b=500')];
  t.log({ clean, noisy, big });
  t.true(clean - noisy > 0.3, 'noise hurts');
  t.true(big - noisy > 0.3, 'a larger batch recovers');
});
