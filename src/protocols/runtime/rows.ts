/**
 * The metrics rows of a run: what every step's row is made of (the honest gradients' loss, the
 * VN ratio, the network's counters), and the emitter that writes rows in step order, a row whose
 * step is evaluated waiting for its test-set evaluation.
 */
import type { Dataset } from '../../learn/data/types.ts';
import type { GradientEngine } from '../../learn/engine.ts';
import type { NetStats } from '../../net/link.ts';
import { vnRatio } from '../../privacy/vn-ratio.ts';
import type { RunConfig } from '../../scenario/schema.ts';
import { round, type MetricsRow, type RowCounters, type RowHead } from '../../sim/metrics.ts';
import type { GradientMsg } from './messages.ts';

/** The step's figures that depend only on what was aggregated (loss of honest gradients, VN ratio). */
export function stepFigures(used: readonly GradientMsg[], isByzantine: (id: string) => boolean, logVn: boolean): Pick<RowHead, 'trainLoss' | 'used' | 'byzantineUsed' | 'vnRatio'> {
  let lossSum = 0;
  const honest: Float32Array[] = [];
  for (const m of used)
    if (!isByzantine(m.from)) {
      lossSum += m.loss;
      honest.push(m.grad as Float32Array); // admitted: a finite Float32Array of dimension d
    }
  return {
    trainLoss: honest.length > 0 ? round(lossSum / honest.length) : null,
    used: used.length,
    byzantineUsed: used.length - honest.length,
    ...(logVn && honest.length >= 2 ? { vnRatio: round(vnRatio(honest).ratio) } : {}),
  };
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
  ) {}

  /** Queue `row`, evaluating `params` on the test set when the step is due. */
  push(row: MetricsRow, params: Float32Array): void {
    const last = row.step + 1 === this.cfg.steps;
    const due = last || (row.step + 1) % this.cfg.evalEvery === 0;
    const evaluation = due ? this.engine.evaluate(params, this.test.x, this.test.y) : undefined;
    this.chain = this.chain.then(async () => {
      if (evaluation) {
        const e = await evaluation;
        row.testAccuracy = round(e.accuracy);
        row.testLoss = round(e.loss);
      }
      this.rows.push(row);
      this.onRow?.(row);
    });
  }

  done(): Promise<void> {
    return this.chain;
  }
}
