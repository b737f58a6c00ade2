/**
 * A run's limits (`limits:` in the scenario; each field optional), with defaults derived from
 * the run's own timing:
 *
 *   span      = 3·D + C + 2·A + T   the virtual time one step may take: three message delays,
 *                                    a gradient, two aggregations and a timeout, where
 *     D = the delay bound: Δ when synchronous or partial, else the 99.9 % quantile of the delay
 *         model (the slowest of `network.delay` and the per-link overrides; estimated from 4096
 *         draws of the stream `limits/delay`, which no other draw shares);
 *     C = the gradient cost × the largest product of a worker's straggler slowdowns;
 *     A = the cost of aggregating one vector per node; T = `server.timeoutMs` (0 without);
 *   grace     = GST (partial synchrony) and the end of the last partition window: the watchdog
 *               counts from there at the earliest (delays are unbounded before GST, a cut link
 *               heals only at the window's end);
 *   stallMs   = 100 · span           no step completed for this long ⇒ stalled (`no-progress`);
 *   maxResends = the smallest k with (1 − p)^k ≤ 10⁻⁹, p = (1 − L)²·(1 − O) the chance that one
 *               re-sent request is answered (L the largest loss rate of any link, O the largest
 *               omission fraction below 1), at least 10: a node that re-sent one step k times
 *               over at least one span with no new message admitted is stalled (`retransmit`);
 *   maxTimeMs = grace + steps · stallMs   (a bound the watchdog already implies);
 *   maxEvents = max(10⁶, 100 · steps · (nodes + 1)²).
 */
import { DELAYS } from '../../net/delay/index.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import { stream } from '../../sim/rng.ts';
import { aggregateMs } from './costs.ts';

export interface Limits {
  /** No step completed for this long (virtual ms) ⇒ stalled. */
  readonly stallMs: number;
  /** The watchdog never runs past this virtual time. */
  readonly maxTimeMs: number;
  readonly maxEvents: number;
  /** Consecutive re-sends of one step with no new message admitted (over ≥ spanMs) ⇒ stalled. */
  readonly maxResends: number;
  /** The virtual time one step may take (see above). */
  readonly spanMs: number;
  /** The watchdog counts from this virtual time at the earliest. */
  readonly graceMs: number;
}

/** The limits the scenario sets, the others derived from its timing. */
export function runLimits(cfg: RunConfig, d: number, nodes: number): Limits {
  const set = cfg.limits ?? {};
  const spanMs = stepSpanMs(cfg, d, nodes);
  const graceMs = Math.max(cfg.network.synchrony.mode === 'partial' ? cfg.network.synchrony.gstMs : 0, ...cfg.network.partitions.map((p) => p.toMs));
  const stallMs = set.stallMs ?? 100 * spanMs;
  return {
    stallMs,
    maxTimeMs: set.maxTimeMs ?? graceMs + cfg.steps * stallMs,
    maxEvents: set.maxEvents ?? Math.max(1e6, 100 * cfg.steps * (nodes + 1) ** 2),
    maxResends: set.maxResends ?? resendsFor(answerChance(cfg)),
    spanMs,
    graceMs,
  };
}

/** 3·D + C + 2·A + T (see the module comment). */
function stepSpanMs(cfg: RunConfig, d: number, nodes: number): number {
  const s = cfg.network.synchrony;
  const delay = s.mode === 'asynchronous' ? delayQuantile(cfg, 0.999) : s.deltaMs;
  const g = cfg.compute.gradient;
  const gradient = g.fixedMs + g.perExampleMs * cfg.workers.batch + g.perParamNs * d * 1e-6;
  return 3 * delay + gradient * slowest(cfg) + 2 * aggregateMs(cfg, d)(nodes) + (cfg.server.timeoutMs ?? 0);
}

/** The largest product of one worker's straggler slowdowns (1 without stragglers). */
function slowest(cfg: RunConfig): number {
  const by = new Map<string, number>();
  for (const x of cfg.workers.faults)
    if (x.kind === 'straggler') {
      const key = x.node ?? `#${x.worker}`;
      by.set(key, (by.get(key) ?? 1) * x.slowdown);
    }
  return Math.max(1, ...by.values());
}

/** The q-quantile of the slowest delay model among the network's and the links' overrides. */
function delayQuantile(cfg: RunConfig, q: number): number {
  const models = [cfg.network.delay, ...cfg.network.links.flatMap((l) => (l.delay ? [l.delay] : []))];
  let worst = 0;
  for (const { model, ...params } of models) {
    const sample = DELAYS.get(model)!.sampler(params as Record<string, number>);
    const rng = stream(cfg.seed, 'limits/delay');
    const draws = Float64Array.from({ length: 4096 }, () => sample(rng)).sort();
    worst = Math.max(worst, draws[Math.min(draws.length - 1, Math.floor(q * draws.length))]);
  }
  return worst;
}

/** The chance that a re-sent request is answered: both messages get through and the node does not omit its answer. */
function answerChance(cfg: RunConfig): number {
  const loss = Math.max(cfg.network.loss, ...cfg.network.links.map((l) => l.loss ?? 0));
  const omission = Math.max(0, ...cfg.workers.faults.flatMap((x) => (x.kind === 'omission' && x.fraction < 1 ? [x.fraction] : [])));
  return (1 - loss) ** 2 * (1 - omission);
}

/** The fewest re-sends k (≥ 10) after which (1 − p)^k ≤ 10⁻⁹; unbounded when p = 0. */
export function resendsFor(p: number): number {
  if (p >= 1) return 10;
  if (p <= 0) return Infinity;
  return Math.max(10, Math.ceil(Math.log(1e-9) / Math.log(1 - p)));
}
