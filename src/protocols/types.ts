/**
 * What a protocol is to the rest of byzsim: its registry entry (`ProtocolDef`: metadata that
 * validation, the CLI and the sweep read without loading TensorFlow.js, and a lazily loaded
 * `run`), and what a run takes and gives back.
 */
import type { Dataset } from '../learn/data/types.ts';
import type { GradientEngine } from '../learn/engine.ts';
import type { ModelDef } from '../learn/model.ts';
import type { LinkConfig } from '../net/link.ts';
import type { ResolvedRun } from '../scenario/resolve.ts';
import type { RunConfig } from '../scenario/schema.ts';
import type { MetricsRow } from '../sim/metrics.ts';
import type { HistoryRecord, RunStatus, StallReason } from './runtime/history.ts';
import type { NodeSpec } from './runtime/roles.ts';

/** A metric field a protocol adds to every row (after `timedOut`). */
export interface MetricField {
  readonly field: string;
  readonly summary: string;
}

/**
 * A default figure of the protocol's report: one line per configuration of `metric` against step
 * (pure data: the sweep writes it into plan.json's `figures`, the report draws it and names the file after the metric).
 */
export interface FigureSpec {
  readonly metric: string;
  readonly title: string;
  readonly yLabel: string;
  readonly caption: string;
  /** A log y axis (the metric spans decades). */
  readonly log?: boolean;
}

export interface ProtocolDef {
  readonly name: string;
  /** One line for `byzsim list protocols`. */
  readonly summary: string;
  /** The paper it implements. */
  readonly paper?: string;
  /** Config sections only this protocol reads (refused under another protocol). */
  readonly sections?: readonly (keyof RunConfig)[];
  /** Its bounds and what it cannot simulate, each violated rule as one line naming the field, the value and the rule. */
  readonly check: (cfg: RunConfig) => string[];
  /**
   * The assumptions its guarantees rest on (bounds on n, f and quorums, the synchrony it needs), each
   * one the config breaks as one line like `check`'s. Validation refuses them unless the config says
   * `unsafe: true` (`run --unsafe`): then the run goes ahead outside them — the experiment that shows
   * what an assumption buys — and the CLI says which were waived.
   */
  readonly assumptions?: (cfg: RunConfig) => string[];
  /** Every node the protocol has, with its role (what links, partitions and faults may name). */
  readonly nodes: (cfg: RunConfig) => NodeSpec[];
  /** The role whose nodes `workers.faults` may name (`worker: i` is its i-th node). */
  readonly faultRole: string;
  /** The role of its replicated servers, whose nodes `servers.crashes` may name (absent: the protocol has none). */
  readonly serverRole?: string;
  /** The fewest vectors one aggregation takes per step (the GAR is checked at it), and who aggregates. */
  readonly aggregation: (cfg: RunConfig) => { readonly count: number; readonly by: string };
  /** The protocol gives its Byzantine nodes behaviours of its own here (then `workers.attack` may be absent). */
  readonly ownByzantineBehaviour?: (cfg: RunConfig) => boolean;
  readonly metrics: readonly MetricField[];
  readonly figures: readonly FigureSpec[];
  /** The run, loaded on demand (it pulls in the learning stack). */
  readonly run: () => Promise<(input: RunInput) => Promise<RunResult>>;
  /** What `byzsim fuzz protocol <name>` and `byzsim replay` need: its predicates, its tiny configuration, its Byzantine choices, its assumptions. */
  readonly fuzz?: ProtocolFuzz;
}

/** A violated predicate: which one, where (step, node) and what happened, in one line. */
export interface PredicateViolation {
  readonly property: string;
  readonly step?: number;
  readonly node?: string;
  /** When it happened (virtual ms), where one record shows it (the space-time diagram marks it there). */
  readonly t?: number;
  readonly detail: string;
}

/** What a predicate judges: the run's event history, with the configuration it ran and its node table (the ground truth of who is Byzantine). */
export interface JudgeInput {
  readonly cfg: RunConfig;
  readonly nodes: readonly NodeSpec[];
  readonly history: readonly HistoryRecord[];
}

/**
 * A safety or liveness property of a protocol, judged on a run's event history — what its nodes
 * and links recorded, never its actors. Each protocol folder lists its own in `predicates.ts`.
 */
export interface Predicate {
  readonly name: string;
  readonly kind: 'safety' | 'liveness';
  /** What it demands, one line (README, `byzsim fuzz protocol` output). */
  readonly summary: string;
  /** Its violations in history order; empty when it held. */
  readonly judge: (run: JudgeInput) => readonly PredicateViolation[];
}

/**
 * One Byzantine choice the fuzzer may make: a label and the scenario settings it sets (dotted
 * paths, as `--set` takes them), from `arity` numbers in [0, 1) that fast-check draws and shrinks
 * towards 0 (the protocol maps them to the choice's parameters).
 */
export interface FuzzChoice {
  readonly label: string;
  readonly arity: number;
  readonly set: (u: readonly number[]) => Readonly<Record<string, unknown>>;
}

/** The faults a case may inject while staying inside the protocol's assumptions for `cfg` (its network's synchrony bounds every delay). */
export interface FuzzAssumption {
  /** How many honest nodes of the fault role may crash. */
  readonly crashes: number;
  /** How many correct replicas of the server role may crash-stop (`servers.crashes`; the assumptions count them in f_ps; absent: none). */
  readonly serverCrashes?: number;
  /** Whether message loss is inside the assumptions (its rate ≤ 0.3 then). */
  readonly loss: boolean;
  /** Whether message duplication is (its rate ≤ 0.3 then). */
  readonly duplication: boolean;
}

export interface ProtocolFuzz {
  /** Its safety and liveness predicates (its folder's `predicates.ts`, loaded on demand). */
  readonly predicates: () => Promise<readonly Predicate[]>;
  /**
   * The tiny configuration it is fuzzed on without `--scenario`: a scenario document of its own
   * sections (protocol, workers, servers, server, network …); the fuzzer sets name, seed, steps,
   * data and model (logistic regression on 4 synthetic features).
   */
  readonly tiny: Readonly<Record<string, unknown>>;
  /**
   * What `--unsafe` without `--scenario` fuzzes: sections of the tiny configuration merged one level
   * deep (each key of a section replaced) to step outside its assumptions — the planted violation's
   * setting (absent: the tiny configuration itself).
   */
  readonly outside?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The Byzantine nodes' choices for `cfg` (none: they keep the scenario's). */
  readonly choices?: (cfg: RunConfig) => readonly FuzzChoice[];
  readonly assumption: (cfg: RunConfig) => FuzzAssumption;
  /**
   * A run of a case without the learning stack, in place of `run` on the tiny task (the PS: its
   * skeleton — the same actors, constant payloads — hundreds of cases a second), loaded on demand.
   */
  readonly skeleton?: () => Promise<(input: SkeletonInput) => void>;
}

/** What a protocol's skeleton run of a fuzz case takes. */
export interface SkeletonInput {
  /** The case's configuration (validated; its limits set from the case's delays). */
  readonly cfg: RunConfig;
  readonly scheduler: NonNullable<LinkConfig['scheduler']>;
  /** Every record (`links`), or only the node and end records (the links then build none: what the judges read). */
  readonly onTrace: (rec: HistoryRecord) => void;
  readonly links: boolean;
}

export interface RunInput {
  readonly plan: ResolvedRun;
  readonly model: ModelDef;
  readonly train: Dataset;
  readonly test: Dataset;
  readonly engine: GradientEngine;
  /** Rows in step order, as soon as each is complete (evaluations are awaited in order). */
  readonly onRow?: (row: MetricsRow) => void;
  /** The run's event history, record by record as it happens (src/protocols/runtime/history.ts; `--trace`). */
  readonly onTrace?: (rec: HistoryRecord) => void;
  /** The links' adversarial scheduler hook (protocol fuzzing). */
  readonly scheduler?: LinkConfig['scheduler'];
}

export interface RunResult {
  readonly rows: MetricsRow[];
  /** Steps completed (less than config.steps when the run stalled). */
  readonly steps: number;
  /** `status === 'stalled'`. */
  readonly stalled: boolean;
  readonly status: RunStatus;
  /** Why it stalled (src/protocols/runtime/stall.ts). */
  readonly reason?: StallReason;
  readonly timeMs: number;
  readonly events: number;
  readonly finalParams: Float32Array;
  /** Under DP-SGD: the (ε, δ) each honest worker spent, worst case over workers (RDP accountant). */
  readonly privacy?: { readonly epsilon: number; readonly delta: number; readonly order: number };
}
