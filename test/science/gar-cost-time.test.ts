import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { aggregationCostMs, parsePipeline } from '../../src/gars/index.ts';
import { aggregateMs, DEFAULT_FLOOR_NS_PER_VALUE, mergeMs } from '../../src/protocols/runtime/costs.ts';
import { planScenario } from '../../src/scenario/load.ts';
import { byzsim, tempDir } from '../e2e/cli.ts';

const plan = (gar: string, aggregate: object) =>
  planScenario({ name: 'c', workers: { n: 19, f: 0 }, server: { gar, f: 4 }, compute: { aggregate } }, 'c.yaml').runs[0].config;

test('compute.aggregate: linear charges fixedMs + perValueNs·n·d for any rule; law charges the pipeline’s cost law', (t) => {
  const d = 50_890;
  const linear = aggregateMs(plan('mda', {}), d);
  t.is(linear(19), 0.5 + 1 * 19 * d * 1e-6);
  t.is(aggregateMs(plan('average', {}), d)(19), linear(19));
  for (const gar of ['average', 'krum', 'mda', 'nnm → krum']) {
    const ms = aggregateMs(plan(gar, { model: 'law', fixedMs: 0.25 }), d);
    t.is(ms(19), aggregationCostMs(parsePipeline(gar), 19, 4, d, { floorNsPerValue: DEFAULT_FLOOR_NS_PER_VALUE, fixedMs: 0.25 }), gar);
    t.is(
      ms(19, 1000),
      aggregationCostMs(parsePipeline(gar), 19, 4, 1000, { floorNsPerValue: DEFAULT_FLOOR_NS_PER_VALUE, fixedMs: 0.25 }),
      `${gar}, one part of 1000`,
    );
  }
  const law = (gar: string) => aggregateMs(plan(gar, { model: 'law', floorNsPerValue: 1 }), d)(19);
  t.true(law('average') < law('krum') && law('krum') < law('mda'), 'n·d < n(n−1)/2·d < … + C(19, 4)·15');
  t.is(
    mergeMs(plan('mda', { model: 'law', floorNsPerValue: 1 }), d)(5),
    aggregationCostMs(parsePipeline('median'), 5, 4, d, { floorNsPerValue: 1, fixedMs: 0.5 }),
  );
});

test('floorNsPerValue under model: linear is refused before anything runs (exit 2, one line)', async (t) => {
  const r = await byzsim('run', 'test/fixtures/small.yaml', '--set', 'compute.aggregate={"floorNsPerValue":0.2}', '--no-report');
  t.is(r.code, 2);
  t.regex(r.stderr.trim(), /^[^\n]*compute\.aggregate: \{floorNsPerValue: 0\.2\} — floorNsPerValue is for model: law[^\n]*$/);
});

/** First virtual time at which a run's test accuracy reaches `level` (undefined if never). */
const timeTo = (rows: { timeMs: number; testAccuracy?: number }[], level: number) => rows.find((r) => (r.testAccuracy ?? -1) >= level)?.timeMs;

test('gar-cost-time (quick size): Krum’s and MDA’s accuracy curves lie to the right of averaging’s on the time axis', async (t) => {
  const out = tempDir();
  t.timeout(8 * 60_000); // three runs of 19 workers on a shared 2-core machine
  const r = await byzsim(
    'run',
    'scenarios/gar-cost-time.yaml',
    '--steps',
    '25',
    '--set',
    'data.train=2000',
    '--set',
    'data.test=500',
    '--out',
    out,
    '--no-report',
  );
  t.is(r.code, 0, r.stderr);
  const rows = Object.fromEntries(
    ['average', 'krum', 'mda'].map((g) => [
      g,
      readFileSync(join(out, `gar=${g}`, 'metrics.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ]),
  );
  const best = Math.min(...Object.values(rows).map((rs) => Math.max(...rs.map((x) => x.testAccuracy ?? 0))));
  const levels = [0.5, 0.6, 0.7].filter((a) => a <= best);
  t.true(levels.length >= 2, `every rule reaches 0.6 (best common accuracy ${best})`);
  for (const a of levels) {
    const [avg, krum, mda] = ['average', 'krum', 'mda'].map((g) => timeTo(rows[g], a)!);
    t.true(krum > avg, `accuracy ${a}: Krum at ${krum} ms, average at ${avg} ms`);
    t.true(mda > avg, `accuracy ${a}: MDA at ${mda} ms, average at ${avg} ms`);
  }
  const end = (g: string) => rows[g].at(-1).timeMs;
  t.true(end('average') < end('krum') && end('krum') < end('mda'), 'the same 25 steps take longer under Krum, far longer under MDA');
});
