import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SERVER_ATTACKS } from '../../src/protocols/workload/server-attacks/index.ts';
import { byzsim, tempDir } from './cli.ts';

const lines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
const sum = (rows: Record<string, number>[], key: string) => rows.reduce((a, r) => a + r[key], 0);

test('scenarios/liubei.yaml (small): LiuBei and GuanYu learn under every Byzantine-server behaviour; LiuBei sends fewer messages and its filters reject the far models', async (t) => {
  t.timeout(10 * 60_000);
  const out = tempDir();
  const r = await byzsim('run', 'scenarios/liubei.yaml', '--out', out, '--no-report', '--size', 'small');
  t.is(r.code, 0, r.stderr);
  const measured: Record<string, unknown> = {};
  for (const name of SERVER_ATTACKS.keys()) {
    const [lb, gy] = ['liubei', 'guanyu'].map((p) => lines(join(out, `${p}_attack=${name}`, 'metrics.jsonl')));
    for (const rows of [lb, gy]) t.is(rows.length, 12, name);
    const [a, b] = [lb.at(-1).testAccuracy, gy.at(-1).testAccuracy];
    measured[name] = {
      liubei: a,
      guanyu: b,
      sent: [lb.at(-1).sent, gy.at(-1).sent],
      rejected: sum(lb, 'rejected'),
      falseRejections: sum(lb, 'falseRejections'),
      byzantineAccepted: sum(lb, 'byzantineAccepted'),
    };
    t.true(a > 0.6 && b > 0.6, `both learn under ${name}: liubei ${a}, guanyu ${b}`);
    t.true(lb.at(-1).sent < gy.at(-1).sent, `liubei sends fewer messages under ${name}`);
    if (name === 'arbitrary' || name === 'equivocate') t.is(sum(lb, 'byzantineAccepted'), 0, `${name}: no far model passes`);
  }
  t.log(measured);
});
