/**
 * `byzsim fuzz gar`: search for the worst empirical κ of a rule (or pipeline) at (n, f).
 * 1. fast-check generates cases (honest cloud + f adversarial vectors: far, clustered, ALIE-like,
 *    copies, inside the cloud, on a line) and checks ratio ≤ threshold; a violation is shrunk.
 * 2. A local adversarial search (seeded hill climbing, mostly on the Byzantine rows, sometimes
 *    nudging an honest row) starts from the worst cases found and pushes the ratio up.
 * 3. A distance scan moves the worst case's Byzantine rows t = 1, 10, …, 10⁴ times further from
 *    the honest mean: a ratio that keeps growing with t is reported as unbounded.
 * The ratio is judged on the known honest set during the search and over every S of size n−f
 * (when C(n, f) is small) for the final figures.
 */
import fc from 'fast-check';
import { worstKappa, kappaRatio } from '../check/kappa.ts';
import { kappaLowerBound, kappaUpperBound } from '../check/bounds.ts';
import { derivedKappaBound } from '../check/derived-bounds.ts';
import { applySteps, checkSteps } from '../gars/apply.ts';
import { parsePipeline } from '../gars/index.ts';
import type { Convention, Params, StepSpec, Vector } from '../gars/types.ts';
import { normal, stream } from '../sim/rng.ts';
import { buildCase, caseShape, type CaseShape, type GarCase } from './arbitraries.ts';

export interface FuzzOptions {
  readonly rule: string;
  readonly n: number;
  readonly f: number;
  readonly runs?: number;
  readonly seed?: number;
  readonly unsafe?: boolean;
  readonly params?: Params;
  readonly convention?: Convention;
  /** Violation threshold; default: the bound of check/bounds.ts (derived or recalled), else the derived one of check/derived-bounds.ts, else 1e6. */
  readonly kappa?: number;
  readonly d?: number;
  /** Hill-climbing steps per start point. */
  readonly searchSteps?: number;
  /** The pipeline with every step's params (overrides rule/params), e.g. from the CLI's --param. */
  readonly steps?: readonly StepSpec[];
}

export interface FuzzCase {
  readonly rule: string;
  readonly params: Params;
  /** Every step with its params (replay uses these). */
  readonly steps: readonly StepSpec[];
  readonly convention: Convention;
  readonly n: number;
  readonly f: number;
  readonly vectors: number[][];
  readonly honest: number[];
  readonly ratio: number;
  readonly subset: number[];
  readonly shape?: CaseShape;
  readonly seed: number;
}

export interface FuzzReport {
  readonly rule: string;
  readonly n: number;
  readonly f: number;
  readonly runs: number;
  readonly seed: number;
  readonly threshold: number;
  readonly thresholdSource: string;
  readonly lowerBound: number;
  readonly worst: FuzzCase;
  /** (t, ratio) along the distance scan of the worst case. */
  readonly scan: { t: number; ratio: number }[];
  readonly unbounded: boolean;
  /** The shrunk fast-check counterexample, when ratio > threshold was found. */
  readonly violation?: FuzzCase;
  readonly exhaustive: boolean;
}

/** Evaluate a pipeline on float32 rows; returns the output as numbers. */
export function evaluate(steps: readonly StepSpec[], rows: readonly number[][], f: number, convention: Convention, seed: number): Float32Array {
  const inputs = rows.map((r) => Float32Array.from(r));
  const out = applySteps(steps, inputs, { f, convention, rng: stream(seed, 'fuzz/rule'), unsafe: true });
  if (Array.isArray(out)) throw new Error('fuzz gar: the pipeline must end with an aggregation rule');
  return out;
}

/** The ratio of a case on its honest set (fast) or over all subsets (exhaustive). */
export function judge(
  steps: readonly StepSpec[],
  c: { vectors: number[][]; honest: number[]; f: number },
  convention: Convention,
  seed: number,
  exhaustive: boolean,
) {
  const inputs: Vector[] = c.vectors.map((r) => Float32Array.from(r));
  const out = evaluate(steps, c.vectors, c.f, convention, seed);
  if (exhaustive) return worstKappa(out, inputs, c.f, c.honest);
  const r = kappaRatio(out, inputs, c.honest);
  return { ...r, subset: c.honest, exhaustive: false };
}

export function fuzzGar(opts: FuzzOptions): FuzzReport {
  const convention = opts.convention ?? 'paper';
  const steps = opts.steps ?? parsePipeline(opts.rule).map((s, i, all) => (i === all.length - 1 ? { ...s, params: { ...opts.params } } : s));
  const { n, f } = opts;
  const runs = opts.runs ?? 200;
  const seed = opts.seed ?? 1;
  if (!opts.unsafe) {
    const msg = checkSteps(steps, n, f, convention);
    if (msg) throw new Error(`${msg} (pass --unsafe to fuzz it anyway)`);
  }
  const { threshold, source } = thresholdFor(opts);
  const exhaustive = binomialSmall(n, f);
  const ratioOf = (c: GarCase, full = false) => judge(steps, c, convention, seed, full && exhaustive);
  const pool: { c: GarCase; ratio: number }[] = [];
  const property = fc.property(caseShape({ n, f, d: opts.d ?? { min: 1, max: 3 } }), (shape) => {
    const c = buildCase(shape);
    const r = ratioOf(c, true).ratio;
    pool.push({ c, ratio: r });
    return r <= threshold;
  });
  const result = fc.check(property, { numRuns: runs, seed, endOnFailure: false });
  let violation: FuzzCase | undefined;
  if (result.failed && result.counterexample) {
    const c = buildCase(result.counterexample[0]);
    violation = toFuzzCase(opts, steps, convention, c, ratioOf(c, true), seed, result.counterexample[0]);
  }
  pool.sort((a, b) => b.ratio - a.ratio);
  const starts = pool.slice(0, 3);
  let best = starts[0];
  const rng = stream(seed, 'fuzz/search');
  for (const s of starts) {
    const improved = hillClimb(s.c, s.ratio, (c) => ratioOf(c).ratio, rng, opts.searchSteps ?? 150);
    const full = ratioOf(improved.c, true).ratio;
    if (full > best.ratio) best = { c: improved.c, ratio: full };
  }
  const worstJudge = ratioOf(best.c, true);
  const worst = toFuzzCase(opts, steps, convention, best.c, worstJudge, seed);
  const scan = distanceScan(best.c, (c) => ratioOf(c).ratio);
  const unbounded = isUnbounded(scan);
  if (!violation && (worstJudge.ratio > threshold || unbounded)) violation = worst;
  return {
    rule: opts.rule,
    n,
    f,
    runs,
    seed,
    threshold,
    thresholdSource: source,
    lowerBound: kappaLowerBound(n, f),
    worst,
    scan,
    unbounded,
    violation,
    exhaustive,
  };
}

function thresholdFor(opts: FuzzOptions): { threshold: number; source: string } {
  if (opts.kappa !== undefined) return { threshold: opts.kappa, source: '--kappa' };
  const b = kappaUpperBound(opts.rule, opts.n, opts.f);
  if (b && Number.isFinite(b.value)) return { threshold: b.value, source: `${b.status === 'derived' ? 'derived' : 'recalled, unverified'}: ${b.source}` };
  if (b) return { threshold: 1e6, source: `κ = ∞ (${b.status}: ${b.source}); flags ratios above 1e6` };
  const derived = derivedKappaBound(opts.rule, opts.n, opts.f, opts.params, opts.convention);
  if (derived) return { threshold: derived.value, source: `derived: ${derived.formula}` };
  return { threshold: 1e6, source: 'no bound known: flags ratios above 1e6 (unboundedness guard)' };
}

/** C(n, f) ≤ 5000: small enough to judge a case over every S of size n − f. */
export function binomialSmall(n: number, f: number): boolean {
  let c = 1;
  for (let i = 1; i <= f; i++) c = (c * (n - f + i)) / i;
  return c <= 5000;
}

function toFuzzCase(
  opts: FuzzOptions,
  steps: readonly StepSpec[],
  convention: Convention,
  c: GarCase,
  j: { ratio: number; subset: number[] },
  seed: number,
  shape?: CaseShape,
): FuzzCase {
  return {
    rule: opts.rule,
    params: opts.params ?? {},
    steps,
    convention,
    n: c.n,
    f: c.f,
    vectors: c.vectors,
    honest: c.honest,
    ratio: j.ratio,
    subset: j.subset,
    shape,
    seed,
  };
}

/** Seeded hill climbing on the Byzantine rows: random moves, moves away from or toward the honest mean, clustering. */
function hillClimb(start: GarCase, startRatio: number, ratio: (c: GarCase) => number, rng: () => number, steps: number): { c: GarCase; ratio: number } {
  const byz = start.vectors.map((_, i) => i).filter((i) => !start.honest.includes(i));
  if (byz.length === 0) return { c: start, ratio: startRatio };
  const d = start.d;
  const mu = new Array<number>(d).fill(0);
  for (const i of start.honest) start.vectors[i].forEach((v, k) => (mu[k] += v / start.honest.length));
  const spread = Math.sqrt(start.honest.reduce((s, i) => s + start.vectors[i].reduce((t, v, k) => t + (v - mu[k]) ** 2, 0), 0) / start.honest.length) || 1;
  let cur = start;
  let curRatio = startRatio;
  let step = spread;
  for (let s = 0; s < steps; s++) {
    const vectors = cur.vectors.map((r) => [...r]);
    const move = rng();
    const b = byz[Math.floor(rng() * byz.length)];
    if (move < 0.4) vectors[b] = vectors[b].map((v) => v + step * normal(rng));
    else if (move < 0.55) vectors[b] = vectors[b].map((v, k) => mu[k] + (v - mu[k]) * (rng() < 0.5 ? 2 : 0.5));
    else if (move < 0.7) for (const o of byz) vectors[o] = [...vectors[b]];
    else if (move < 0.8) vectors[b] = [...cur.vectors[cur.honest[Math.floor(rng() * cur.honest.length)]]].map((v) => v + 0.1 * step * normal(rng));
    else {
      // the definition quantifies over every honest configuration too: nudge one honest row
      const h = cur.honest[Math.floor(rng() * cur.honest.length)];
      vectors[h] = vectors[h].map((v) => v + 0.3 * spread * normal(rng));
    }
    const cand = { ...cur, vectors };
    const r = ratio(cand);
    if (r > curRatio || (r === curRatio && rng() < 0.1)) {
      cur = cand;
      curRatio = r;
      step *= 1.5;
    } else step = Math.max(spread * 1e-3, step * 0.9);
  }
  return { c: cur, ratio: curRatio };
}

/**
 * Ratios (on the true honest set) with the Byzantine rows moved t times further from the honest
 * mean — as they are, and merged into one point (their mean), keeping the larger: scaling can
 * pull apart a cluster the rule was fooled by.
 */
export function distanceScan(c: GarCase, ratio: (c: GarCase) => number): { t: number; ratio: number }[] {
  const mu = new Array<number>(c.d).fill(0);
  for (const i of c.honest) c.vectors[i].forEach((v, k) => (mu[k] += v / c.honest.length));
  const honest = new Set(c.honest);
  const byz = c.vectors.filter((_, i) => !honest.has(i));
  const centroid = mu.map((_, k) => byz.reduce((s, r) => s + r[k], 0) / Math.max(1, byz.length));
  return [1, 10, 100, 1000, 10000].map((t) => {
    const spread = c.vectors.map((r, i) => (honest.has(i) ? r : r.map((v, k) => mu[k] + t * (v - mu[k]))));
    const merged = c.vectors.map((r, i) => (honest.has(i) ? r : centroid.map((v, k) => mu[k] + t * (v - mu[k]))));
    return { t, ratio: Math.max(ratio({ ...c, vectors: spread }), ratio({ ...c, vectors: merged })) };
  });
}

/** Unbounded: infinite, or still growing ≥ 10× per decade of distance at the far end. */
export function isUnbounded(scan: readonly { t: number; ratio: number }[]): boolean {
  if (scan.some((s) => s.ratio === Infinity)) return true;
  const last = scan[scan.length - 1].ratio;
  const prev = scan[scan.length - 2].ratio;
  return last > 1 && last >= 10 * prev;
}
