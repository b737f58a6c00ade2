import test from 'ava';
import { loadData } from '../../src/learn/data/index.ts';
import { buildModel, createLocalEngine, type GradientEngine } from '../../src/learn/engine.ts';
import { PROTOCOLS } from '../../src/protocols/index.ts';
import { planScenario } from '../../src/scenario/load.ts';
import { resolveRun } from '../../src/scenario/resolve.ts';

const data = { name: 'synthetic', features: 4, examples: 240, train: 200, test: 40 };
const ds = loadData(data as never, 1);
const model = buildModel({ name: 'logreg', options: {}, data: { features: 4, shape: [4], classes: 2 } });
let engine: GradientEngine;
test.before(async () => {
  engine = await createLocalEngine(model, 'cpu');
});

const run = async (doc: object) => {
  const config = planScenario({ name: 'f', seed: 5, steps: 6, evalEvery: 6, logVnRatio: false, data, model: { name: 'logreg' }, ...doc }, 'f.yaml').runs[0]
    .config;
  const protocol = await PROTOCOLS.get(config.protocol)!.run();
  return protocol({ plan: resolveRun(config), model, train: ds.train, test: ds.test, engine });
};

for (const [protocol, doc] of [
  ['ps', { server: { gar: 'median', policy: 'sync', timeoutMs: 30, quorum: 4 } }],
  ['guanyu', { protocol: 'guanyu', servers: { n: 6, f: 1, attack: 'arbitrary' }, server: { gar: 'median' } }],
] as const) {
  test(`${protocol}: a fault named by node is the fault given by index, and it changes the run`, async (t) => {
    const workers = protocol === 'ps' ? { n: 5, f: 0, batch: 4 } : { n: 9, f: 2, batch: 4, attack: 'sign-flip' };
    const fault = { kind: 'straggler', slowdown: 20 };
    const [byIndex, byName, none] = await Promise.all([
      run({ ...doc, workers: { ...workers, faults: [{ ...fault, worker: 2 }] } }),
      run({ ...doc, workers: { ...workers, faults: [{ ...fault, node: 'w2' }] } }),
      run({ ...doc, workers }),
    ]);
    t.false(byName.stalled);
    t.deepEqual(byName.rows, byIndex.rows);
    t.notDeepEqual(
      byName.rows.map((r) => r.timeMs),
      none.rows.map((r) => r.timeMs),
      'the straggler slows the run',
    );
  });
}
