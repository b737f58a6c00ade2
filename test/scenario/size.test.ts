import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadScenario, planScenario, type LoadOptions } from '../../src/scenario/load.ts';
import { refusesInProcess } from '../cli/refuses.ts';
import { scenarioFile } from '../e2e/cli.ts';

const doc = () => ({
  name: 's',
  steps: 100,
  data: { name: 'synthetic', train: 1000, test: 200 },
  model: { name: 'logreg' },
  workers: { n: 7, f: 1, batch: 16, attack: 'alie' },
  variants: [
    { label: 'avg', set: { 'server.gar': 'average' } },
    { label: 'med', set: { 'server.gar': 'median' } },
  ],
  grid: { 'workers.batch': [10, 50, 100], 'server.lr': [0.1, 0.2] },
  seeds: [1, 2, 3],
  sizes: {
    quick: { set: { steps: 5, 'data.train': 300 }, grid: { 'workers.batch': [10] }, variants: ['med'], seeds: [7, 8] },
    tiny: { set: { steps: 2 } },
  },
});

const plan = (d: unknown, opts: LoadOptions = {}) => planScenario(d, 's.yaml', opts);
const message = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'not refused';
};

test('without --size the file is the full size: sizes change nothing', (t) => {
  const { sizes: _, ...without } = doc();
  const full = plan(doc());
  t.deepEqual(
    full.runs.map((r) => r.config),
    plan(without).runs.map((r) => r.config),
  );
  t.is(full.runs.length, 2 * 3 * 2 * 3);
  t.is(full.size, undefined);
});

test('a size overrides fields, keeps fewer grid values and variants, and replaces the seeds', (t) => {
  const quick = plan(doc(), { size: 'quick' });
  t.is(quick.size, 'quick');
  t.is(quick.runs.length, 1 * 1 * 2 * 2);
  t.deepEqual([...new Set(quick.runs.map((r) => r.variant))], ['med']);
  t.deepEqual(quick.seeds, [7, 8]);
  for (const r of quick.runs) {
    t.is(r.config.steps, 5);
    t.is(r.config.data.train, 300);
    t.is(r.config.workers.batch, 10);
  }
  const tiny = plan(doc(), { size: 'tiny' });
  t.is(tiny.runs.length, 36);
  t.true(tiny.runs.every((r) => r.config.steps === 2));
});

test('command-line overrides come after the size; --seeds replaces its seeds', (t) => {
  const s = plan(doc(), { size: 'quick', overrides: [{ path: 'steps', value: 3, flag: '--steps 3' }], seeds: [4] });
  t.true(s.runs.every((r) => r.config.steps === 3 && r.config.seed === 4));
});

test('a bad size is refused in one line naming the field, the value and the rule', (t) => {
  const with_ = (size: object) => ({ ...doc(), sizes: { quick: size } });
  t.is(
    message(() => plan(doc(), { size: 'qick' })),
    's.yaml: --size: "qick" — not a size of this scenario (sizes: quick, tiny)',
  );
  t.regex(
    message(() => plan({ ...doc(), sizes: undefined }, { size: 'quick' })),
    /--size: "quick" — not a size of this scenario \(it defines no sizes/,
  );
  t.is(
    message(() => plan(with_({ grid: { 'workers.n': [3] } }), { size: 'quick' })),
    's.yaml: sizes.quick.grid: "workers.n" — not a grid key (grid keys: workers.batch, server.lr)',
  );
  t.is(
    message(() => plan(with_({ variants: ['mean'] }), { size: 'quick' })),
    's.yaml: sizes.quick.variants: "mean" — not a variant label (labels: avg, med)',
  );
  t.regex(
    message(() => plan(with_({ set: { 'workers.batch': 5 } }), { size: 'quick' })),
    /^s\.yaml: sizes\.quick\.set\.workers\.batch: conflicts with the grid key workers\.batch: drop one of them$/,
  );
  t.regex(
    message(() => plan(with_({ set: { 'a.__proto__.b': 1 } }), { size: 'quick' })),
    /sizes\.quick\.set: "a\.__proto__\.b" — a path may not name __proto__/,
  );
  t.regex(
    message(() => plan(with_({ set: { steps: 0 } }), { size: 'quick' })),
    /steps: 0 — must be ≥ 1/,
  );
  t.regex(
    message(() => plan(with_({ stepz: 3 }))),
    /^s\.yaml: sizes\.quick\.stepz: unknown key \(known: description, set, grid, variants, seeds\)$/,
  );
  t.regex(
    message(() => plan(with_({ seeds: [1, 1] }))),
    /sizes\.quick\.seeds: .*distinct/,
  );
  t.regex(
    message(() => plan({ ...doc(), sizes: { 'no good': {} } })),
    /sizes/,
  );
  t.regex(
    message(() => plan({ ...doc(), seeds: undefined, grid: { seed: [1, 2] }, sizes: { quick: { seeds: [1] } } }, { size: 'quick' })),
    /sizes\.quick\.seeds: conflicts with the grid key seed/,
  );
});

test.serial('byzsim run --size: an unknown size exits 2 with one line, nothing run', async (t) => {
  const file = scenarioFile(doc());
  await refusesInProcess(t, ['run', file, '--size', 'huge', '--no-report'], { says: [/--size: "huge" — not a size of this scenario \(sizes: quick, tiny\)/] });
});

test('every shipped size validates, and the pack scenarios each have a quick size with ≥ 3 seeds', (t) => {
  const files = readdirSync('scenarios').filter((x) => x.endsWith('.yaml'));
  t.true(files.length > 0);
  for (const f of files) {
    const sizes = Object.keys((parse(readFileSync(`scenarios/${f}`, 'utf8')) as { sizes?: object }).sizes ?? {});
    for (const size of sizes) t.true(loadScenario(`scenarios/${f}`, { size }).runs.length > 0, `${f} --size ${size}`);
    if (!sizes.includes('quick')) continue;
    t.true(loadScenario(`scenarios/${f}`).seeds.length >= 3, `${f}: the full size has ≥ 3 seeds`);
    t.true(loadScenario(`scenarios/${f}`, { size: 'quick' }).seeds.length >= 3, `${f}: the quick size has ≥ 3 seeds`);
  }
});
