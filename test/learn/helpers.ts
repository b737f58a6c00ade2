/** Shared test fixtures: a deterministic stream, batches, and a tiny MNIST-shaped spec. */
import type { ModelSpec } from '../../src/learn/engine.ts';

export function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 16807) % 2147483647) / 2147483647;
}

export function batch(rng: () => number, b: number, features: number, classes: number): { x: Float32Array; y: Int32Array } {
  return {
    x: Float32Array.from({ length: b * features }, rng),
    y: Int32Array.from({ length: b }, () => Math.floor(rng() * classes)),
  };
}

export const IMAGES = { features: 784, shape: [28, 28, 1], classes: 10 } as const;

export const SPECS: Readonly<Record<string, ModelSpec>> = {
  logreg: { name: 'logreg', options: {}, data: IMAGES },
  mlp: { name: 'mlp', options: { hidden: [32] }, data: IMAGES },
  cnn: { name: 'cnn', options: { filters: [4, 8] }, data: IMAGES },
};

export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}

/** Largest absolute error relative to the largest reference magnitude. */
export function relErr(a: Float32Array, ref: Float32Array): number {
  let err = 0;
  let scale = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return err / scale;
}
