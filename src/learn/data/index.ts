/** Dataset loading by scenario name, with the deterministic train/test split. */
import { shuffle, stream } from '../../sim/rng.ts';
import { loadCsv } from './csv.ts';
import { loadLibsvm } from './libsvm.ts';
import { loadMnist } from './mnist.ts';
import { synthetic } from './synthetic.ts';
import { count, split, type Dataset } from './types.ts';

export type { Dataset } from './types.ts';

export interface DataSpec {
  readonly name: 'mnist' | 'synthetic' | 'libsvm' | 'csv';
  readonly train?: number;
  readonly test?: number;
  readonly path?: string;
  readonly features?: number;
  readonly examples?: number;
  readonly labelColumn?: number | string;
}

/** Load the dataset and split it; the split depends only on the seed (stream `data/split`). */
export function loadData(spec: DataSpec, seed: number | string): { train: Dataset; test: Dataset } {
  const all = load(spec, seed);
  const total = count(all);
  const test = spec.test ?? Math.max(1, Math.round(total * 0.2));
  const train = spec.train ?? total - test;
  if (train + test > total)
    throw new Error(`data: train ${train} + test ${test} exceeds the ${total} examples of ${all.name}`);
  const order = Int32Array.from({ length: total }, (_, i) => i);
  shuffle(order, stream(seed, 'data/split'));
  return split(all, order, train, test);
}

function load(spec: DataSpec, seed: number | string): Dataset {
  switch (spec.name) {
    case 'mnist':
      return loadMnist();
    case 'synthetic':
      return synthetic(spec.features ?? 68, spec.examples ?? 11055, stream(seed, 'data/synthetic'));
    case 'libsvm':
      return loadLibsvm(spec.path!);
    case 'csv':
      return loadCsv(spec.path!, spec.labelColumn);
  }
}
