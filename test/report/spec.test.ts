import test from 'ava';
import { planScenario, ScenarioError } from '../../src/scenario/load.ts';

const base = () => ({
  name: 't',
  steps: 5,
  workers: { n: 7, f: 1, batch: 8, attack: 'sign-flip' },
  server: { gar: 'median', policy: 'sync' },
  grid: { 'server.gar': ['median', 'krum'], 'workers.attack': ['sign-flip', 'alie'] },
});

const rejects = (t: import('ava').ExecutionContext, report: unknown, pattern: RegExp) => {
  const err = t.throws(() => planScenario({ ...base(), report }, 's.yaml'), { instanceOf: ScenarioError });
  t.regex(err!.message, pattern);
  t.false(err!.message.includes('\n'), 'one line');
};

test('report.band, zoom, heatmap and maxLines are part of the report spec', (t) => {
  const s = planScenario(
    { ...base(), report: { zoom: { fromStep: 2, toStep: 4 }, heatmap: { rows: 'server.gar', columns: 'workers.attack' }, maxLines: 6 } },
    's.yaml',
  );
  t.is(s.report?.band, 'sd', 'the band defaults to ± one sd');
  t.deepEqual(s.report?.zoom, { fromStep: 2, toStep: 4 });
  t.deepEqual(s.report?.heatmap, { rows: 'server.gar', columns: 'workers.attack' });
  t.is(planScenario({ ...base(), report: { band: 'minmax' } }, 's.yaml').report?.band, 'minmax');
});

test('a report spec naming what the grid does not have, or an empty zoom, is refused before anything runs', (t) => {
  rejects(t, { band: 'iqr' }, /report\.band/);
  rejects(
    t,
    { heatmap: { rows: 'server.gar', columns: 'workers.batch' } },
    /report\.heatmap: "workers\.batch" — not a grid key \(grid keys: server\.gar, workers\.attack\)/,
  );
  rejects(t, { heatmap: { rows: 'variant', columns: 'server.gar' } }, /report\.heatmap: "variant" — not a grid key/);
  rejects(t, { zoom: { fromStep: 4, toStep: 4 } }, /report\.zoom.*toStep must be greater than fromStep/);
  rejects(t, { maxLines: 0 }, /report\.maxLines/);
  const withVariants = {
    ...base(),
    variants: [
      { label: 'a', set: {} },
      { label: 'b', set: { 'server.lr': 0.2 } },
    ],
    report: { heatmap: { rows: 'variant', columns: 'server.gar' } },
  };
  t.is(planScenario(withVariants, 's.yaml').runs.length, 8, 'variant is a heatmap key when the scenario has variants');
});
