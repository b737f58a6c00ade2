/**
 * `byzsim cost [--n 9] [--d 1250000] [--f 2] [--repeats 5] [--no-he] [--json] [--out DIR [--format svg,png]]`: seed 001's
 * efficiency table measured on this machine (src/cost): plaintext aggregation times of average,
 * median, trimmed mean, Krum, MDA and NNM → average, and secure averaging under CKKS (node-seal).
 */
import { mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { FORMATS, type Format } from '../report/formats.ts';
import { UserError } from './errors.ts';

interface Flags {
  n: string;
  d: string;
  f: string;
  repeats: string;
  he: boolean;
  json?: boolean;
  out?: string;
  format: string;
}

function formatsFlag(value: string): Format[] {
  const list = value.split(',').map((s) => s.trim());
  if (list.length === 0 || list.some((f) => !(FORMATS as readonly string[]).includes(f)))
    throw new UserError(`cost: --format must be a comma-separated list of ${FORMATS.join(', ')}, got "${value}"`);
  return list as Format[];
}

function intFlag(flag: string, v: string, lo: number, hi: number, why = ''): number {
  const x = Number(v);
  if (!/^\s*\d+\s*$/.test(v) || !Number.isInteger(x) || x < lo || x > hi)
    throw new UserError(`cost: ${flag} must be an integer in [${lo}, ${hi}]${why}, got "${v}"`);
  return x;
}

/** Validated options, or a UserError naming the flag, the value and the rule. */
export async function costOptions(flags: Flags) {
  const n = intFlag('--n', flags.n, 3, 1000);
  const d = intFlag('--d', flags.d, 1, 100_000_000);
  if (n * d > 400_000_000)
    throw new UserError(`cost: --n × --d must be ≤ 4·10⁸ values (${((n * d * 4) / 2 ** 30).toFixed(1)} GiB of float32 inputs), got n=${n}, d=${d}`);
  const f = intFlag('--f', flags.f, 0, n - 1, ' (f < n)');
  const repeats = intFlag('--repeats', flags.repeats, 1, 10_000);
  const { refusedRule, TABLE_RULES } = await import('../cost/plaintext-times.ts');
  const refused = refusedRule(TABLE_RULES, n, f);
  if (refused) throw new UserError(`cost: --f ${f} at --n ${n}: ${refused} (every rule of the table must accept n and f)`);
  return { n, d, f, repeats, he: flags.he, formats: formatsFlag(flags.format) };
}

export function register(program: Command): void {
  program
    .command('cost')
    .description(
      "seed 001's efficiency table measured on this machine (plaintext aggregation times, averaging under homomorphic encryption with CKKS, robust rules estimated from a measured encrypted comparison)",
    )
    .option('--n <n>', 'number of gradients aggregated', '9')
    .option('--d <d>', 'dimension of each gradient (BatchCrypt’s model: 1.25·10⁶)', '1250000')
    .option('--f <f>', 'number of Byzantine inputs the robust rules tolerate', '2')
    .option('--repeats <k>', 'timed aggregations per rule (the median is reported)', '5')
    .option('--no-he', 'plaintext rules only (skip the homomorphic part)')
    .option('--json', 'print the measured report as one JSON document')
    .option('--out <dir>', 'write cost.svg (bars on a log axis), cost.csv and cost.json there')
    .option('--format <list>', 'figure formats with --out, comma-separated: svg, png', 'svg')
    .action(async (flags: Flags) => {
      const { formats, ...options } = await costOptions(flags);
      const [{ runCost }, { costTable }] = await Promise.all([import('../cost/run-cost.ts'), import('../cost/cost-table.ts')]);
      const progress = flags.json ? undefined : (line: string) => process.stderr.write(`  ${line}\n`);
      const report = await runCost(options, () => performance.now(), progress);
      if (flags.json) process.stdout.write(`${JSON.stringify(report)}\n`);
      else process.stdout.write(costTable(report));
      if (flags.out) {
        mkdirSync(flags.out, { recursive: true });
        const { writeCostFigure } = await import('../cost/cost-figure.ts');
        const files = writeCostFigure(report, flags.out, formats);
        if (!flags.json) process.stdout.write(`→ ${files.join(', ')}\n`);
      }
    });
}
