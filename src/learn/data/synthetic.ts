/**
 * A synthetic binary task shaped like the seeds' phishing set (d = 68 features in {−1, 0, 1}):
 * a hidden w* ~ N(0, I); x uniform on {−1, 0, 1}^d; y = 1 iff w*·x + ξ > 0, ξ ~ N(0, 0.5²·d/3)
 * label noise. Deterministic for a given stream.
 */
import { normal } from '../../sim/rng.ts';
import type { Dataset } from './types.ts';

export function synthetic(features: number, examples: number, rng: () => number): Dataset {
  const w = new Float64Array(features);
  for (let j = 0; j < features; j++) w[j] = normal(rng);
  const x = new Float32Array(examples * features);
  const y = new Int32Array(examples);
  const noise = 0.5 * Math.sqrt(features / 3);
  for (let i = 0; i < examples; i++) {
    let s = 0;
    for (let j = 0; j < features; j++) {
      const v = Math.floor(rng() * 3) - 1;
      x[i * features + j] = v;
      s += v * w[j];
    }
    y[i] = s + noise * normal(rng) > 0 ? 1 : 0;
  }
  return { name: 'synthetic', x, y, features, shape: [features], classes: 2 };
}
