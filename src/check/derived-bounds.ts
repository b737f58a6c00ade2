/**
 * Upper bounds on κ(n, f) that follow from each rule's definition by a few lines of algebra
 * ([D], derivations below), so tests may fail on them — unlike the recalled [U] values of
 * `bounds.ts`. Notation: S any n−f inputs, μ = x̄_S, var = (1/|S|) Σ_S ‖xᵢ − μ‖², r = f/(n−2f),
 * M = max_S ‖xᵢ − μ‖ (per coordinate for coordinate-wise rules). Facts used throughout:
 *  (a) Σ_{i,j∈S} ‖xᵢ − xⱼ‖² = 2|S|²·var;
 *  (b) a subset U ⊂ T of fraction α of a set T with covariance Σ_T: ‖x̄_U − x̄_T‖² ≤ λ_max(Σ_T)(1−α)/α;
 *  (c) per coordinate, M² ≤ (|S|−1)·var_k (one deviation against the other |S|−1, which sum to its opposite);
 *  (d) (√κ·a + b)² ≤ (κ+1)(a² + b²).
 * Each bound holds for the exact rule; the tests compare with float64 evaluations.
 */
import { parsePipeline } from '../gars/index.ts';
import type { Convention, Params } from '../gars/types.ts';

export interface DerivedBound {
  readonly value: number;
  /** The formula, as printed next to a measured ratio. */
  readonly formula: string;
}

type Rule = (n: number, f: number, params: Params, convention: Convention) => DerivedBound | undefined;

const r = (n: number, f: number) => f / (n - 2 * f);

/** Krum-type selection with m′ neighbours whose pick scores at most the `picked`-th smallest honest score. */
function krumLike(n: number, f: number, neighbours: number, picked: number): number | undefined {
  const s = n - f;
  const h = neighbours - f;
  if (h < 1 || neighbours > s - 1 || picked < 1 || picked > s) return undefined;
  // Honest j: score ≤ its mean over the m′-subsets of S∖{j}, so by (a) Σ_S scores ≤ 2m′|S|²var/(|S|−1), and
  // the picked-th smallest is at most that sum over |S|−picked+1. A pick's m′ nearest hold h ≥ m′−f
  // members H of S: ‖x − x̄_H‖² ≤ score/h and, by (b), ‖x̄_H − μ‖² ≤ var(|S|−h)/h. A mean of picks is no farther.
  const score = (2 * neighbours * s * s) / ((s - 1) * (s - picked + 1));
  return (Math.sqrt(score / h) + Math.sqrt((s - h) / h)) ** 2;
}

/** Krum's neighbour count m′ and its name. */
function neighboursOf(n: number, f: number, params: Params, convention: Convention): [number, string] {
  const one = (params.neighbours ?? (convention === 'byzfl' ? 'n-f-1' : 'n-f-2')) === 'n-f-1';
  return one ? [n - f - 1, 'n−f−1'] : [n - f - 2, 'n−f−2'];
}

const RULES: Readonly<Record<string, Rule>> = {
  average: (n, f) => ({ value: f === 0 ? 0 : Infinity, formula: f === 0 ? '0 (f = 0)' : '∞ (unanimity counterexample)' }),
  // 1-D median minimises Σ|z − xᵢ|: (n−2f)|z − μ| ≤ 2 Σ_S |xᵢ − μ| ≤ 2|S|√var_k (Cauchy–Schwarz), per coordinate
  median: (n, f) => ({ value: 4 * (1 + r(n, f)) ** 2, formula: '4(1 + f/(n−2f))²' }),
  // the same argument on the vector objective Σ‖z − xᵢ‖ that the geometric median minimises
  'geometric-median': (n, f) => ({ value: 4 * (1 + r(n, f)) ** 2, formula: '4(1 + f/(n−2f))²' }),
  // b outsiders kept ⇒ f+b of S trimmed, each kept outsider matched to a trimmed member of S at least as
  // far from μ on its side: |Σ_kept (x − μ)| ≤ Σ_{S trimmed} cᵢ|xᵢ − μ| with cᵢ ∈ {1, 2}, Σcᵢ² ≤ 5f
  'trimmed-mean': (n, f) => ({ value: (5 * f * (n - f)) / (n - 2 * f) ** 2, formula: '5f(n−f)/(n−2f)²' }),
  krum: (n, f, p, c) => {
    const [m, name] = neighboursOf(n, f, p, c);
    const v = krumLike(n, f, m, 1);
    return v === undefined ? undefined : { value: v, formula: `(√(2m′(n−f)/((n−f−1)h)) + √((n−f−h)/h))², m′ = ${name}, h = m′−f` };
  },
  'multi-krum': (n, f, p, c) => {
    const [m, name] = neighboursOf(n, f, p, c);
    const picked = p.m !== undefined ? Number(p.m) : c === 'byzfl' ? n - f : n - f - 2;
    const pickedName = p.m !== undefined ? String(p.m) : c === 'byzfl' ? 'n−f' : 'n−f−2';
    const v = krumLike(n, f, m, picked);
    return v === undefined ? undefined : { value: v, formula: `(√(2m′(n−f)²/((n−f−1)(n−f−m+1)h)) + √((n−f−h)/h))², m′ = ${name}, m = ${pickedName}, h = m′−f` };
  },
  // diam(S*) ≤ diam(S) and diam(S)² ≤ 2|S|var; U = S*∩S has ≥ n−2f members: (b) on S* and on S
  mda: (n, f) => ({ value: r(n, f) * (1 + Math.sqrt(n - f)) ** 2, formula: 'f/(n−2f)·(1 + √(n−f))²' }),
  // λ_max(S*) ≤ λ_max(S) ≤ var; (b) on S* and on S through U = S*∩S
  smea: (n, f) => ({ value: 4 * r(n, f), formula: '4f/(n−2f)' }),
  // the centre (median / trimmed mean) lies in the honest range; the values kept lie within M of it: |F − μ| ≤ 3M, then (c)
  meamed: (n, f) => ({ value: 9 * (n - f - 1), formula: '9(n−f−1)' }),
  phocas: (n, f) => ({ value: 9 * (n - f - 1), formula: '9(n−f−1)' }),
  // at most f of the θ = n−2f selected lie outside S, so their median is in the honest range and ≥ β of S surround it
  bulyan: (n, f) => ({ value: 9 * (n - f - 1), formula: '9(n−f−1)' }),
};

/** How a pre-aggregation step turns the bound κ of what follows into the bound of the composition. */
const PRE: Readonly<Record<string, (n: number, f: number, kappa: number) => DerivedBound>> = {
  // yᵢ − μ = (Σ_{Nᵢ∖S} a − Σ_{S∖Nᵢ} b)/(n−f), ≤ f pairs with ‖a − b‖ ≤ 2‖b − xᵢ‖ (a is nearer to xᵢ than b):
  // ‖yᵢ − μ‖² ≤ 4f(var + ‖xᵢ − μ‖²)/(n−f), so (1/|S|)Σ_S ‖yᵢ − μ‖² ≤ 8f·var/(n−f); then (d)
  nnm: (n, f, kappa) => ({ value: ((8 * f) / (n - f)) * (kappa + 1), formula: '8f/(n−f)·(κ_F + 1)' }),
  // ARC projects every input on the ball B(0, C) (1-Lipschitz); ≥ u = n−k−f members of S lie in it, so by (b)
  // dist(μ, ball)² ≤ var·(n−f−u)/u; then ‖F − μ‖ ≤ √(κ_F·var) + √var + √(var(n−f−u)/u)
  arc: (n, f, kappa) => {
    const u = n - Math.floor(2 * (f / n) * (n - f)) - f;
    return { value: (Math.sqrt(kappa) + 1 + Math.sqrt((n - f - u) / u)) ** 2, formula: '(√κ_F + 1 + √((n−f−u)/u))², u = n − ⌊2f(n−f)/n⌋ − f' };
  },
};

/**
 * The derived bound on κ(n, f) of a rule or pipeline (`"nnm → krum"`), or undefined where the
 * rule has none (centered clipping from a fixed start, bucketing, static clipping: origin- or
 * randomness-dependent). The last step's parameters are `params`.
 */
export function derivedKappaBound(pipeline: string, n: number, f: number, params: Params = {}, convention: Convention = 'paper'): DerivedBound | undefined {
  if (!(n > 2 * f)) return undefined;
  const steps = parsePipeline(pipeline);
  const last = steps[steps.length - 1];
  let bound = RULES[last.name]?.(n, f, { ...last.params, ...params }, convention);
  for (let s = steps.length - 2; s >= 0 && bound; s--) {
    const pre = PRE[steps[s].name];
    if (!pre) return undefined;
    const composed = pre(n, f, bound.value);
    bound = { value: composed.value, formula: `${composed.formula}, κ_F = ${bound.formula}` };
  }
  return bound;
}
