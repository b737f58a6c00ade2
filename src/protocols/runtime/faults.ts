/** A worker's benign faults and compute cost from the config: straggler windows, crashes (by time or step), omissions. */
import { stragglerActive } from '../../attacks/faults.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import type { NodeSpec } from './roles.ts';

export interface WorkerFaults {
  readonly computeMs: (nowMs: number) => number;
  readonly crashAtStep?: number;
  readonly crashAtMs: readonly number[];
  readonly omissionRate: number;
}

/** The compute cost (with straggler windows), crashes and omission rate of a worker (a node of the protocol's fault role). */
export function workerFaults(cfg: RunConfig, worker: NodeSpec, d: number): WorkerFaults {
  const g = cfg.compute.gradient;
  const base = g.fixedMs + g.perExampleMs * cfg.workers.batch + g.perParamNs * d * 1e-6;
  const mine = cfg.workers.faults.filter((x) => x.worker === worker.index || x.node === worker.id);
  const stragglers = mine.filter((x) => x.kind === 'straggler');
  const crashes = mine.filter((x) => x.kind === 'crash');
  return {
    computeMs: (now) => stragglers.reduce((ms, x) => (stragglerActive(x, now) ? ms * x.slowdown : ms), base),
    crashAtStep: crashes.reduce<number | undefined>((s, x) => (x.atStep === undefined ? s : Math.min(s ?? Infinity, x.atStep)), undefined),
    crashAtMs: crashes.flatMap((x) => (x.atMs === undefined ? [] : [x.atMs])),
    omissionRate: mine.reduce((r, x) => (x.kind === 'omission' ? 1 - (1 - r) * (1 - x.fraction) : r), 0),
  };
}
