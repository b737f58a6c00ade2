import test from 'ava';
import { loadScenario } from '../../src/scenario/load.ts';
import { costEstimate, longestFirst } from '../../src/sweep/longest-first.ts';
import type { ConfigJob } from '../../src/sweep/run-config.ts';

const jobsOf = (file: string, opts = {}): ConfigJob[] =>
  loadScenario(file, opts).runs.map((run, index) => ({ index, slug: run.slug, label: run.label, config: run.config, trace: false }));

test('seed000-small: the b = 500 configurations first, then 100, 50, 10; plan order among equal costs', (t) => {
  const jobs = jobsOf('scenarios/seed000-small.yaml');
  const order = longestFirst(jobs);
  t.is(order.length, jobs.length);
  t.deepEqual(
    [...order].sort((a, b) => a.index - b.index),
    jobs,
    'a permutation of the plan',
  );
  t.deepEqual(
    order.map((j) => j.config.workers.batch),
    [500, 100, 50, 10].flatMap((b) => Array<number>(6).fill(b)),
  );
  for (let k = 1; k < order.length; k++)
    if (order[k].config.workers.batch === order[k - 1].config.workers.batch) t.true(order[k].index > order[k - 1].index, 'ties keep the plan order');
  t.deepEqual(jobs, jobsOf('scenarios/seed000-small.yaml'), 'the input is not reordered');
});

test('the estimate is steps × n × b', (t) => {
  const [job] = jobsOf('scenarios/seed000-small.yaml', { set: { steps: 30 } });
  t.is(costEstimate(job), 30 * 11 * 10);
});
