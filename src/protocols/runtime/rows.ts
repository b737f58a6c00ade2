/**
 * The metrics rows of a run: what every step's row is made of (the honest gradients' loss, the
 * VN ratio, the network's counters), and the emitter that writes rows in step order, a row whose
 * step is evaluated waiting for its test-set evaluation and a VN-due row for its reference gradient.
 */
import type { Dataset } from '../../learn/data/types.ts';
import type { GradientEngine } from '../../learn/engine.ts';
import type { NetStats } from '../../net/link.ts';
import { vnRatioAgainst } from '../../privacy/vn-ratio.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import { round, withVnRatio, type MetricsRow, type RowCounters, type RowHead } from '../../sim/metrics.ts';
import type { GradientMsg } from './messages.ts';
import type { VnReference } from './vn-reference.ts';

/** What a row's VN ratio is measured from: the honest vectors aggregated and the parameters they were computed at. */
export interface VnSample {
  readonly honest: readonly Float32Array[];
  readonly at: Float32Array;
}

/** The step's figures that depend only on what was aggregated (loss of honest gradients), and the VN sample. */
export function stepFigures(
  used: readonly GradientMsg[],
  isByzantine: (id: string) => boolean,
  at: Float32Array,
): { figures: Pick<RowHead, 'trainLoss' | 'used' | 'byzantineUsed'>; vn: VnSample } {
  let lossSum = 0;
  const honest: Float32Array[] = [];
  for (const m of used)
    if (!isByzantine(m.from)) {
      lossSum += m.loss;
      honest.push(m.grad as Float32Array); // admitted: a finite Float32Array of dimension d
    }
  return {
    figures: { trainLoss: honest.length > 0 ? round(lossSum / honest.length) : null, used: used.length, byzantineUsed: used.length - honest.length },
    vn: { honest, at },
  };
}

/** Whether step t's row carries the VN ratio: `logVnRatio` true at the evaluated steps, k every k-th step (and the last), false never. */
export function vnDue(cfg: RunConfig, step: number): boolean {
  const every = cfg.logVnRatio === true ? cfg.evalEvery : cfg.logVnRatio;
  return every !== false && (step + 1 === cfg.steps || (step + 1) % every === 0);
}

/** The row's message counters: the network's, and the stale/faulty messages the given nodes counted. */
export function counters(net: NetStats, nodes: readonly { readonly stale: number; readonly faulty: number }[]): RowCounters {
  let stale = 0;
  let faulty = 0;
  for (const c of nodes) {
    stale += c.stale;
    faulty += c.faulty;
  }
  return { sent: net.sent, delivered: net.delivered, dropped: net.dropped, duplicated: net.duplicated, stale, faulty };
}

/** Emits rows in step order; a row whose step is evaluated waits for its evaluation. */
export class RowEmitter {
  readonly rows: MetricsRow[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly cfg: RunConfig,
    private readonly engine: GradientEngine,
    private readonly test: Dataset,
    private readonly onRow?: (row: MetricsRow) => void,
    private readonly reference?: VnReference,
  ) {}

  /**
   * Queue `row`, evaluating `params` on the test set when the step is due and, when `vn` is given
   * and the step is VN-due (≥ 2 honest vectors), its VN ratio against the reference gradient.
   */
  push(row: MetricsRow, params: Float32Array, vn?: VnSample): void {
    const last = row.step + 1 === this.cfg.steps;
    const due = last || (row.step + 1) % this.cfg.evalEvery === 0;
    const evaluation = due ? this.engine.evaluate(params, this.test.x, this.test.y) : undefined;
    const measure = vn !== undefined && vn.honest.length >= 2 && this.reference !== undefined && vnDue(this.cfg, row.step);
    const reference = measure ? this.reference!.gradient(row.step, vn.at) : undefined;
    this.chain = this.chain.then(async () => {
      let out = row;
      if (reference) out = withVnRatio(row, round(vnRatioAgainst(vn!.honest, await reference).ratio));
      if (evaluation) {
        const e = await evaluation;
        out.testAccuracy = round(e.accuracy);
        out.testLoss = round(e.loss);
      }
      this.rows.push(out);
      this.onRow?.(out);
    });
  }

  done(): Promise<void> {
    return this.chain;
  }
}
