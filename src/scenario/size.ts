/**
 * A scenario's named sizes. The file as written is the full size a user runs; `sizes:` names
 * smaller (or larger) ones, chosen with `byzsim run --size NAME` (LoadOptions.size):
 *
 *   sizes:
 *     quick:                                   # what a test runs in seconds
 *       set: { steps: 12, data.train: 1100 }   # dotted overrides for every run
 *       grid: { workers.batch: [10, 500] }     # fewer values for some grid keys (keys of the grid only)
 *       variants: [MDA vs ALIE]                # keep only these variants (by label)
 *       seeds: [1, 2, 3]                       # replaces the scenario's seeds
 *
 * A size changes what is run, never how a run is checked: its overrides go through the same
 * schema and rules as the file, and a size override on a field the grid, a variant or the seeds
 * vary is refused like a `--set` on it. Command-line flags apply after the size (`--size quick
 * --steps 5` runs 5 steps; `--seeds` replaces the size's seeds). Every refusal is one line
 * naming the field, the value and the rule.
 */
import type { z } from 'zod';
import { checkPath } from './checks/path.ts';
import { show } from './checks/show.ts';
import type { scenarioExtras } from './schema.ts';

type Extras = z.infer<typeof scenarioExtras>;

/** What a size leaves of the scenario's extras, and the overrides it adds (each named by where it stands). */
export interface Sized {
  readonly extras: Extras;
  readonly overrides: readonly { path: string; value: unknown; flag: string }[];
}

/** The extras at size `name` (undefined: the full size, unchanged); a message string when the size is refused. */
export function applySize(extras: Extras, name: string | undefined): Sized | string {
  if (name === undefined) return { extras, overrides: [] };
  const sizes = extras.sizes ?? {};
  const size = Object.hasOwn(sizes, name) ? sizes[name] : undefined;
  if (size === undefined) {
    const known = Object.keys(sizes);
    return `--size: ${show(name)} — not a size of this scenario (${known.length > 0 ? `sizes: ${known.join(', ')}` : 'it defines no sizes: add sizes: { quick: {…} }'})`;
  }
  const where = `sizes.${name}`;
  const grid = { ...(extras.grid ?? {}) };
  for (const [key, values] of Object.entries(size.grid ?? {})) {
    if (!Object.hasOwn(grid, key)) return `${where}.grid: ${show(key)} — not a grid key (grid keys: ${Object.keys(grid).join(', ') || 'none'})`;
    grid[key] = values;
  }
  let variants = extras.variants;
  if (size.variants) {
    const labels = (extras.variants ?? []).map((v) => v.label);
    const missing = size.variants.find((l) => !labels.includes(l));
    if (missing !== undefined)
      return `${where}.variants: ${show(missing)} — not a variant label (labels: ${labels.filter((l) => l !== undefined).join(', ') || 'none'})`;
    variants = (extras.variants ?? []).filter((v) => v.label !== undefined && size.variants!.includes(v.label));
  }
  const overrides = [];
  for (const [path, value] of Object.entries(size.set ?? {})) {
    const bad = checkPath(path);
    if (bad) return `${where}.set: ${bad}`;
    overrides.push({ path, value, flag: `${where}.set.${path}` });
  }
  const sized: Extras = { ...extras, grid: extras.grid ? grid : undefined, variants, seeds: size.seeds ?? extras.seeds };
  return { extras: sized, overrides };
}
