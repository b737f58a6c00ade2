/**
 * fast-check arbitraries for GAR inputs: an honest cloud and f adversarial vectors placed among
 * it. fast-check draws the structure (sizes, attack kind, distance exponent, positions, a seed);
 * the coordinates come from a named normal stream on that seed, so values are continuous (no
 * accidental ties) and every case is reproducible from its JSON.
 */
import fc from 'fast-check';
import { normal, stream } from '../sim/rng.ts';

/** How the adversarial vectors are placed. */
export const ATTACK_KINDS = ['far', 'cluster-far', 'alie', 'copy', 'inside', 'line'] as const;
export type AttackKind = (typeof ATTACK_KINDS)[number];

export interface GarCase {
  readonly n: number;
  readonly f: number;
  readonly d: number;
  /** n rows of d numbers (float64). */
  readonly vectors: number[][];
  /** Indices of the honest rows (n − f of them). */
  readonly honest: number[];
  readonly attack: AttackKind;
  readonly seed: number;
}

export interface CaseShape {
  readonly n: number;
  readonly f: number;
  readonly d: number;
  readonly attack: AttackKind;
  /** log10 of the adversary's distance, in units of the honest spread. */
  readonly distanceExp: number;
  /** Spread of the honest cloud. */
  readonly spread: number;
  /** Byzantine row indices. */
  readonly byzantine: number[];
  readonly seed: number;
}

/** Build the vectors of a case from its shape (deterministic). */
export function buildCase(shape: CaseShape): GarCase {
  const { n, f, d, seed } = shape;
  const rng = stream(seed, 'fuzz/gar');
  const center = Array.from({ length: d }, () => 3 * normal(rng));
  const honestRows = Array.from({ length: n - f }, () => center.map((c) => c + shape.spread * normal(rng)));
  const mu = new Array<number>(d).fill(0);
  for (const r of honestRows) r.forEach((v, k) => (mu[k] += v / (n - f)));
  const sigma = mu.map((m, k) => Math.sqrt(honestRows.reduce((s, r) => s + (r[k] - m) ** 2, 0) / Math.max(1, n - f - 1)));
  const dist = shape.spread * 10 ** shape.distanceExp;
  const dir = unit(Array.from({ length: d }, () => normal(rng)));
  const byz: number[][] = [];
  for (let b = 0; b < f; b++) {
    switch (shape.attack) {
      case 'far':
        byz.push(mu.map((m, k) => m + dist * unit(Array.from({ length: d }, () => normal(rng)))[k]));
        break;
      case 'cluster-far':
        byz.push(mu.map((m, k) => m + dist * dir[k]));
        break;
      case 'alie': {
        const z = Math.min(3, 10 ** shape.distanceExp / 10);
        byz.push(mu.map((m, k) => m - z * sigma[k]));
        break;
      }
      case 'copy':
        byz.push([...honestRows[Math.floor(rng() * honestRows.length)]]);
        break;
      case 'inside':
        byz.push(mu.map((m, k) => m + sigma[k] * (2 * rng() - 1)));
        break;
      case 'line':
        byz.push(mu.map((m, k) => m + dist * ((b + 1) / f) * dir[k]));
        break;
    }
  }
  const isByz = new Set(shape.byzantine);
  const vectors: number[][] = [];
  const honest: number[] = [];
  let h = 0;
  let bz = 0;
  for (let i = 0; i < n; i++) {
    if (isByz.has(i)) vectors.push(byz[bz++]);
    else {
      honest.push(i);
      vectors.push(honestRows[h++]);
    }
  }
  return { n, f, d, vectors, honest, attack: shape.attack, seed };
}

function unit(v: number[]): number[] {
  const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / norm);
}

export interface ShapeOptions {
  readonly n: number | { min: number; max: number };
  /** f as a number, or 'max' for the largest f with n ≥ a·f + b. */
  readonly f: number | ((n: number) => number);
  readonly d?: number | { min: number; max: number };
  readonly attacks?: readonly AttackKind[];
  readonly distanceExp?: { min: number; max: number };
}

const range = (r: number | { min: number; max: number }) => (typeof r === 'number' ? fc.constant(r) : fc.integer(r));

/** Arbitrary case shapes: sizes, attack, distance, Byzantine positions and a value seed. */
export function caseShape(opts: ShapeOptions): fc.Arbitrary<CaseShape> {
  return range(opts.n).chain((n) => {
    const f = typeof opts.f === 'number' ? opts.f : opts.f(n);
    return fc.record({
      n: fc.constant(n),
      f: fc.constant(f),
      d: range(opts.d ?? { min: 1, max: 4 }),
      attack: fc.constantFrom(...(opts.attacks ?? ATTACK_KINDS)),
      distanceExp: fc.double({ min: opts.distanceExp?.min ?? 0, max: opts.distanceExp?.max ?? 6, noNaN: true }),
      spread: fc.constantFrom(0.1, 1, 10),
      byzantine: fc.shuffledSubarray(
        Array.from({ length: n }, (_, i) => i),
        { minLength: f, maxLength: f },
      ),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    });
  });
}

/** Arbitrary cases (shape → vectors). */
export function garCase(opts: ShapeOptions): fc.Arbitrary<GarCase> {
  return caseShape(opts).map(buildCase);
}
