/**
 * The workload of a run, shared by every protocol: the workers' data shards, the gradient oracle,
 * a factory of fresh aggregation pipelines (each with its own state and stream) and what each
 * worker sends — its honest gradient, or its Byzantine behaviour for the last f workers.
 */
import { createAggregator, type Aggregator } from '../../gars/index.ts';
import { partition } from '../../learn/data/partition.ts';
import type { Dataset } from '../../learn/data/types.ts';
import type { GradientEngine } from '../../learn/engine.ts';
import type { ResolvedRun } from '../../scenario/resolve.ts';
import { stream } from '../../sim/rng.ts';
import { byzantineProducer, type ByzantineConfig } from './byzantine.ts';
import { GradientOracle } from './oracle.ts';
import type { Producer } from './payload.ts';

export interface Workload {
  readonly shards: Int32Array[];
  readonly oracle: GradientOracle;
  /** A fresh instance of the aggregation pipeline, with its own state and stream (f: default the rule's f). */
  readonly aggregator: (streamName: string, f?: number) => Aggregator;
  /** What worker i sends for the model of a step: honest, or its Byzantine behaviour. */
  readonly producer: (i: number) => Producer;
}

export function buildWorkload(plan: ResolvedRun, engine: GradientEngine, train: Dataset): Workload {
  const cfg = plan.config;
  const { seed } = cfg;
  const { n, f, batch } = cfg.workers;
  const shards = partition(train.y, train.classes, n, cfg.data.partition, stream(seed, 'data/partition'));
  const oracle = new GradientOracle({ seed, engine, train, shards, batch, privacy: plan.privacy, dpsgd: cfg.workers.dpsgd, momentum: cfg.workers.momentum });
  const aggregator = (name: string, fAgg = plan.garF) => createAggregator([...plan.garSteps], fAgg, stream(seed, name), cfg.server.convention);
  const byz: ByzantineConfig | undefined = plan.attack && {
    seed,
    n,
    f,
    honest: Array.from({ length: n - f }, (_, i) => i),
    attack: plan.attack.attack,
    params: plan.attack.params,
    schedule: plan.schedule,
    oracle,
    classes: train.classes,
    engine,
    aggregator: () => aggregator('byz/gar-copy'),
  };
  const producer = (i: number): Producer => (i < n - f || !byz ? (step, params) => oracle.ownPayload(i, step, params) : byzantineProducer(byz, i, i - (n - f)));
  return { shards, oracle, aggregator, producer };
}
