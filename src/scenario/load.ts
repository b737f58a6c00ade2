/**
 * Loading a scenario: YAML → one run per (variant × grid point), each parsed with the schema
 * and checked by the rules, before anything runs. Any problem is a `ScenarioError` whose
 * message is one line naming the file, the field, the value and the rule.
 */
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { setPath as setOwnPath } from './checks/path.ts';
import { describeIssue, firstIssue } from './checks/issues.ts';
import { readScenarioText } from './checks/file.ts';
import { clip, show as showValue } from './checks/show.ts';
import { runSchema, scenarioExtras, type RunConfig } from './schema.ts';
import { applySize } from './size.ts';
import { validateRun } from './validate.ts';

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';

  constructor(message: string) {
    super(clip(message, 1000)); // one line of bounded length, whatever it quotes
  }
}

export interface PlannedRun {
  /** Human label, e.g. `gar=median policy=sync` (with `seeds`: `gar=median policy=sync seed=2`). */
  readonly label: string;
  /** Directory-safe slug of the label. */
  readonly slug: string;
  /** The slug of the configuration without its seed: every seed of one configuration shares it. */
  readonly cell: string;
  /** The run's seed (`config.seed`). */
  readonly seed: number | string;
  /** The dotted overrides that made this run from the base. */
  readonly overrides: Readonly<Record<string, unknown>>;
  /** The variant's label (when the scenario lists variants) and the grid point's assignments. */
  readonly variant?: string;
  readonly grid: Readonly<Record<string, unknown>>;
  readonly config: RunConfig;
}

export interface Scenario {
  readonly file: string;
  readonly name: string;
  readonly runs: readonly PlannedRun[];
  /** The seeds every configuration runs with (the scenario's or --seeds), else the runs' distinct seeds. */
  readonly seeds: readonly (number | string)[];
  readonly report?: z.infer<typeof scenarioExtras>['report'];
  /** The size it was planned at (`--size`), when not the full size. */
  readonly size?: string;
}

/** One override from outside the scenario file, with how the user wrote it (for messages). */
export interface Override {
  readonly path: string;
  readonly value: unknown;
  /** e.g. `--seed 5`, `--set server.gar=median`; default `--set <path>=…`. */
  readonly flag?: string;
}

export interface LoadOptions {
  /** Overrides applied to every run (from the CLI: --seed, --steps, --backend…). */
  readonly set?: Readonly<Record<string, unknown>>;
  /** The same, each with the flag that gave it; a path the grid, a variant or `seeds` sets is refused. */
  readonly overrides?: readonly Override[];
  /** `--seeds`: replaces the scenario's `seeds`. */
  readonly seeds?: readonly number[];
  /** `--size`: one of the scenario's `sizes` (size.ts); absent, the full size. */
  readonly size?: string;
}

export function loadScenario(file: string, opts: LoadOptions = {}): Scenario {
  const text = readScenarioText(file, (msg) => new ScenarioError(msg));
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ScenarioError(`${file}: not valid YAML: ${clip((e as Error).message.split('\n')[0], 160)}`);
  }
  return planScenario(doc, file, opts);
}

/** Expand and validate an already-parsed scenario document. */
export function planScenario(doc: unknown, file: string, opts: LoadOptions = {}): Scenario {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new ScenarioError(`${file}: a scenario is a YAML mapping, got ${showValue(doc)}`);
  const { grid, variants, report, seeds, sizes, ...base } = doc as Record<string, unknown>;
  const parsed = scenarioExtras.safeParse({ grid, variants, report, seeds, sizes });
  if (!parsed.success)
    throw new ScenarioError(`${file}: ${formatIssue(firstIssue(parsed.error.issues), { grid, variants, report, seeds, sizes }, scenarioExtras)}`);
  const sized = applySize(parsed.data, opts.size);
  if (typeof sized === 'string') throw new ScenarioError(`${file}: ${sized}`);
  const extras = { data: sized.extras };
  const gridKeys = Object.keys(extras.data.grid ?? {});
  const rep = extras.data.report;
  const hm = rep?.heatmap;
  for (const [field, keys, extra] of [
    ['report.panels', rep?.panels ?? [], []],
    ['report.summary', rep?.summary ? [rep.summary] : [], []],
    ['report.heatmap', hm ? [hm.rows, hm.columns] : [], variants ? ['variant'] : []],
  ] as const)
    for (const k of keys)
      if (!gridKeys.includes(k) && !(extra as readonly string[]).includes(k))
        throw new ScenarioError(`${file}: ${field}: "${k}" — not a grid key (grid keys: ${[...gridKeys, ...extra].join(', ') || 'none'})`);
  const seedList = opts.seeds ?? extras.data.seeds;
  const overrides = [...sized.overrides, ...Object.entries(opts.set ?? {}).map(([path, value]) => ({ path, value })), ...(opts.overrides ?? [])];
  const seedFlag = opts.seeds ? '--seeds' : opts.size !== undefined && parsed.data.sizes?.[opts.size]?.seeds ? `sizes.${opts.size}.seeds` : 'seeds';
  checkConflicts(file, overrides, extras.data.grid ?? {}, extras.data.variants ?? [], seedList && { list: seedList, flag: seedFlag });
  const points = withSeeds(expand(extras.data.grid ?? {}, extras.data.variants ?? [{ set: {} }]), seedList);
  const runs: PlannedRun[] = [];
  const seen = new Set<string>();
  const cells = new Map<string, string>();
  for (const p of points) {
    const raw = structuredClone(base);
    for (const [k, v] of Object.entries(p.set)) setPath(raw, k, v, file);
    for (const o of overrides) setPath(raw, o.path, o.value, file);
    const config = parseRun(raw, file, points.length > 1 ? ` [${p.label}]` : '');
    const slug = unique(slugify(p.label || config.name), seen);
    if (!cells.has(p.cellKey)) cells.set(p.cellKey, p.seedOnly ? slug : unique(slugify(p.cellLabel || config.name), new Set(cells.values())));
    runs.push({
      label: p.label || config.name,
      slug,
      cell: cells.get(p.cellKey)!,
      seed: config.seed,
      overrides: p.set,
      variant: p.variant,
      grid: p.grid,
      config,
    });
  }
  return {
    file,
    name: runs[0]?.config.name ?? 'run',
    runs,
    seeds: seedList ?? [...new Set(runs.map((r) => r.seed))],
    report: extras.data.report,
    size: opts.size,
  };
}

function parseRun(raw: unknown, file: string, where: string): RunConfig {
  const parsed = runSchema.safeParse(raw);
  if (!parsed.success) {
    const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
    throw new ScenarioError(`${file}${where}: ${formatIssue(firstIssue(parsed.error.issues), raw)}${more}`);
  }
  const errors = validateRun(parsed.data);
  if (errors.length > 0) {
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
    throw new ScenarioError(`${file}${where}: ${errors[0]}${more}`);
  }
  return parsed.data;
}

function unique(slug: string, seen: Set<string>): string {
  let s = slug;
  for (let k = 2; seen.has(s); k++) s = `${slug}-${k}`;
  seen.add(s);
  return s;
}

/** Two dotted paths touch when one is the other or lies inside it (`workers.attack` and `workers.attack.name`). */
const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/**
 * Grid keys, variants and seeds vary a field per run; an override from outside on the same
 * field would silently replace them under the old labels, so it is refused, naming both.
 */
function checkConflicts(
  file: string,
  overrides: readonly Override[],
  grid: Record<string, unknown[]>,
  variants: readonly { label?: string; set: Record<string, unknown> }[],
  seeds?: { list: readonly number[]; flag: string },
): void {
  const varied: { path: string; by: string }[] = Object.keys(grid).map((k) => ({ path: k, by: `the grid key ${k}` }));
  for (const [i, v] of variants.entries())
    for (const k of Object.keys(v.set))
      varied.push({ path: k, by: `variant ${v.label !== undefined ? JSON.stringify(v.label) : `#${i + 1}`}, which sets ${k}` });
  if (seeds) {
    const bySeeds = `${seeds.flag}: [${seeds.list.join(', ')}], which sets seed per run`;
    const clash = varied.find((x) => overlaps(x.path, 'seed'));
    if (clash) throw new ScenarioError(`${file}: ${seeds.flag}: conflicts with ${clash.by}: give the seeds in one place`);
    varied.push({ path: 'seed', by: bySeeds });
  }
  for (const o of overrides) {
    const clash = varied.find((x) => overlaps(x.path, o.path));
    if (clash) throw new ScenarioError(`${file}: ${o.flag ?? `--set ${o.path}=…`}: conflicts with ${clash.by}: drop one of them`);
  }
}

/** Each point once per seed (when seeds are given), the seed last in the label. */
function withSeeds(points: Point[], seeds?: readonly number[]): Point[] {
  if (!seeds) return points;
  return points.flatMap((p) =>
    seeds.map((seed) => ({ ...p, label: [p.label, `seed=${seed}`].filter(Boolean).join(' '), set: { ...p.set, seed }, seedOnly: false })),
  );
}

interface Point {
  label: string;
  /** The label without seed assignments, and a key naming the point without its seed. */
  cellLabel: string;
  cellKey: string;
  /** True when nothing but this point's own label defines its cell (no seeds, no grid seed). */
  seedOnly: boolean;
  set: Record<string, unknown>;
  variant?: string;
  grid: Record<string, unknown>;
}

/** Variants × the Cartesian product of the grid, in file order (deterministic). */
function expand(grid: Record<string, unknown[]>, variants: { label?: string; set: Record<string, unknown> }[]): Point[] {
  let points: Point[] = variants.map((v, i) => {
    const label = v.label ?? describe(v.set);
    return {
      label,
      cellLabel: label,
      cellKey: `v${i}`,
      seedOnly: !('seed' in v.set),
      set: { ...v.set },
      variant: v.label ?? (describe(v.set) || undefined),
      grid: {},
    };
  });
  for (const [key, values] of Object.entries(grid)) {
    const next: Point[] = [];
    for (const p of points)
      for (const [j, v] of values.entries()) {
        const part = `${key.split('.').pop()}=${show(v)}`;
        const isSeed = key === 'seed';
        next.push({
          ...p,
          label: [p.label, part].filter(Boolean).join(' '),
          cellLabel: isSeed ? p.cellLabel : [p.cellLabel, part].filter(Boolean).join(' '),
          cellKey: isSeed ? p.cellKey : `${p.cellKey}|${j}`,
          seedOnly: p.seedOnly && !isSeed,
          set: { ...p.set, [key]: v },
          grid: { ...p.grid, [key]: v },
        });
      }
    points = next;
  }
  return points;
}

function describe(set: Record<string, unknown>): string {
  return Object.entries(set)
    .map(([k, v]) => `${k.split('.').pop()}=${show(v)}`)
    .join(' ');
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && !Number.isFinite(v) && !Number.isNaN(v)) return v > 0 ? '∞' : '-∞';
  if (v !== null && typeof v === 'object' && 'name' in v) return String((v as { name: unknown }).name);
  return JSON.stringify(v);
}

function slugify(s: string): string {
  return (
    s
      .replace(/∞/g, 'inf')
      .replace(/→|->/g, '-')
      .replace(/[^A-Za-z0-9._=-]+/g, '_')
      .replace(/_+/g, '_')
      .replace(/^_|_$/g, '') || 'run'
  );
}

/** Set `a.b.c` in a plain object, creating mappings on the way (checks/path.ts: own keys only, no prototype keys). */
function setPath(obj: Record<string, unknown>, path: string, value: unknown, file: string): void {
  const msg = setOwnPath(obj, path, value);
  if (msg) throw new ScenarioError(`${file}: ${msg}`);
}

/** `workers.n: 0 — must be ≥ 1` — field, value, rule (see checks/issues.ts). */
export function formatIssue(issue: z.core.$ZodIssue, root: unknown, schema: z.ZodType = runSchema): string {
  return describeIssue(issue, root, schema);
}
