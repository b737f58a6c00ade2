/**
 * Seed 001's efficiency table as bench figures (the same measurement as `byzsim cost`): per rule
 * the plaintext ms per aggregation with plaintext averaging as baseline, then averaging under
 * CKKS (node-seal) — total, per phase, and the ratio to plaintext averaging — and its maximum
 * decryption error. `npm run bench -- cost [--json] [--quick] [--n 9] [--d 1250000] [--f 2] [--repeats 5]`
 * (--quick: d = 10⁵).
 */
import { runCost } from '../src/cost/run-cost.ts';
import { emit } from './_report.ts';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
};
const quick = process.argv.includes('--quick');
const options = { n: arg('n', 9), d: arg('d', quick ? 100_000 : 1_250_000), f: arg('f', 2), repeats: arg('repeats', quick ? 3 : 5), he: true };
const report = await runCost(options, () => performance.now()); // wall-clock-ok: a benchmark
const tag = `cost/n${options.n}_d${options.d}`;
const avg = report.plaintext.find((p) => p.rule === 'average')!.ms;
for (const p of report.plaintext) emit({ name: `${tag}/${p.rule} plaintext`, value: p.ms, unit: 'ms', baseline: avg, ratio: p.ms / avg });
const he = report.heAverage!;
emit({ name: `${tag}/average under HE (total)`, value: he.totalMs, unit: 'ms', baseline: avg, ratio: he.totalMs / avg });
emit({ name: `${tag}/HE encrypt per worker`, value: he.encryptMs, unit: 'ms' });
emit({ name: `${tag}/HE server additions`, value: he.addMs, unit: 'ms' });
emit({ name: `${tag}/HE decrypt + decode`, value: he.decryptMs, unit: 'ms' });
emit({ name: `${tag}/HE average max error`, value: he.maxError, unit: 'abs' });
for (const e of report.heEstimates ?? [])
  emit({ name: `${tag}/${e.rule} under HE (estimate)`, value: e.ms, unit: 'ms', baseline: he.totalMs, ratio: e.ms / he.totalMs });
