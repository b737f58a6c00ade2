/**
 * The honest statistics of a step, computed once however many attackers ask. The f omniscient
 * attackers of a step are handed one and the same array of honest gradients (the oracle's
 * `honestPayloads`), and ALIE's μ and σ (FoE's μ) over it are the same for each of them: here
 * they are memoised on that array (a WeakMap, so they go with it). Same functions as stats.ts,
 * so the same bits; the vectors are shared, hence read-only — callers write into fresh ones —
 * and an array must not change once a statistic of it was taken (the payloads are messages).
 */
import { mean, std } from './stats.ts';

interface Memo {
  mean?: Float32Array;
  readonly std: Map<number, Float64Array>;
}

const memo = new WeakMap<readonly Float32Array[], Memo>();

function of(xs: readonly Float32Array[]): Memo {
  let m = memo.get(xs);
  if (m === undefined) memo.set(xs, (m = { std: new Map() }));
  return m;
}

/** stats.ts `mean(xs)`, memoised on `xs` (read-only). */
export function sharedMean(xs: readonly Float32Array[]): Readonly<Float32Array> {
  const m = of(xs);
  return (m.mean ??= mean(xs));
}

/** stats.ts `std(xs, ddof)`, memoised on `xs` and ddof (read-only). */
export function sharedStd(xs: readonly Float32Array[], ddof: number): Readonly<Float64Array> {
  const m = of(xs);
  let sd = m.std.get(ddof);
  if (sd === undefined) m.std.set(ddof, (sd = std(xs, ddof)));
  return sd;
}
