/**
 * Shared axes of a figure: one x and one y domain for all its panels (so panels compare at a
 * glance), linear or log — log when the label table asks for it and the values span a decade,
 * or when they span two decades whatever the table says (never for quantities the table marks
 * linear, such as accuracy). On a log axis, values ≤ 0 are left out of the line.
 */
import type { AxesSpec, D3, PanelData } from './chart-types.ts';
import { useLog } from './labels.ts';

export interface ResolvedAxes {
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xLog: boolean;
  readonly yLog: boolean;
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
}

function extent(values: readonly number[], log: boolean): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v) || (log && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return undefined;
  if (lo === hi) return log ? [lo / 2, hi * 2] : [lo - Math.max(Math.abs(lo) * 0.1, 1e-9), hi + Math.max(Math.abs(hi) * 0.1, 1e-9)];
  return [lo, hi];
}

export function resolveAxes(panels: readonly PanelData[], spec: AxesSpec): ResolvedAxes {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of panels) {
    for (const s of p.series)
      for (const pt of s.points) {
        xs.push(pt.x);
        ys.push(pt.y);
        if (s.band && pt.lo !== undefined && pt.hi !== undefined) ys.push(pt.lo, pt.hi);
      }
    for (const r of p.refs ?? []) ys.push(r.y);
  }
  const xLog = spec.xDomain ? false : useLog(xs, spec.xLog);
  const yLog = useLog(ys, spec.yLog);
  const xDomain = spec.xDomain ?? extent(xs, xLog) ?? [0, 1];
  const yDomain = (!yLog && spec.yDomain) || extent(ys, yLog) || (yLog ? [1, 10] : [0, 1]);
  return { xLabel: spec.xLabel, yLabel: spec.yLabel, xLog, yLog, xDomain, yDomain };
}

/** A d3 scale for a resolved axis (`d3` is d3-node's d3 namespace). */
export function makeScale(d3: D3, log: boolean, domain: readonly [number, number], range: readonly [number, number], nice = true) {
  const s = (log ? d3.scaleLog() : d3.scaleLinear()).domain(domain).range(range);
  return nice ? s.nice() : s;
}

/** Axis ticks: a log axis labels the powers of ten (and 2×, 5× when few decades). */
export function ticks(axis: D3, log: boolean, count: number) {
  return log ? axis.ticks(count, '~g') : axis.ticks(count);
}
