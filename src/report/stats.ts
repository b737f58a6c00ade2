/**
 * Statistics over seeds: mean, sample standard deviation (n − 1 in the denominator; 0 for a
 * single seed), min and max of the finite values, and the band a figure shades around the mean:
 * `sd` = mean ± one standard deviation (the default), `minmax` = [min, max].
 */

export type BandKind = 'sd' | 'minmax';

export interface Summary {
  readonly mean: number;
  readonly sd: number;
  readonly min: number;
  readonly max: number;
  /** Finite values summarised. */
  readonly n: number;
}

export function summarise(values: readonly number[]): Summary {
  let n = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    n++;
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (n === 0) return { mean: NaN, sd: NaN, min: NaN, max: NaN, n: 0 };
  const mean = sum / n;
  let ss = 0;
  for (const v of values) if (Number.isFinite(v)) ss += (v - mean) ** 2;
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, min, max, n };
}

export function band(s: Summary, kind: BandKind): readonly [number, number] {
  return kind === 'minmax' ? [s.min, s.max] : [s.mean - s.sd, s.mean + s.sd];
}

/** `0.912 ± 0.013` (just `0.912` for one seed, or when the seeds agree exactly), `precision` significant digits. */
export function formatMeanSd(s: Summary, precision = 4): string {
  if (s.n === 0) return '';
  const m = Number(s.mean.toPrecision(precision));
  return s.n > 1 && s.sd > 0 ? `${m} ± ${Number(s.sd.toPrecision(2))}` : String(m);
}
