/**
 * How many homomorphic operations each robust rule of the table needs under CKKS with s slots
 * per ciphertext, counted from the rule's definition; he-estimate.ts multiplies them by measured
 * primitives. These are *estimates from a measured primitive*, not HE implementations of the
 * rules, and lower bounds: packing, masking and the encodings a real implementation adds are not
 * counted beyond what is listed. B = ⌈d / s⌉ ciphertexts per gradient; every comparison is slot-
 * wise, so one encrypted comparison serves s coordinates (or s packed scalars) at once.
 * - median: per coordinate batch, a sorting network pruned to the middle wire(s) — Batcher's
 *   odd–even merge network for n wires, only the comparators that reach ⌊(n−1)/2⌋..⌊n/2⌋
 *   (gars/cost.ts `comparators`, the same network the plaintext rule runs): comparators × B.
 * - trimmed mean: the network pruned to wires f..n−f−1, × B; then (n − 2f)·B additions.
 * - Krum: n(n−1)/2 squared distances (per pair B subtractions, B squarings, B − 1 additions,
 *   then log₂ s rotations + additions to sum the slots); per worker the n − f − 2 smallest of its
 *   n − 1 distances (selection network, all workers packed in one ciphertext); the arg-min of n
 *   scores (⌈log₂ n⌉ comparison rounds + 1 to form the one-hot mask); the selected gradient
 *   (n·B mask multiplications + additions).
 * - MDA: the same distances; each of the C(n, f) subsets' diameter (C(n−f, 2) − 1 comparisons,
 *   subsets packed ⌈C(n, f) / s⌉ per ciphertext); the arg-min over subsets (⌈log₂ C(n, f)⌉ + 1);
 *   the selected subset's average (n·B mask multiplications + additions).
 * - NNM → average: the same distances; per worker its n − f nearest (selection network pruned to
 *   wires 0..n−f−1, packed, + 1 comparison for the mask); every mixed vector (n²·B mask
 *   multiplications + additions), then their average (n·B additions).
 */
import { comparators } from '../gars/cost.ts';
import { binomial } from '../gars/linalg.ts';

export interface HeCounts {
  /** Encrypted comparisons (encryptedMax of privacy/he/comparison.ts). */
  readonly comparisons: number;
  /** Ciphertext × ciphertext multiplications with relinearisation and rescaling. */
  readonly multiplications: number;
  /** Rotations (a key switch each). */
  readonly rotations: number;
  /** Additions and subtractions. */
  readonly additions: number;
}

const log2ceil = (x: number) => Math.max(0, Math.ceil(Math.log2(x)));

/** Pairwise squared distances of n encrypted gradients of B blocks, summed over s slots. */
function distances(n: number, blocks: number, slots: number): HeCounts {
  const pairs = (n * (n - 1)) / 2;
  return { comparisons: 0, multiplications: pairs * blocks, rotations: pairs * log2ceil(slots), additions: pairs * (2 * blocks - 1 + log2ceil(slots)) };
}

const plus = (a: HeCounts, b: Partial<HeCounts>): HeCounts => ({
  comparisons: a.comparisons + (b.comparisons ?? 0),
  multiplications: a.multiplications + (b.multiplications ?? 0),
  rotations: a.rotations + (b.rotations ?? 0),
  additions: a.additions + (b.additions ?? 0),
});

const NONE: HeCounts = { comparisons: 0, multiplications: 0, rotations: 0, additions: 0 };

/** The rules with an estimate, in table order. */
export const ESTIMATED_RULES = ['median', 'trimmed-mean', 'krum', 'mda', 'nnm → average'] as const;

/** Operation counts of one HE aggregation by `rule` at (n, f, d) with `slots` slots. */
export function heCounts(rule: (typeof ESTIMATED_RULES)[number], n: number, f: number, d: number, slots: number): HeCounts {
  const blocks = Math.ceil(d / slots);
  switch (rule) {
    case 'median':
      return plus(NONE, { comparisons: comparators(n, (n - 1) >> 1, n >> 1) * blocks });
    case 'trimmed-mean':
      return plus(NONE, { comparisons: comparators(n, f, n - f - 1) * blocks, additions: (n - 2 * f) * blocks });
    case 'krum':
      return plus(distances(n, blocks, slots), {
        comparisons: comparators(n - 1, 0, Math.max(0, n - f - 3)) + log2ceil(n) + 1,
        multiplications: n * blocks,
        additions: n * blocks,
      });
    case 'mda': {
      const subsets = binomial(n, f);
      return plus(distances(n, blocks, slots), {
        comparisons: (binomial(n - f, 2) - 1) * Math.ceil(subsets / slots) + log2ceil(subsets) + 1,
        multiplications: n * blocks,
        additions: n * blocks,
      });
    }
    case 'nnm → average':
      return plus(distances(n, blocks, slots), {
        comparisons: comparators(n, 0, n - f - 1) + 1,
        multiplications: n * n * blocks,
        additions: n * n * blocks + n * blocks,
      });
  }
}
