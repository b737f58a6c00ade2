/**
 * `<out>/plan.json`: what the report needs to draw a sweep without re-running it — the
 * scenario's name, description, size (`--size`, absent at the full size) and `report` section (with `band`), the default `figures` of
 * the protocols it runs, the `seeds`, and per run its `slug`, `label`, `variant`, `grid` point,
 * `seed` and `cell` (the slug shared by all seeds of one configuration), in plan order.
 */
import { PROTOCOLS, type FigureSpec } from '../protocols/index.ts';
import type { Scenario } from '../scenario/load.ts';

export function planJson(scenario: Scenario): Record<string, unknown> {
  return {
    scenario: scenario.file,
    name: scenario.name,
    description: scenario.runs[0]?.config.description,
    size: scenario.size,
    report: scenario.report,
    figures: protocolFigures(scenario),
    seeds: scenario.seeds,
    runs: scenario.runs.map((r) => ({ slug: r.slug, label: r.label, variant: r.variant, grid: r.grid, seed: r.seed, cell: r.cell })),
  };
}

/** The default figures of the protocols the scenario runs (one per metric, first protocol first). */
function protocolFigures(scenario: Scenario): FigureSpec[] {
  const figures = new Map<string, FigureSpec>();
  for (const r of scenario.runs) for (const fig of PROTOCOLS.get(r.config.protocol)!.figures) if (!figures.has(fig.metric)) figures.set(fig.metric, fig);
  return [...figures.values()];
}
