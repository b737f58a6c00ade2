/**
 * What theory says about each rule's κ(n, f) (theory sheet §3), with the status of each claim.
 * Only `derived`/`proven` values may fail a test; `recalled` ones ([U] in the sheet: recollections
 * of Allouah et al. 2023, Table 1, not checked against the paper) are printed next to the
 * measured worst case, never enforced.
 */
export type BoundStatus = 'derived' | 'recalled';

export interface KappaBound {
  readonly value: number;
  readonly status: BoundStatus;
  readonly source: string;
}

/** The lower bound every (f, κ)-robust rule obeys: κ ≥ f/(n−2f) (theory §3.2, derived). */
export function kappaLowerBound(n: number, f: number): number {
  return f / (n - 2 * f);
}

/** The upper bound on κ(n, f) for a registry rule, if the sheet gives one; undefined otherwise. */
export function kappaUpperBound(rule: string, n: number, f: number): KappaBound | undefined {
  const r = f / (n - 2 * f);
  switch (rule) {
    case 'average':
      return f >= 1
        ? { value: Infinity, status: 'derived', source: 'theory §3.3: unanimity counterexample' }
        : { value: 0, status: 'derived', source: 'f = 0' };
    case 'centered-clip':
      return f >= 1 ? { value: Infinity, status: 'derived', source: 'theory §1.9: ‖v_L − v₀‖ ≤ Lτ, no deterministic κ from a fixed start' } : undefined;
    case 'trimmed-mean':
      return { value: 6 * r * (1 + r), status: 'recalled', source: 'Allouah et al. 2023 Table 1 [U]' };
    case 'median':
    case 'geometric-median':
      return { value: 4 * (1 + r) ** 2, status: 'recalled', source: 'Allouah et al. 2023 Table 1 [U]' };
    case 'krum':
      return { value: 6 * (1 + r), status: 'recalled', source: 'Allouah et al. 2023 Table 1 [U]' };
    default:
      return undefined;
  }
}

/** Rules that claim (f, κ)-robustness for some finite κ, hence unanimity (theory §1.13). */
export const CLAIMS_ROBUSTNESS: ReadonlySet<string> = new Set([
  'median',
  'trimmed-mean',
  'geometric-median',
  'krum',
  'multi-krum',
  'mda',
  'bulyan',
  'meamed',
  'phocas',
  'smea',
]);
