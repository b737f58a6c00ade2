/** A worker's benign faults and compute cost from the config: straggler windows, crashes (by time or step), omissions. */
import { stragglerActive } from '../../attacks/faults.ts';
import type { RunConfig } from '../../scenario/schema.ts';

export interface WorkerFaults {
  readonly computeMs: (nowMs: number) => number;
  readonly crashAtStep?: number;
  readonly crashAtMs: readonly number[];
  readonly omissionRate: number;
}

/** Worker i's compute cost (with straggler windows), crashes and omission rate. */
export function workerFaults(cfg: RunConfig, i: number, d: number): WorkerFaults {
  const g = cfg.compute.gradient;
  const base = g.fixedMs + g.perExampleMs * cfg.workers.batch + g.perParamNs * d * 1e-6;
  const mine = cfg.workers.faults.filter((x) => x.worker === i);
  const stragglers = mine.filter((x) => x.kind === 'straggler');
  const crashes = mine.filter((x) => x.kind === 'crash');
  return {
    computeMs: (now) => stragglers.reduce((ms, x) => (stragglerActive(x, now) ? ms * x.slowdown : ms), base),
    crashAtStep: crashes.reduce<number | undefined>((s, x) => (x.atStep === undefined ? s : Math.min(s ?? Infinity, x.atStep)), undefined),
    crashAtMs: crashes.flatMap((x) => (x.atMs === undefined ? [] : [x.atMs])),
    omissionRate: mine.reduce((r, x) => (x.kind === 'omission' ? 1 - (1 - r) * (1 - x.fraction) : r), 0),
  };
}
