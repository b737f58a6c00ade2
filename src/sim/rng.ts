/**
 * Named random streams. Every random draw in byzsim comes from a seedrandom
 * stream whose seed is derived from the scenario seed and a purpose name
 * (e.g. `worker/3/batch`), so adding an actor never shifts another actor's draws.
 *
 * A stream costs bytes, not kilobytes (a simulation holds one per link and per worker purpose):
 * - it is created lazily: nothing but its name is kept until its first draw, so a stream that
 *   is never drawn (an omission stream at rate 0) costs a closure;
 * - the function is named after the stream when it is made (≈ 160 bytes with its state variables);
 * - on its first draw, seedrandom builds the generator (`seedrandom(seed, { state: true })`:
 *   its key schedule and the RC4-drop[256]) and hands over its ARC4 state; the stream keeps
 *   that state — 256 bytes in a shared slab, plus i and j — and lets seedrandom's objects go
 *   (≈ 3.3 KB each as a JS array of 256 numbers and closures);
 * - each draw is seedrandom's `quick()` on that state: ARC4's next four bytes as a 32-bit
 *   integer over 2³², bit for bit the number seedrandom returns (test/sim/rng.test.ts checks
 *   it against the library, stream by stream).
 */
import seedrandom from 'seedrandom';

/** A uniform [0, 1) generator with helpers for the distributions the simulator needs. */
export interface Rng {
  /** Uniform in [0, 1). */
  (): number;
  /** The stream's name (for traces and error messages). */
  readonly name: string;
}

const WIDTH = 256;
/** Streams per slab: one 64 KiB buffer holds the ARC4 permutations of 256 streams. */
const SLAB_STREAMS = 256;
let slab = new Uint8Array(0);
let slabUsed = SLAB_STREAMS;

/** The ARC4 state seedrandom derives from `seedText`, copied into the current slab: its offset there, and i, j. */
function arc4State(seedText: string): { s: Uint8Array; o: number; i: number; j: number } {
  const state = seedrandom(seedText, { state: true }).state() as { i: number; j: number; S: number[] };
  if (slabUsed === SLAB_STREAMS) {
    slab = new Uint8Array(WIDTH * SLAB_STREAMS);
    slabUsed = 0;
  }
  const o = WIDTH * slabUsed++;
  slab.set(state.S, o);
  return { s: slab, o, i: state.i, j: state.j };
}

/** Create the stream `name` of the run seeded with `seed` (its state is built on the first draw). */
export function stream(seed: number | string, name: string): Rng {
  let s: Uint8Array | undefined;
  let o = 0;
  let i = 0;
  let j = 0;
  // a computed key names the function at its creation (defineProperty on a function costs ≈ 240 bytes more)
  const fn = {
    [name]: () => {
      if (s === undefined) ({ s, o, i, j } = arc4State(`byzsim:${seed}:${name}`));
      // seedrandom's ARC4 g(4): four output bytes, most significant first
      let r = 0;
      for (let k = 0; k < 4; k++) {
        i = (i + 1) & 255;
        const t = s[o + i];
        j = (j + t) & 255;
        const u = s[o + j];
        s[o + i] = u;
        s[o + j] = t;
        r = r * WIDTH + s[o + ((u + t) & 255)];
      }
      return r / 0x100000000;
    },
  }[name] as Rng;
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
