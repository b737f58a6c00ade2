import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { costTable } from '../../src/cost/cost-table.ts';
import { ESTIMATED_RULES, heCounts } from '../../src/cost/he-counts.ts';
import { heEstimates, measurePrimitives } from '../../src/cost/he-estimate.ts';
import { costInputs, TABLE_RULES } from '../../src/cost/plaintext-times.ts';
import { exactMean, runCost } from '../../src/cost/run-cost.ts';
import { AVERAGING, createCkks } from '../../src/privacy/he/ckks.ts';
import { approxMax, f3 } from '../../src/privacy/he/comparison.ts';
import { secureAverage } from '../../src/privacy/he/secure-average.ts';

const byzsim = (...args: string[]) => spawnSync(process.execPath, ['bin/byzsim.js', 'cost', ...args], { encoding: 'utf8' });
// a counter, not a wall clock: the tests assert no time
const ticks = () => {
  let t = 0;
  return () => ++t;
};

test('the CKKS average of 9 workers (2 blocks, the last one partial) decrypts to the plaintext average within 1e-6', async (t) => {
  const he = await createCkks(AVERAGING);
  try {
    const inputs = costInputs(9, he.slots + 1000, 3);
    const r = secureAverage(he, inputs, ticks());
    t.is(r.blocks, 2);
    t.is(r.encryptMs.length, 9);
    const exact = exactMean(inputs);
    let err = 0;
    for (let k = 0; k < exact.length; k++) err = Math.max(err, Math.abs(r.average[k] - exact[k]));
    t.true(err < 1e-6, `max error ${err}`);
    t.true(err > 0, 'CKKS is approximate: an exact match would mean no encryption happened');
  } finally {
    he.delete();
  }
});

test('the plaintext report has every rule of the table, each timed `repeats` times', async (t) => {
  const r = await runCost({ n: 9, d: 4096, f: 2, repeats: 2, he: false }, ticks());
  t.deepEqual(
    r.plaintext.map((p) => p.rule),
    [...TABLE_RULES],
  );
  for (const p of r.plaintext) t.is(p.samples.length, 2);
  const text = costTable(r);
  for (const rule of TABLE_RULES) t.regex(text, new RegExp(`^${rule} `, 'm'));
  t.is(r.heAverage, undefined);
});

test('the encrypted comparison decrypts to its plaintext polynomial; every robust rule gets an estimate from it', async (t) => {
  const p = await measurePrimitives(1, ticks());
  t.is(p.slots, 8192);
  t.true(p.comparisonError < 1e-4, `comparison error ${p.comparisonError}`);
  const est = heEstimates(p, 9, 2, 1_250_000);
  t.deepEqual(
    est.map((e) => e.rule),
    [...ESTIMATED_RULES],
  );
  for (const e of est) t.true(e.ms > 0 && e.comparisons > 0, e.rule);
});

test('approxMax is close to max away from ties and f₃ maps [−1, 1] into itself', (t) => {
  t.true(Math.abs(approxMax(0.4, -0.3) - 0.4) < 0.01);
  t.true(Math.abs(approxMax(-0.45, 0.05) - 0.05) < 0.01);
  for (let x = -1; x <= 1; x += 0.01) t.true(Math.abs(f3(x)) <= 1 + 1e-12);
  t.is(f3(1), 1);
});

test('HE operation counts follow the rules: sorting networks per block, pairwise distances, subsets', (t) => {
  const s = 8192;
  // n = 3: the median of three takes 3 comparators (Batcher pruned to the middle wire), per block
  t.is(heCounts('median', 3, 1, s, s).comparisons, 3);
  t.is(heCounts('median', 3, 1, s + 1, s).comparisons, 6);
  // f = 0: the trimmed mean keeps every wire, so the whole network (Batcher for 4 wires: 5 comparators) and 4 additions per block
  t.deepEqual(heCounts('trimmed-mean', 4, 0, 2 * s, s), { comparisons: 10, multiplications: 0, rotations: 0, additions: 8 });
  const krum = heCounts('krum', 5, 1, s, s);
  t.is(krum.rotations, 10 * 13); // C(5, 2) distances, each summed over 2¹³ slots
  t.is(krum.multiplications, 10 + 5); // one squaring per pair and block, one mask product per worker
  t.true(heCounts('mda', 9, 2, s, s).comparisons > heCounts('median', 9, 2, s, s).comparisons);
});

test('byzsim cost runs end to end at small d, prints the table and writes the figure and CSV', (t) => {
  const out = mkdtempSync(join(tmpdir(), 'byzsim-cost-'));
  // median of 5 timed calls: one call preempted on a loaded machine (9 ms for a 0.15 ms average, seen in CI) cannot decide the trend below
  const r = byzsim('--d', '4096', '--repeats', '5', '--out', out, '--format', 'svg,png');
  const svg = readFileSync(join(out, 'cost.svg'), 'utf8');
  t.is((svg.match(/class="bar estimate"/g) ?? []).length, ESTIMATED_RULES.length);
  t.true(readFileSync(join(out, 'cost.png')).subarray(1, 4).toString() === 'PNG');
  const csv = readFileSync(join(out, 'cost.csv'), 'utf8').trim().split('\n');
  t.deepEqual(
    csv.slice(1).map((l) => l.split(',')[0]),
    [...TABLE_RULES],
  );
  t.regex(csv[1], /^average,[^,]+,[^,]+,measured,/);
  t.is(r.status, 0, r.stderr);
  for (const rule of TABLE_RULES) t.regex(r.stdout, new RegExp(`^${rule} +\\|`, 'm'));
  t.regex(r.stdout, /max \|error\| = \d\.\d+e-\d+/);
  t.regex(r.stdout, /^average +\| [^|]+\| [^|]+ \| measured/m);
  for (const rule of ESTIMATED_RULES) t.regex(r.stdout, new RegExp(`^${rule} +\\| [^|]+\\| [^|]+ \\| estimate`, 'm'));
  t.regex(r.stdout, /ESTIMATES from measured primitives, not HE implementations/);
  // seed 001's trend (the pack's entry for its efficiency table): averaging under HE costs at least an order of
  // magnitude more than in plaintext, and a robust rule under HE orders of magnitude more again
  const doc = JSON.parse(readFileSync(join(out, 'cost.json'), 'utf8')) as {
    plaintext: { rule: string; ms: number }[];
    heAverage: { totalMs: number };
    heEstimates: { rule: string; ms: number }[];
  };
  const plainAverage = doc.plaintext.find((p) => p.rule === 'average')!.ms;
  t.true(doc.heAverage.totalMs > 10 * plainAverage, `HE average ${doc.heAverage.totalMs} ms vs plaintext ${plainAverage} ms`);
  for (const e of doc.heEstimates)
    t.true(e.ms > 10 * doc.heAverage.totalMs, `${e.rule} under HE (estimate) ${e.ms} ms vs the HE average ${doc.heAverage.totalMs} ms`);
});

test('byzsim cost --json --no-he prints one JSON document without the HE part', (t) => {
  const r = byzsim('--d', '1000', '--n', '7', '--f', '1', '--repeats', '1', '--no-he', '--json');
  t.is(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { options: { n: number }; plaintext: { rule: string }[]; heAverage?: unknown };
  t.is(doc.options.n, 7);
  t.is(doc.plaintext.length, TABLE_RULES.length);
  t.is(doc.heAverage, undefined);
});

for (const [args, message] of [
  [['--d', '0'], /^byzsim: cost: --d must be an integer in \[1, 100000000\], got "0"$/],
  [['--n', 'nine'], /^byzsim: cost: --n must be an integer in \[3, 1000\], got "nine"$/],
  [['--repeats', '2.5'], /^byzsim: cost: --repeats must be an integer/],
  [['--f', '9'], /^byzsim: cost: --f must be an integer in \[0, 8\] \(f < n\), got "9"$/],
  [['--f', '4'], /^byzsim: cost: --f 4 at --n 9: .*krum: needs n ≥ 2f\+3, got n=9, f=4/],
  [['--format', 'svg,pdf'], /^byzsim: cost: --format must be a comma-separated list of svg, png, got "svg,pdf"$/],
  [['--n', '1000', '--d', '1000000'], /^byzsim: cost: --n × --d must be ≤ 4·10⁸ values/],
] as const) {
  test(`byzsim cost ${args.join(' ')} exits 2 with one line`, (t) => {
    const r = byzsim(...args);
    t.is(r.status, 2);
    t.regex(r.stderr.trimEnd(), message);
    t.is(r.stderr.trimEnd().split('\n').length, 1);
  });
}
