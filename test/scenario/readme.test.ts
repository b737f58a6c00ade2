import test from 'ava';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { planScenario } from '../../src/scenario/load.ts';

test('the scenario example in the README validates', (t) => {
  const readme = readFileSync('README.md', 'utf8');
  const block = readme.split('```yaml\n')[1]?.split('```')[0];
  t.truthy(block, 'README has a yaml example');
  const s = planScenario(parse(block!), 'README.md');
  t.is(s.runs.length, 6);
  t.is(s.runs[0].config.workers.faults.length, 3);
});
