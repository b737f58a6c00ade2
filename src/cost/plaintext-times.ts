/**
 * Plaintext aggregation times (seed 001 §4.1: "a single aggregation of gradients using the robust
 * median … in only 2×10⁻⁴ seconds … averaging … 5×10⁻⁵ seconds", nine gradients of BatchCrypt's
 * 1.25·10⁶-parameter model): each rule of the table from the GAR registry on n random gradients of
 * dimension d (one honest cloud: centre + N(0, 0.1²) per coordinate, from a named stream), one
 * warm-up call, then the median wall time of `repeats` calls, timed by the caller's clock.
 */
import { checkPipeline, createAggregator, parsePipeline } from '../gars/index.ts';
import { normal, stream } from '../sim/rng.ts';

/** The rules of the efficiency table: registry pipelines, in the order printed. */
export const TABLE_RULES: readonly string[] = ['average', 'median', 'trimmed-mean', 'krum', 'mda', 'nnm → average'];

/** n gradients of dimension d around one random centre (seeded, so every run times the same inputs). */
export function costInputs(n: number, d: number, seed = 1): Float32Array[] {
  const rng = stream(seed, `cost/${n}x${d}`);
  const center = Float32Array.from({ length: d }, () => normal(rng));
  return Array.from({ length: n }, () => {
    const x = new Float32Array(d);
    for (let k = 0; k < d; k++) x[k] = center[k] + 0.1 * normal(rng);
    return x;
  });
}

/** The first rule of `rules` that refuses (n, f), as `rule: message`, or undefined. */
export function refusedRule(rules: readonly string[], n: number, f: number): string | undefined {
  for (const r of rules) {
    const msg = checkPipeline(parsePipeline(r), n, f);
    if (msg) return msg;
  }
  return undefined;
}

export interface PlaintextTime {
  readonly rule: string;
  /** Median wall time of one aggregation, in ms. */
  readonly ms: number;
  /** Every timed call, in ms. */
  readonly samples: readonly number[];
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Time one rule: a warm-up call, then `repeats` timed calls. */
export function timeRule(rule: string, inputs: readonly Float32Array[], f: number, repeats: number, clock: () => number): PlaintextTime {
  const agg = createAggregator(parsePipeline(rule), f, stream(0, 'cost/rule'));
  agg.aggregateVectors(inputs);
  const samples: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = clock();
    agg.aggregateVectors(inputs);
    samples.push(clock() - t0);
  }
  return { rule, ms: median(samples), samples };
}
