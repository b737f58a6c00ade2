import test from 'ava';
import { readdirSync } from 'node:fs';
import { loadScenario } from '../../src/scenario/load.ts';

const files = readdirSync('scenarios').filter((f) => f.endsWith('.yaml'));

test('every shipped scenario file passes validation', (t) => {
  t.true(files.includes('quickstart.yaml'));
  for (const f of files) {
    const s = loadScenario(`scenarios/${f}`);
    t.true(s.runs.length > 0, f);
    t.is(new Set(s.runs.map((r) => r.slug)).size, s.runs.length, `${f}: distinct output folders`);
  }
});
