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
  name: 'bt',
  seed: 1,
  steps: 30,
  evalEvery: 30,
  protocol: 'btard',
  btard: { validators: 1 },
  data: { name: 'mnist', train: 3000, test: 1000 },
  model: { name: 'logreg' },
  workers: { n: 6, f: 2, batch: 16, attack: 'amplified-sign-flip', schedule: { start: 5 } },
  server: { gar: { name: 'centered-clip', params: { tau: 5, iterations: 20, start: 'median' } }, lr: 0.2 },
  network: { delay: { model: 'exponential', meanMs: 5, minMs: 1 } },
};

test('btard validates its bound and what its all-reduce cannot simulate', (t) => {
  const rejects = (d: unknown, re: RegExp) => t.regex(t.throws(() => planScenario(d, 'b.yaml'), { instanceOf: ScenarioError })!.message, re);
  rejects({ ...doc, workers: { ...doc.workers, f: 3 } }, /workers\.f: 3 — btard tolerates at most ⌈n\/2⌉−1 = 2 Byzantine peers \(n = 6\)/);
  rejects(
    { ...doc, workers: { ...doc.workers, faults: [{ kind: 'crash', worker: 0, atMs: 5 }] } },
    /workers\.faults\[0\]: crash — btard's synchronous all-reduce would stall on it/,
  );
  rejects({ ...doc, protocol: 'ps' }, /btard: only for protocol: btard, got protocol ps/);
});

test('btard: validators ban the attackers and the peers learn; without them the attack wins; honest peers agree exactly', async (t) => {
  const out = tempDir();
  const other = tempDir();
  const file = scenarioFile({ ...doc, grid: { 'btard.validators': [0, 1] } });
  const [a, b] = await Promise.all([
    byzsim('run', file, '--out', out, '--trace', '--no-report'),
    byzsim('run', file, '--out', other, '--trace', '--no-report', '--threads', '2'),
  ]);
  t.is(a.code, 0, a.stderr);
  t.is(b.code, 0, b.stderr);
  const off = lines(join(out, 'validators=0', 'metrics.jsonl'));
  const on = lines(join(out, 'validators=1', 'metrics.jsonl'));
  t.log({ off: off.at(-1).testAccuracy, on: on.at(-1).testAccuracy, banned: on.at(-1).banned });
  t.is(on.length, 30);
  t.is(off.at(-1).banned, 0);
  t.is(on.at(-1).banned, 2, 'both attackers caught');
  t.is(on.at(-1).byzantineUsed, 0);
  t.true(
    on.slice(0, 5).every((r) => r.banned === 0),
    'nobody is banned before the attacks start',
  );
  t.true(on.at(-1).testAccuracy - off.at(-1).testAccuracy > 0.4);
  t.true(
    [...on, ...off].every((r) => r.drift === 0),
    'the all-reduce leaves every honest peer with the same model',
  );
  const bans = lines(join(out, 'validators=1', 'trace.jsonl')).filter((r) => r.ev === 'ban');
  t.deepEqual(
    bans.map((b) => [b.target, b.why.split(':')[0]]).sort(),
    [
      ['p4', 'wrong-gradient'],
      ['p5', 'wrong-gradient'],
    ],
    'the trace says who was banned, why, by whom',
  );
  t.true(bans.every((b) => b.step >= 5 && /^p[0-3]$/.test(b.by) && b.acted >= 1));
  for (const f of ['metrics.jsonl', 'trace.jsonl'])
    t.is(readFileSync(join(out, 'validators=1', f), 'utf8'), readFileSync(join(other, 'validators=1', f), 'utf8'), f);
});
