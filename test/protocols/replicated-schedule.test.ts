import test from 'ava';
import fc from 'fast-check';
import { loadData } from '../../src/learn/data/index.ts';
import { buildModel, createLocalEngine, type GradientEngine } from '../../src/learn/engine.ts';
import { runBtard } from '../../src/protocols/btard/run.ts';
import { runGuanyu } from '../../src/protocols/guanyu/run.ts';
import { PROTOCOLS } from '../../src/protocols/index.ts';
import type { RunInput, RunResult } from '../../src/protocols/types.ts';
import { planScenario } from '../../src/scenario/load.ts';
import { resolveRun } from '../../src/scenario/resolve.ts';

// Real learning on a tiny task (logistic regression, 4 synthetic features), so that many
// adversarial schedules run in seconds.
const data = { name: 'synthetic', features: 4, examples: 240, train: 200, test: 40 };
const ds = loadData(data as never, 1);
const model = buildModel({ name: 'logreg', options: {}, data: { features: 4, shape: [4], classes: 2 } });
let engine: GradientEngine;
test.before(async () => {
  engine = await createLocalEngine(model, 'cpu');
});

const schedule = fc.array(fc.oneof(fc.double({ min: 0, max: 30, noNaN: true }), fc.constantFrom(0, 0.5, 200)), { minLength: 1, maxLength: 40 });
const input = (doc: object, delays: number[]): RunInput => {
  let k = 0;
  const config = planScenario({ name: 'p', seed: 3, steps: 4, evalEvery: 4, logVnRatio: false, data, model: { name: 'logreg' }, ...doc }, 'p.yaml').runs[0]
    .config;
  return { plan: resolveRun(config), model, train: ds.train, test: ds.test, engine, scheduler: () => delays[k++ % delays.length] };
};

const CORE = [
  'step',
  'timeMs',
  'trainLoss',
  'testAccuracy',
  'testLoss',
  'used',
  'byzantineUsed',
  'vnRatio',
  'timedOut',
  'sent',
  'delivered',
  'dropped',
  'duplicated',
  'stale',
  'faulty',
];
/** Every row carries the core fields and exactly the extras its protocol declares in the registry. */
const declaredFieldsOnly = (r: RunResult, protocol: string) => {
  const extras = PROTOCOLS.get(protocol)!.metrics.map((m) => m.field);
  return r.rows.every(
    (row) =>
      Object.keys(row)
        .filter((k) => !CORE.includes(k))
        .join() === extras.join(),
  );
};

test('guanyu under any message schedule: every correct replica finishes every step on q_wr gradients, models stay finite', async (t) => {
  await fc.assert(
    fc.asyncProperty(schedule, fc.constantFrom('non-finite', 'gaussian'), async (delays, use) => {
      const r = await runGuanyu(
        input(
          {
            protocol: 'guanyu',
            servers: { n: 6, f: 1, quorum: 5, attack: { name: 'arbitrary', params: { use } } },
            workers: { n: 9, f: 2, batch: 4, attack: 'sign-flip' },
            server: { gar: 'krum', quorum: 7, lr: 0.1 },
          },
          delays,
        ),
      );
      t.false(r.stalled);
      t.is(r.rows.length, 4);
      t.true(r.rows.every((row) => row.used === 7 && Number.isFinite(row.drift)));
      t.true(r.finalParams.every(Number.isFinite));
      t.true(declaredFieldsOnly(r, 'guanyu'));
    }),
    { seed: 11, numRuns: 25 },
  );
});

test('btard under any message schedule: every honest peer finishes every step with the same model', async (t) => {
  await fc.assert(
    fc.asyncProperty(schedule, fc.integer({ min: 0, max: 2 }), async (delays, validators) => {
      const r = await runBtard(
        input(
          {
            protocol: 'btard',
            btard: { validators },
            workers: { n: 5, f: 2, batch: 4, attack: { name: 'sign-flip', params: { scale: 50 } } },
            server: { gar: { name: 'centered-clip', params: { tau: 1, iterations: 5, start: 'median' } }, lr: 0.1 },
          },
          delays,
        ),
      );
      t.false(r.stalled);
      t.is(r.rows.length, 4);
      t.true(r.rows.every((row) => row.drift === 0));
      t.true(declaredFieldsOnly(r, 'btard'));
      t.true(
        r.rows.every((row, i) => i === 0 || (row.banned ?? 0) >= (r.rows[i - 1].banned ?? 0)),
        'bans are never lifted',
      );
    }),
    { seed: 12, numRuns: 25 },
  );
});
