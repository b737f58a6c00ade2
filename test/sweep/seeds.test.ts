import test from 'ava';
import { planScenario, ScenarioError, type LoadOptions } from '../../src/scenario/load.ts';
import { planJson } from '../../src/sweep/plan.ts';
import { threadsPerJob } from '../../src/sweep/local-pool.ts';
import { gridDoc } from './helpers.ts';

const plan = (doc: unknown, opts?: LoadOptions) => planScenario(doc, 's.yaml', opts);
const refused = (doc: unknown, opts?: LoadOptions) => {
  const e = (() => {
    try {
      plan(doc, opts);
    } catch (err) {
      return err;
    }
    return undefined;
  })();
  if (!(e instanceof ScenarioError)) throw new Error(`expected a ScenarioError, got ${String(e)}`);
  return e.message;
};

test('seeds repeat every configuration: labels and slugs carry the seed, all seeds of a configuration share a cell', (t) => {
  const s = plan(gridDoc({ seeds: [1, 2, 3] }));
  t.deepEqual(
    s.runs.map((r) => r.label),
    ['gar=average seed=1', 'gar=average seed=2', 'gar=average seed=3', 'gar=median seed=1', 'gar=median seed=2', 'gar=median seed=3'],
  );
  t.deepEqual(
    s.runs.map((r) => r.slug),
    ['gar=average_seed=1', 'gar=average_seed=2', 'gar=average_seed=3', 'gar=median_seed=1', 'gar=median_seed=2', 'gar=median_seed=3'],
  );
  t.deepEqual(
    s.runs.map((r) => r.cell),
    ['gar=average', 'gar=average', 'gar=average', 'gar=median', 'gar=median', 'gar=median'],
  );
  t.deepEqual(
    s.runs.map((r) => r.config.seed),
    [1, 2, 3, 1, 2, 3],
  );
  t.deepEqual(
    s.runs.map((r) => r.seed),
    [1, 2, 3, 1, 2, 3],
  );
  t.deepEqual(s.runs[0].grid, { 'server.gar': 'average' }, 'the seed is not a grid key: reports group by the grid, not the seed');
  t.deepEqual(s.seeds, [1, 2, 3]);
});

test('plan.json carries seeds, report.band and, per run, seed and cell', (t) => {
  const p = planJson(plan({ ...gridDoc({ seeds: [4, 5] }), report: { band: 'minmax' } })) as {
    seeds: number[];
    report: { band: string };
    runs: { slug: string; seed: number; cell: string }[];
  };
  t.deepEqual(p.seeds, [4, 5]);
  t.is(p.report.band, 'minmax');
  t.deepEqual(
    p.runs.map((r) => [r.slug, r.seed, r.cell]),
    [
      ['gar=average_seed=4', 4, 'gar=average'],
      ['gar=average_seed=5', 5, 'gar=average'],
      ['gar=median_seed=4', 4, 'gar=median'],
      ['gar=median_seed=5', 5, 'gar=median'],
    ],
  );
  const dflt = planJson(plan({ ...gridDoc(), report: { x: 'step' } })) as { report: { band: string } };
  t.is(dflt.report.band, 'sd', 'band defaults to sd');
});

test('without seeds nothing changes: slugs as before, the cell is the slug, seeds lists the one seed', (t) => {
  const s = plan(gridDoc());
  t.deepEqual(
    s.runs.map((r) => [r.slug, r.cell, r.seed]),
    [
      ['gar=average', 'gar=average', 1],
      ['gar=median', 'gar=median', 1],
    ],
  );
  t.deepEqual(s.seeds, [1]);
  const single = plan({ ...gridDoc(), grid: undefined, name: 'one' });
  t.deepEqual(
    single.runs.map((r) => [r.slug, r.cell]),
    [['one', 'one']],
  );
});

test('a grid over seed makes cells too: the seed is left out of the cell', (t) => {
  const s = plan({ ...gridDoc(), grid: { 'server.gar': ['average', 'median'], seed: [7, 8] } });
  t.deepEqual(
    s.runs.map((r) => r.cell),
    ['gar=average', 'gar=average', 'gar=median', 'gar=median'],
  );
  t.deepEqual(s.seeds, [7, 8]);
});

test('--seeds replaces the scenario seeds; a single-run scenario with seeds is one cell named after it', (t) => {
  const s = plan({ ...gridDoc({ seeds: [1, 2] }), grid: undefined, name: 'solo' }, { seeds: [9, 10] });
  t.deepEqual(
    s.runs.map((r) => [r.label, r.slug, r.cell]),
    [
      ['seed=9', 'seed=9', 'solo'],
      ['seed=10', 'seed=10', 'solo'],
    ],
  );
});

test('an override on a field the grid, a variant or seeds sets is refused, naming both', (t) => {
  const grid = gridDoc();
  t.regex(
    refused(grid, { overrides: [{ path: 'server.gar', value: 'krum', flag: '--set server.gar=krum' }] }),
    /^s\.yaml: --set server\.gar=krum: conflicts with the grid key server\.gar/,
  );
  t.regex(
    refused(grid, { overrides: [{ path: 'server', value: { gar: 'krum' }, flag: '--set server={gar: krum}' }] }),
    /--set server=\{gar: krum\}: conflicts with the grid key server\.gar/,
    'a parent of a grid key',
  );
  t.regex(
    refused({ ...grid, grid: { 'workers.attack': ['alie', 'foe'] } }, { set: { 'workers.attack.name': 'foe' } }),
    /--set workers\.attack\.name=…: conflicts with the grid key workers\.attack/,
    'a child of a grid key',
  );
  t.regex(refused(grid, { set: { 'server.gar': 'krum' } }), /conflicts with the grid key server\.gar/, 'plain set overrides are checked too');
  const variants = {
    ...gridDoc(),
    grid: undefined,
    variants: [
      { label: 'weak', set: { 'workers.f': 0 } },
      { label: 'strong', set: { 'workers.f': 1 } },
    ],
  };
  t.regex(
    refused(variants, { overrides: [{ path: 'workers.f', value: 2, flag: '--set workers.f=2' }] }),
    /--set workers\.f=2: conflicts with variant "weak", which sets workers\.f/,
  );
  t.regex(
    refused(gridDoc({ seeds: [1, 2] }), { overrides: [{ path: 'seed', value: 5, flag: '--seed 5' }] }),
    /--seed 5: conflicts with seeds: \[1, 2\], which sets seed per run/,
  );
  t.regex(
    refused({ ...grid, grid: { seed: [1, 2] } }, { overrides: [{ path: 'seed', value: 5, flag: '--seed 5' }] }),
    /--seed 5: conflicts with the grid key seed/,
  );
  t.regex(refused({ ...grid, grid: { seed: [1, 2] } }, { seeds: [3] }), /--seeds: conflicts with the grid key seed/);
  t.regex(refused({ ...grid, grid: { seed: [1, 2] }, seeds: [3] }), /seeds: conflicts with the grid key seed/);
  t.notThrows(
    () =>
      plan(grid, {
        overrides: [
          { path: 'server.policy', value: 'sync', flag: '--set server.policy=sync' },
          { path: 'seed', value: 4, flag: '--seed 4' },
        ],
      }),
    'other fields stay free',
  );
});

test('seeds must be distinct integers ≥ 0; report.band is sd or minmax', (t) => {
  t.regex(refused(gridDoc({ seeds: [1, 1] })), /seeds: \[1, 1\] — seeds must be distinct/);
  t.regex(refused(gridDoc({ seeds: [-1] })), /seeds\[0\]: -1 — must be ≥ 0/);
  t.regex(refused(gridDoc({ seeds: [1.5] })), /seeds\[0\]: 1\.5 — must be an integer/);
  t.regex(refused({ ...gridDoc(), seeds: [] }), /seeds: \[\] — must be a list of at least 1 item/);
  t.regex(refused({ ...gridDoc(), report: { band: 'iqr' } }), /report\.band: "iqr" — must be one of sd, minmax/);
});

test('threads: auto is each job’s share of the cores; a number is kept', (t) => {
  t.is(threadsPerJob('auto', 1, 8), 'auto');
  t.is(threadsPerJob('auto', 2, 8), 4);
  t.is(threadsPerJob('auto', 3, 2), 1);
  t.is(threadsPerJob(3, 4, 2), 3);
});
