/**
 * Loading a scenario: YAML → one run per (variant × grid point), each parsed with the schema
 * and checked by the rules, before anything runs. Any problem is a `ScenarioError` whose
 * message is one line naming the file, the field, the value and the rule.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { runSchema, scenarioExtras, type RunConfig } from './schema.ts';
import { validateRun } from './validate.ts';

export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
}

export interface PlannedRun {
  /** Human label, e.g. `gar=median policy=sync`. */
  readonly label: string;
  /** Directory-safe slug of the label. */
  readonly slug: string;
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
  readonly report?: z.infer<typeof scenarioExtras>['report'];
}

export interface LoadOptions {
  /** Overrides applied to every run (from the CLI: --seed, --steps, --backend…). */
  readonly set?: Readonly<Record<string, unknown>>;
}

export function loadScenario(file: string, opts: LoadOptions = {}): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ScenarioError(`${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    throw new ScenarioError(`${file}: not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  return planScenario(doc, file, opts);
}

/** Expand and validate an already-parsed scenario document. */
export function planScenario(doc: unknown, file: string, opts: LoadOptions = {}): Scenario {
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw new ScenarioError(`${file}: a scenario is a YAML mapping, got ${JSON.stringify(doc)}`);
  const { grid, variants, report, ...base } = doc as Record<string, unknown>;
  const extras = scenarioExtras.safeParse({ grid, variants, report });
  if (!extras.success) throw new ScenarioError(`${file}: ${formatIssue(extras.error.issues[0], { grid, variants, report })}`);
  const gridKeys = Object.keys(extras.data.grid ?? {});
  const rep = extras.data.report;
  const hm = rep?.heatmap;
  for (const [field, keys, extra] of [
    ['report.panels', rep?.panels ?? [], []],
    ['report.summary', rep?.summary ? [rep.summary] : [], []],
    ['report.heatmap', hm ? [hm.rows, hm.columns] : [], variants ? ['variant'] : []],
  ] as const)
    for (const k of keys)
      if (!gridKeys.includes(k) && !(extra as readonly string[]).includes(k)) throw new ScenarioError(`${file}: ${field}: "${k}" — not a grid key (grid keys: ${[...gridKeys, ...extra].join(', ') || 'none'})`);
  const points = expand(extras.data.grid ?? {}, extras.data.variants ?? [{ set: {} }]);
  const runs: PlannedRun[] = [];
  const seen = new Set<string>();
  for (const p of points) {
    const raw = structuredClone(base);
    for (const [k, v] of Object.entries({ ...p.set, ...(opts.set ?? {}) })) setPath(raw, k, v, file);
    const parsed = runSchema.safeParse(raw);
    const where = points.length > 1 ? ` [${p.label}]` : '';
    if (!parsed.success) {
      const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more)` : '';
      throw new ScenarioError(`${file}${where}: ${formatIssue(parsed.error.issues[0], raw)}${more}`);
    }
    const errors = validateRun(parsed.data);
    if (errors.length > 0) {
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
      throw new ScenarioError(`${file}${where}: ${errors[0]}${more}`);
    }
    let slug = slugify(p.label || parsed.data.name);
    for (let k = 2; seen.has(slug); k++) slug = `${slugify(p.label || parsed.data.name)}-${k}`;
    seen.add(slug);
    runs.push({ label: p.label || parsed.data.name, slug, overrides: p.set, variant: p.variant, grid: p.grid, config: parsed.data });
  }
  return { file, name: runs[0]?.config.name ?? 'run', runs, report: extras.data.report };
}

interface Point {
  label: string;
  set: Record<string, unknown>;
  variant?: string;
  grid: Record<string, unknown>;
}

/** Variants × the Cartesian product of the grid, in file order (deterministic). */
function expand(grid: Record<string, unknown[]>, variants: { label?: string; set: Record<string, unknown> }[]): Point[] {
  let points: Point[] = variants.map((v) => ({ label: v.label ?? describe(v.set), set: { ...v.set }, variant: v.label ?? (describe(v.set) || undefined), grid: {} }));
  for (const [key, values] of Object.entries(grid)) {
    const next: Point[] = [];
    for (const p of points)
      for (const v of values)
        next.push({ ...p, label: [p.label, `${key.split('.').pop()}=${show(v)}`].filter(Boolean).join(' '), set: { ...p.set, [key]: v }, grid: { ...p.grid, [key]: v } });
    points = next;
  }
  return points;
}

function describe(set: Record<string, unknown>): string {
  return Object.entries(set).map(([k, v]) => `${k.split('.').pop()}=${show(v)}`).join(' ');
}

function show(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && !Number.isFinite(v) && !Number.isNaN(v)) return v > 0 ? '∞' : '-∞';
  if (v !== null && typeof v === 'object' && 'name' in v) return String((v as { name: unknown }).name);
  return JSON.stringify(v);
}

function slugify(s: string): string {
  return s.replace(/∞/g, 'inf').replace(/→|->/g, '-').replace(/[^A-Za-z0-9._=-]+/g, '_').replace(/_+/g, '_').replace(/^_|_$/g, '') || 'run';
}

/** Set `a.b.c` in a plain object, creating mappings on the way. */
function setPath(obj: Record<string, unknown>, path: string, value: unknown, file: string): void {
  const keys = path.split('.');
  let o: Record<string, unknown> = obj;
  for (const k of keys.slice(0, -1)) {
    const next = o[k];
    if (next === undefined) o[k] = {};
    else if (next === null || typeof next !== 'object' || Array.isArray(next))
      throw new ScenarioError(`${file}: cannot set ${path}: ${k} is ${JSON.stringify(next)}, not a mapping`);
    o = o[k] as Record<string, unknown>;
  }
  o[keys[keys.length - 1]] = value;
}

function valueAt(obj: unknown, path: readonly PropertyKey[]): unknown {
  let o = obj;
  for (const k of path) {
    if (o === null || typeof o !== 'object') return undefined;
    o = (o as Record<PropertyKey, unknown>)[k];
  }
  return o;
}

/** `workers.n: must be an integer ≥ 1, got -3` — field, rule, value. */
export function formatIssue(issue: z.core.$ZodIssue, root: unknown): string {
  const path = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (path ? `${path}.${k}` : k)).join(', ');
    return `${keys}: unknown key${issue.keys.length > 1 ? 's' : ''}`;
  }
  const got = valueAt(root, issue.path);
  const value = got === undefined ? 'nothing' : JSON.stringify(got);
  return `${path || '(top level)'}: ${issue.message.replace(/^Invalid input: /, '')}, got ${value}`;
}
