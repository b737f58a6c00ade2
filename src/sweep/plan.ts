/**
 * `<out>/plan.json`: what the report needs to draw a sweep without re-running it — the
 * scenario's name, description and `report` section (with `band`), the `seeds`, and per run
 * its `slug`, `label`, `variant`, `grid` point, `seed` and `cell` (the slug shared by all
 * seeds of one configuration), in plan order.
 */
import type { Scenario } from '../scenario/load.ts';

export function planJson(scenario: Scenario): Record<string, unknown> {
  return {
    scenario: scenario.file,
    name: scenario.name,
    description: scenario.runs[0]?.config.description,
    report: scenario.report,
    seeds: scenario.seeds,
    runs: scenario.runs.map((r) => ({ slug: r.slug, label: r.label, variant: r.variant, grid: r.grid, seed: r.seed, cell: r.cell })),
  };
}
