/**
 * `byzsim aggregate --rule <name|pipeline> [--f N] [--param k=v…] [--convention byzfl] --input file.json`:
 * read {"vectors": [[…],…]} (or a bare array of rows; "inf"/"-inf"/"nan" strings allowed), print
 * the aggregate as a JSON array (a list of arrays when the pipeline ends with a pre-aggregator).
 * Rows are float64 unless --float32 (the simulator's storage) is given. Under --convention byzfl
 * ByzFL's class names (TrMean, CenteredClipping, …) are accepted as rule names too.
 * Non-finite rows: dropped with a note on stderr under the paper convention (as the server
 * drops them); passed through unchanged under --convention byzfl (ByzFL's semantics).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { applySteps } from '../gars/apply.ts';
import { GARS, PRE_AGGREGATORS, parsePipeline } from '../gars/index.ts';
import type { Convention, StepSpec, Vector } from '../gars/types.ts';
import { stream } from '../sim/rng.ts';
import { readInputText } from '../scenario/checks/file.ts';
import { pipelineParamsIssue } from '../scenario/checks/params.ts';
import { clip, show } from '../scenario/checks/show.ts';
import { UserError } from './errors.ts';
import { jsonText } from './json.ts';
import { strictNumber } from './flags.ts';

interface Flags {
  rule: string;
  f?: string;
  param: string[];
  convention: string;
  input: string;
  seed: string;
  float32?: boolean;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('aggregate')
    .description('aggregate the vectors of a JSON file with a rule or pipeline and print the result as JSON')
    .requiredOption(
      '--rule <pipeline>',
      `rule or pipeline, e.g. "nnm → krum" (rules: ${[...GARS.keys()].join(', ')}; pre: ${[...PRE_AGGREGATORS.keys()].join(', ')})`,
    )
    .option('--f <n>', 'number of Byzantine inputs to tolerate')
    .option('--param <k=v>', 'rule parameter (repeatable); "step.k=v" targets one step', collect, [])
    .option('--convention <name>', 'paper | byzfl', 'paper')
    .requiredOption('--input <file>', 'JSON file {"vectors": [[...], ...]} ("-" for stdin)')
    .option('--seed <s>', 'seed of the random stream (bucketing)', '0')
    .option('--float32', 'store rows as float32, as the simulator does')
    .option('--json', 'print {rule, steps, f, convention, n, d, dropped, result} instead of the bare result')
    .action((flags: Flags) => {
      const out = runAggregate(flags);
      process.stdout.write(`${out}\n`);
    });
}

function collect(v: string, prev: string[]): string[] {
  return [...prev, v];
}

/** The whole command without I/O on stdout (tests call it). Returns the JSON text. */
export function runAggregate(flags: Flags, readInput: (file: string) => string = readText): string {
  const convention = flags.convention;
  if (convention !== 'paper' && convention !== 'byzfl') throw new UserError(`--convention must be paper or byzfl, got ${show(convention)}`);
  const { steps, f: paramF } = bindParams(parsePipeline(flags.rule), flags.param, convention);
  const f = flags.f !== undefined ? intArg('--f', flags.f) : (paramF ?? 0);
  let rows = parseVectors(readInput(flags.input), flags.input);
  const n = rows.length;
  let bad: number[] = [];
  if (convention === 'paper') {
    bad = rows.flatMap((r, i) => (r.every(Number.isFinite) ? [] : [i]));
    if (bad.length > 0) {
      process.stderr.write(`byzsim: dropped ${bad.length} vector(s) with non-finite entries (rows ${bad.join(', ')}), as the server does\n`);
      rows = rows.filter((_, i) => !bad.includes(i));
    }
  }
  const inputs: Vector[] = rows.map((r) => (flags.float32 ? Float32Array.from(r) : Float64Array.from(r)));
  let result: Vector | Vector[];
  try {
    result = applySteps(steps, inputs, { f, convention, rng: stream(flags.seed, 'aggregate') });
  } catch (e) {
    throw new UserError((e as Error).message);
  }
  const out = Array.isArray(result) ? result.map(toJson) : toJson(result);
  if (!flags.json) return JSON.stringify(out);
  return jsonText({ rule: flags.rule, steps, f, convention, n, d: rows[0]?.length ?? 0, dropped: bad, result: out });
}

function readText(file: string): string {
  if (file !== '-') return readInputText(file, { what: 'a JSON file of vectors', maxBytes: 1024 ** 3 }, (msg) => new UserError(`--input ${msg}`));
  try {
    return readFileSync(0, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read --input - (stdin): ${(e as Error).message}`);
  }
}

function toJson(x: Vector): (number | string)[] {
  return Array.from(x, (v) => (Number.isFinite(v) ? v : Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf'));
}

function intArg(name: string, v: string): number {
  const x = strictNumber(v);
  if (!Number.isInteger(x) || x < 0) throw new UserError(`${name} must be an integer ≥ 0, got ${show(v)}`);
  return x;
}

const NON_FINITE: Record<string, number> = { inf: Infinity, '+inf': Infinity, '-inf': -Infinity, nan: NaN, infinity: Infinity, '-infinity': -Infinity };

/** Rows of numbers from {"vectors": [...]} or a bare array; all the same length. */
export function parseVectors(text: string, where: string): number[][] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${where}: not valid JSON (${clip((e as Error).message)})`);
  }
  const rows = Array.isArray(data) ? data : (data as { vectors?: unknown })?.vectors;
  if (!Array.isArray(rows) || rows.length === 0) throw new UserError(`${where}: expected {"vectors": [[...], ...]} with at least one row`);
  const out = rows.map((r, i) => {
    if (!Array.isArray(r) || r.length === 0) throw new UserError(`${where}: vectors[${i}] is not a non-empty array`);
    return r.map((v, k) => {
      if (typeof v === 'number') return v;
      if (typeof v === 'string' && v.toLowerCase() in NON_FINITE) return NON_FINITE[v.toLowerCase()];
      throw new UserError(`${where}: vectors[${i}][${k}]: ${show(v)} — must be a number (or "inf", "-inf", "nan")`);
    });
  });
  const d = out[0].length;
  const bad = out.findIndex((r) => r.length !== d);
  if (bad >= 0) throw new UserError(`${where}: vectors[${bad}] has length ${out[bad].length}, vectors[0] has ${d}`);
  return out;
}

/** ByzFL class names accepted as rule names under `--convention byzfl`. */
export const BYZFL_NAMES: Readonly<Record<string, string>> = {
  Average: 'average',
  Median: 'median',
  TrMean: 'trimmed-mean',
  GeometricMedian: 'geometric-median',
  Krum: 'krum',
  MultiKrum: 'multi-krum',
  MDA: 'mda',
  Meamed: 'meamed',
  CenteredClipping: 'centered-clip',
  SMEA: 'smea',
  NNM: 'nnm',
  Bucketing: 'bucketing',
  Clipping: 'clip',
  ARC: 'arc',
};

/** Attach `--param` values to the steps: "step.k=v" to that step, "k=v" to every step that knows k; "f=N" sets f. */
export function bindParams(parsed: StepSpec[], raw: readonly string[], convention: Convention): { steps: StepSpec[]; f?: number } {
  const steps = convention === 'byzfl' ? parsed.map((s) => ({ ...s, name: BYZFL_NAMES[s.name] ?? s.name })) : parsed;
  const params = steps.map(() => ({}) as Record<string, number | string | boolean>);
  let f: number | undefined;
  for (const item of raw) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UserError(`--param must look like k=v, got ${item}`);
    let key = item.slice(0, eq).trim();
    const value = parseValue(item.slice(eq + 1).trim());
    if (key === 'f') {
      f = intArg('--param f', String(value));
      continue;
    }
    let targets = steps.map((_, i) => i);
    const dot = key.indexOf('.');
    if (dot > 0 && steps.some((s) => s.name === key.slice(0, dot))) {
      const stepName = key.slice(0, dot);
      key = key.slice(dot + 1);
      targets = targets.filter((i) => steps[i].name === stepName);
    } else {
      targets = targets.filter((i) => knows(steps[i].name, key, convention));
      if (targets.length === 0) {
        const known = steps.map((s) => `${s.name}: ${paramNames(s.name, convention).join(', ') || '(none)'}`).join('; ');
        throw new UserError(`unknown parameter ${key} for ${steps.map((s) => s.name).join(' → ')} (known: ${known})`);
      }
    }
    for (const i of targets) params[i][key] = value;
  }
  const unknown = steps.find((s) => !GARS.has(s.name) && !PRE_AGGREGATORS.has(s.name));
  if (unknown) throw new UserError(`unknown aggregation step "${unknown.name}" (known: ${[...PRE_AGGREGATORS.keys(), ...GARS.keys()].join(', ')})`);
  const bound = steps.map((s, i) => ({ name: s.name, params: { ...s.params, ...params[i] } }));
  const bad = pipelineParamsIssue(bound, convention, (i) => `--param ${bound[i].name}`);
  if (bad) throw new UserError(bad);
  return { steps: bound, f };
}

function paramNames(name: string, convention: Convention): string[] {
  const rule = GARS.get(name) ?? PRE_AGGREGATORS.get(name);
  if (!rule) return [];
  const extra = name === 'bucketing' ? ['permutation'] : [];
  return [...Object.keys(rule.params), ...extra, ...(convention === 'byzfl' ? Object.keys(rule.byzflAliases ?? {}) : [])];
}

function knows(name: string, key: string, convention: Convention): boolean {
  return paramNames(name, convention).includes(key);
}

function parseValue(v: string): number | string | boolean {
  if (v === 'true') return true;
  if (v === 'false') return false;
  if (Number.isFinite(strictNumber(v))) return strictNumber(v);
  return v;
}
