import test from 'ava';
import { planScenario, ScenarioError } from '../../src/scenario/load.ts';
import { psQuorum as quorumOf } from '../../src/protocols/ps/quorum.ts';

const base = () => ({
  name: 't',
  steps: 5,
  workers: { n: 7, f: 1, batch: 8, attack: 'sign-flip' },
  server: { gar: 'median', policy: 'sync' },
});

const rejects = (t: import('ava').ExecutionContext, doc: unknown, pattern: RegExp) => {
  const err = t.throws(() => planScenario(doc, 's.yaml'), { instanceOf: ScenarioError });
  t.regex(err!.message, pattern);
  t.false(err!.message.includes('\n'), 'one line');
};

test('a valid scenario expands its grid into labelled runs, in file order', (t) => {
  const s = planScenario({ ...base(), grid: { 'server.gar': ['average', 'median'], 'server.policy': ['sync', 'async'] } }, 's.yaml');
  t.deepEqual(
    s.runs.map((r) => r.label),
    ['gar=average policy=sync', 'gar=average policy=async', 'gar=median policy=sync', 'gar=median policy=async'],
  );
  t.is(s.runs[3].config.server.policy, 'async');
  t.is(s.runs[0].config.network.synchrony.mode, 'asynchronous', 'defaults filled in');
});

test('unknown keys are named with their path', (t) => {
  rejects(t, { ...base(), workers: { ...base().workers, byzantine: 2 } }, /s\.yaml: workers\.byzantine: unknown key/);
  rejects(t, { ...base(), colour: 'red' }, /colour: unknown key/);
});

test('f ≥ n, q > n, n too small for the GAR and negative delays are refused with field, value and rule', (t) => {
  rejects(t, { ...base(), workers: { n: 3, f: 3, batch: 8, attack: 'sign-flip' } }, /workers\.f: 3 — needs f < n \(n = 3\)/);
  rejects(t, { ...base(), server: { gar: 'median', policy: 'async', quorum: 9 } }, /server\.quorum: 9 — needs q ≤ n \(n = 7\)/);
  rejects(
    t,
    { ...base(), workers: { n: 6, f: 2, batch: 8, attack: 'sign-flip' }, server: { gar: 'krum' } },
    /server\.gar: krum: needs n ≥ 2f\+3, got n=6, f=2/,
  );
  rejects(t, { ...base(), network: { delay: { model: 'fixed', ms: -4 } } }, /network\.delay\.ms: -4 — fixed needs ≥ 0/);
  rejects(t, { ...base(), workers: { n: 0, f: 0 } }, /workers\.n: 0 — must be ≥ 1/);
});

test('names are checked against the registries', (t) => {
  rejects(t, { ...base(), workers: { ...base().workers, attack: 'telepathy' } }, /workers\.attack: "telepathy" — unknown attack \(known: .*sign-flip/);
  rejects(t, { ...base(), server: { gar: 'nnm → wizard' } }, /server\.gar: "wizard" — unknown aggregation step \(known: nnm, /);
  rejects(t, { ...base(), network: { delay: { model: 'warp' } } }, /network\.delay\.model: "warp" — unknown delay model/);
  rejects(t, { ...base(), workers: { ...base().workers, schedule: 'sometimes' } }, /workers\.schedule: "sometimes" — unknown schedule/);
  rejects(t, { ...base(), network: { links: [{ from: 'w9', delay: { model: 'fixed', ms: 1 } }] } }, /network\.links\[0\]\.from: "w9" — unknown node/);
  rejects(
    t,
    { ...base(), network: { links: [{ to: 'server', delay: { model: 'pareto', alpha: -1 } }] } },
    /network\.links\[0\]\.delay\.alpha: -1 — pareto needs > 0/,
  );
});

test('grid points are validated one by one, and the failing point is named', (t) => {
  rejects(t, { ...base(), grid: { 'workers.f': [1, 3] }, server: { gar: 'krum' } }, /\[f=3\]: server\.gar: krum: needs n ≥ 2f\+3, got n=7, f=3/);
});

test('report keys must be grid keys', (t) => {
  rejects(
    t,
    { ...base(), grid: { 'server.gar': ['median', 'krum'] }, report: { panels: ['workers.batch'] } },
    /report\.panels: "workers\.batch" — not a grid key \(grid keys: server\.gar\)/,
  );
  rejects(t, { ...base(), report: { summary: 'workers.batch' } }, /report\.summary: "workers\.batch" — not a grid key \(grid keys: none\)/);
});

test('quorums: sync waits for all n, or for n − f once its timeout has passed; async and guanyu for q = n − f', (t) => {
  const q = (server: Record<string, unknown>) => quorumOf(planScenario({ ...base(), server: { gar: 'median', ...server } }, 's.yaml').runs[0].config);
  t.is(q({ policy: 'sync' }), 7);
  t.is(q({ policy: 'sync', timeoutMs: 20 }), 6);
  t.is(q({ policy: 'sync', timeoutMs: 20, quorum: 5 }), 5);
  t.is(q({ policy: 'async' }), 6);
  t.is(q({ policy: 'async', quorum: 4 }), 4);
});
