/**
 * Dataset loading by scenario name, with the deterministic train/test split; `probeData`, the
 * cheap header check validation calls (sizes without loading, file problems as DataErrors).
 */
import { statSync } from 'node:fs';
import { shuffle, stream } from '../../sim/rng.ts';
import { loadCsv, probeCsv } from './csv.ts';
import { checkIdxPair, loadIdx, probeIdx } from './idx.ts';
import { loadLibsvm, probeLibsvm } from './libsvm.ts';
import { MNIST_DIR } from './mnist.ts';
import { FASHION_MNIST_DIR, loadStandard, probeStandard } from './standard.ts';
import { synthetic } from './synthetic.ts';
import { count, split, type Dataset, type DataSize } from './types.ts';

export type { Dataset, DataSize } from './types.ts';

export interface DataSpec {
  readonly name: 'mnist' | 'fashion-mnist' | 'idx' | 'synthetic' | 'libsvm' | 'csv';
  readonly train?: number;
  readonly test?: number;
  /** libsvm / csv: the file; idx: the examples file; fashion-mnist: the directory of its four files. */
  readonly path?: string;
  /** idx: the labels file. */
  readonly labels?: string;
  readonly features?: number;
  readonly examples?: number;
  readonly labelColumn?: number | string;
  readonly delimiter?: string;
}

const SYNTHETIC = { features: 68, examples: 11055 };

/**
 * Load the dataset and split it; the split depends only on the seed (stream `data/split`). A
 * standard split (mnist, fashion-mnist) keeps its parts: `train` / `test` examples drawn from
 * each (streams `data/split`, `data/split/test`), only those converted.
 */
export function loadData(spec: DataSpec, seed: number | string): { train: Dataset; test: Dataset } {
  const standard = standardDir(spec);
  if (standard) return subsets(standard, spec, seed);
  const all = load(spec, seed);
  const total = count(all);
  const test = spec.test ?? Math.max(1, Math.round(total * 0.2));
  const train = spec.train ?? total - test;
  if (train + test > total) throw new Error(`data: train ${train} + test ${test} exceeds the ${total} examples of ${all.name}`);
  const order = Int32Array.from({ length: total }, (_, i) => i);
  shuffle(order, stream(seed, 'data/split'));
  return split(all, order, train, test);
}

/** The directory of a standard split's four IDX files, for the datasets that come as one. */
function standardDir(spec: DataSpec): { dir: string; name: string } | undefined {
  if (spec.name === 'mnist') return { dir: MNIST_DIR, name: 'mnist' };
  if (spec.name === 'fashion-mnist') return { dir: spec.path ?? FASHION_MNIST_DIR, name: 'fashion-mnist' };
  return undefined;
}

/** A standard split's parts, each cut to data.train / data.test examples drawn by the seed (all by default). */
function subsets({ dir, name }: { dir: string; name: string }, spec: DataSpec, seed: number | string): { train: Dataset; test: Dataset } {
  const size = probeStandard(dir, name);
  const pick = (total: number, k: number | undefined, streamName: string) => {
    if (k === undefined || k === total) return undefined;
    if (k > total) throw new Error(`data: ${k} examples asked of the ${total} of ${name}`);
    const order = Int32Array.from({ length: total }, (_, i) => i);
    shuffle(order, stream(seed, streamName));
    return order.subarray(0, k);
  };
  return loadStandard(dir, name, { train: pick(size.split!.train, spec.train, 'data/split'), test: pick(size.split!.test, spec.test, 'data/split/test') });
}

function load(spec: DataSpec, seed: number | string): Dataset {
  switch (spec.name) {
    case 'synthetic':
      return synthetic(spec.features ?? SYNTHETIC.features, spec.examples ?? SYNTHETIC.examples, stream(seed, 'data/synthetic'));
    case 'libsvm':
      return loadLibsvm(spec.path!);
    case 'csv':
      return loadCsv(spec.path!, { labelColumn: spec.labelColumn, delimiter: spec.delimiter });
    case 'idx':
      return loadIdx(spec.path!, spec.labels!);
    case 'mnist':
    case 'fashion-mnist':
      throw new Error(`${spec.name} is a standard split (loadData reads its parts)`);
  }
}

const probes = new Map<string, { stamp: string; size: DataSize }>();

/**
 * The header check of the spec's data (memoised per file version, so a grid probes a file once):
 * its sizes, or a DataError naming the file and the rule it breaks.
 */
export function probeData(spec: DataSpec): DataSize {
  const files = [spec.path, spec.labels].filter((p): p is string => p !== undefined);
  const key = JSON.stringify([spec.name, spec.path, spec.labels, spec.labelColumn, spec.delimiter, spec.features, spec.examples]);
  const stamp = files.map((p) => stampOf(p)).join('|');
  const hit = probes.get(key);
  if (hit && hit.stamp === stamp && stamp !== '') return hit.size;
  const size = probe(spec);
  if (stamp !== '') probes.set(key, { stamp, size });
  return size;
}

function stampOf(path: string): string {
  try {
    const st = statSync(path);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return '';
  }
}

function probe(spec: DataSpec): DataSize {
  switch (spec.name) {
    case 'mnist':
      return probeStandard(MNIST_DIR, 'mnist', 10);
    case 'synthetic': {
      const features = spec.features ?? SYNTHETIC.features;
      return { name: 'synthetic', examples: spec.examples ?? SYNTHETIC.examples, features, shape: [features], classes: 2 };
    }
    case 'libsvm':
      return probeLibsvm(spec.path!);
    case 'csv':
      return probeCsv(spec.path!, { labelColumn: spec.labelColumn, delimiter: spec.delimiter });
    case 'idx': {
      const [x, y] = [probeIdx(spec.path!), probeIdx(spec.labels!)];
      checkIdxPair(x, y, spec.path!, spec.labels!);
      const dims = x.dims.slice(1);
      return { name: spec.path!, examples: x.dims[0], features: dims.reduce((a, b) => a * b, 1), shape: dims.length === 2 ? [...dims, 1] : dims };
    }
    case 'fashion-mnist':
      return probeStandard(spec.path ?? FASHION_MNIST_DIR, 'fashion-mnist', 10);
  }
}
