/**
 * Named random streams. Every random draw in byzsim comes from a seedrandom
 * stream whose seed is derived from the scenario seed and a purpose name
 * (e.g. `worker/3/batch`), so adding an actor never shifts another actor's draws.
 */
import seedrandom from 'seedrandom';

/** A uniform [0, 1) generator with helpers for the distributions the simulator needs. */
export interface Rng {
  /** Uniform in [0, 1). */
  (): number;
  /** The stream's name (for traces and error messages). */
  readonly name: string;
}

/** Create the stream `name` of the run seeded with `seed`. */
export function stream(seed: number | string, name: string): Rng {
  const prng = seedrandom(`byzsim:${seed}:${name}`);
  const fn = (() => prng.quick()) as Rng;
  Object.defineProperty(fn, 'name', { value: name });
  return fn;
}

/** Standard normal draw (Box–Muller, one value per call; uses two uniforms). */
export function normal(rng: () => number): number {
  let u = rng();
  while (u <= 1e-300) u = rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Gamma(shape, 1) draw (Marsaglia–Tsang), used by the Dirichlet partition. */
export function gamma(rng: () => number, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * Math.pow(rng() || 1e-300, 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (let guard = 0; guard < 10_000; guard++) {
    let x = 0;
    let v = 0;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
  throw new Error(`gamma: no sample accepted for shape=${shape}`);
}

/** In-place Fisher–Yates shuffle driven by `rng`. */
export function shuffle<T>(items: T[] | Int32Array, rng: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = items[i];
    items[i] = items[j];
    items[j] = tmp as never;
  }
}
