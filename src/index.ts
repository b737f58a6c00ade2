/**
 * byzsim's public API: `import { runScenario, GARS, ATTACKS, aggregate } from 'byzsim'`.
 * Importing it loads no TensorFlow.js: `runScenario` and `writeReport` load the simulator and
 * the figure code on their first call.
 */
import type { Scenario } from './scenario/load.ts';
import type { ReportOptions } from './report/index.ts';
import type { RunSummary, SweepOptions } from './sweep/run-scenario.ts';

// Scenarios: load a YAML file (or plan a parsed document), validated before anything runs.
export { loadScenario, planScenario, ScenarioError, type LoadOptions, type PlannedRun, type Scenario } from './scenario/load.ts';
export type { RunConfig } from './scenario/schema.ts';
export type { RunSummary, SweepOptions } from './sweep/run-scenario.ts';
export type { MetricsRow } from './sim/metrics.ts';

/** Run every configuration of a scenario into `options.outDir` (metrics.jsonl, config.json, done.json per configuration). */
export async function runScenario(scenario: Scenario, options: SweepOptions): Promise<RunSummary[]> {
  const sweep = await import('./sweep/run-scenario.ts');
  return sweep.runScenario(scenario, options);
}

/** Draw the report of a run directory (figures as SVG and/or PNG with a CSV each, and index.html); returns the files written (index.html last). */
export async function writeReport(dir: string, options: ReportOptions = {}): Promise<string[]> {
  const report = await import('./report/index.ts');
  return report.writeReport(dir, options);
}

// Aggregation rules and pre-aggregators (pure functions on Float32Array / Float64Array).
export { GARS, PRE_AGGREGATORS, parsePipeline, checkPipeline, createAggregator } from './gars/index.ts';
export type { Aggregator, Convention, Gar, GarContext, Params, PreAggregator, StepSpec, Vector } from './gars/index.ts';
export { aggregate, type AggregateOptions } from './gars/aggregate.ts';

// Attacks, schedules, privacy mechanisms, delay models, models, protocols.
export { ATTACKS, SCHEDULES } from './attacks/index.ts';
export type { Attack, AttackContext, AttackSchedule } from './attacks/index.ts';
export { PRIVACY } from './privacy/index.ts';
export type { PrivacyMechanism } from './privacy/index.ts';
export { privacySpent, type PrivacySpent } from './privacy/rdp.ts';
export { DELAYS } from './net/delay/index.ts';
export type { DelayModel } from './net/delay/index.ts';
export { MODELS } from '../models/index.ts';
export { PROTOCOLS, type FigureSpec, type MetricField, type ProtocolDef } from './protocols/index.ts';

// The (f, κ)-robustness judge and the named random streams.
export { kappaRatio, worstKappa, type KappaJudgement } from './check/kappa.ts';
export { stream, type Rng } from './sim/rng.ts';
