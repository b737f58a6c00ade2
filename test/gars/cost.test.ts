/**
 * Cost laws (issue 12 item 4) and aggregationCostMs, the function the scenario's virtual cost
 * model calls: every rule declares a law with measured constants, the pipeline sum follows the
 * vector count through bucketing, and the laws scale as the rules' complexities.
 */
import test from 'ava';
import { lawCost, pairs } from '../../src/gars/cost.ts';
import { BASE_RULES } from '../../src/gars/base-rules.ts';
import { GARS, PRE_AGGREGATORS, aggregationCostMs, parsePipeline } from '../../src/gars/index.ts';

const cal = { floorNsPerValue: 0.25 };

test('every rule and pre-aggregator declares a cost law with positive finite constants and the command that measured them', (t) => {
  for (const [name, rule] of [...GARS, ...PRE_AGGREGATORS]) {
    t.true(rule.cost.terms.length >= 1, name);
    for (const term of rule.cost.terms) {
      t.true(Number.isFinite(term.constant) && term.constant > 0, `${name}: ${term.label}`);
      t.true(term.count(11, 2, 1000, {}, 'paper') > 0, `${name}: ${term.label} counts work at n=11, f=2, d=1000`);
    }
    t.regex(rule.cost.measured, /npm run bench -- gars --calibrate/, name);
  }
});

test('aggregationCostMs of one rule is its law × the floor per value, plus the fixed cost', (t) => {
  const avg = GARS.get('average')!.cost;
  const expected = (lawCost(avg, 11, 2, 1e6) * 0.25) / 1e6;
  t.is(aggregationCostMs(parsePipeline('average'), 11, 2, 1e6, cal), expected);
  t.is(aggregationCostMs(parsePipeline('average'), 11, 2, 1e6, { ...cal, fixedMs: 3 }), expected + 3);
  t.true(Math.abs(aggregationCostMs(parsePipeline('average'), 11, 2, 2e6, cal) - 2 * expected) < 1e-9 * expected, 'linear in d');
});

test('a pipeline charges each step at the number of vectors it receives (bucketing halves it)', (t) => {
  const krumAt = (n: number) => aggregationCostMs(parsePipeline('krum'), n, 1, 1e5, cal);
  const nnm = (lawCost(PRE_AGGREGATORS.get('nnm')!.cost, 20, 1, 1e5) * 0.25) / 1e6;
  t.true(Math.abs(aggregationCostMs(parsePipeline('nnm → krum'), 20, 1, 1e5, cal) - (nnm + krumAt(20))) < 1e-9);
  const bucket = (lawCost(PRE_AGGREGATORS.get('bucketing')!.cost, 20, 1, 1e5, { s: 2 }) * 0.25) / 1e6;
  t.true(Math.abs(aggregationCostMs(parsePipeline('bucketing → krum'), 20, 1, 1e5, cal) - (bucket + krumAt(10))) < 1e-9);
  t.throws(() => aggregationCostMs(parsePipeline('nope'), 5, 1, 10, cal), { message: /unknown aggregation step "nope"/ });
});

test('laws follow the complexities: Krum quadratic in n, MDA exponential in f, iterations linear', (t) => {
  const ms = (spec: string, n: number, f: number, d = 1e5, params = {}) => aggregationCostMs([{ name: spec, params }], n, f, d, cal);
  t.true(ms('krum', 11, 2) > ms('average', 11, 2));
  const ratio = ms('krum', 40, 2) / ms('krum', 20, 2);
  t.true(Math.abs(ratio - pairs(40) / pairs(20)) < 1e-9, `Krum at 2n costs pairs(2n)/pairs(n) ≈ 4.1×, got ${ratio}`);
  t.true(ms('mda', 16, 7, 1) > 10 * ms('mda', 16, 2, 1), 'MDA search grows with C(n, f)');
  const gm = (T: number) => aggregationCostMs([{ name: 'geometric-median', params: { T } }], 11, 2, 1e5, cal, 'byzfl');
  t.true(Math.abs(gm(6) / gm(3) - 2) < 1e-9, 'Weiszfeld: T iterations');
  const cc = (L: number) => aggregationCostMs([{ name: 'centered-clip', params: { L } }], 11, 2, 1e5, cal, 'byzfl');
  t.true(Math.abs(cc(3) / cc(1) - 2) < 1e-9, 'Centered Clipping: (L + 1) passes');
});

test("Bulyan's base rules are the registry's rules but Bulyan (base-rules.ts, no import cycle through index.ts)", (t) => {
  t.deepEqual(
    [...BASE_RULES.keys()],
    [...GARS.keys()].filter((k) => k !== 'bulyan'),
  );
});
