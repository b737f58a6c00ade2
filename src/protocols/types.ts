/** What every protocol's run takes and gives back. */
import type { GradientEngine } from '../learn/engine.ts';
import type { Dataset } from '../learn/data/types.ts';
import type { ModelDef } from '../learn/model.ts';
import type { LinkConfig, TraceRecord } from '../net/link.ts';
import type { RunConfig } from '../scenario/schema.ts';
import type { MetricsRow } from '../sim/metrics.ts';

export interface RunInput {
  readonly config: RunConfig;
  readonly model: ModelDef;
  readonly train: Dataset;
  readonly test: Dataset;
  readonly engine: GradientEngine;
  /** Rows in step order, as soon as each is complete (evaluations are awaited in order). */
  readonly onRow?: (row: MetricsRow) => void;
  readonly onTrace?: (rec: TraceRecord | StepTrace) => void;
  /** The links' adversarial scheduler hook (protocol fuzzing). */
  readonly scheduler?: LinkConfig['scheduler'];
}

export interface StepTrace {
  readonly t: number;
  readonly ev: 'step';
  readonly step: number;
  readonly used: readonly string[];
  /** The replica that completed the step (replicated protocols). */
  readonly replica?: string;
}

export interface RunResult {
  readonly rows: MetricsRow[];
  /** Steps completed (less than config.steps when the run stalled: no event left). */
  readonly steps: number;
  readonly stalled: boolean;
  readonly timeMs: number;
  readonly events: number;
  readonly finalParams: Float32Array;
  /** Under DP-SGD: the (ε, δ) each honest worker spent, worst case over workers (RDP accountant). */
  readonly privacy?: { readonly epsilon: number; readonly delta: number; readonly order: number };
}
