import test from 'ava';
import { ATTACKS } from '../../src/attacks/index.ts';
import { GARS, PRE_AGGREGATORS } from '../../src/gars/index.ts';
import { byzsim } from '../e2e/cli.ts';

test('byzsim list names every registered rule and attack; an unknown kind is a one-line error', async (t) => {
  const r = await byzsim('list');
  t.is(r.code, 0, r.stderr);
  for (const name of [...GARS.keys(), ...PRE_AGGREGATORS.keys(), ...ATTACKS.keys(), 'pareto', 'cnn', 'mild'])
    t.regex(r.stdout, new RegExp(`^  ${name} `, 'm'), name);
  const bad = await byzsim('list', 'spells');
  t.is(bad.code, 2);
  t.regex(bad.stderr, /^byzsim: list: unknown kind "spells"/);
});
