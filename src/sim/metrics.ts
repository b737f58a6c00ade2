/** One line of `metrics.jsonl`: the state of a run after a step. Virtual time only. */

/** What every protocol writes. */
export interface CoreRow {
  step: number;
  timeMs: number;
  /** Mean loss of the honest gradients aggregated this step. */
  trainLoss: number | null;
  testAccuracy?: number;
  testLoss?: number;
  /** Gradients aggregated this step, and how many of them came from Byzantine workers. */
  used: number;
  byzantineUsed: number;
  /**
   * Empirical VN ratio √(Σ‖gᵢ−ḡ‖²/(h−1)) / ‖ĝ‖ of the honest vectors aggregated (h ≥ 2), ĝ the
   * gradient of a reference batch at the same parameters (protocols/runtime/vn-reference.ts), on
   * the steps `logVnRatio` asks for.
   */
  vnRatio?: number;
  timedOut: boolean;
  /** Cumulative message counters. */
  sent: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  stale: number;
  faulty: number;
}

/** A protocol's own fields (drift, banned …), declared with their meaning in its registry entry. */
export type ExtraFields = { readonly [field: string]: number | undefined };

/**
 * A row: the core fields and the protocol's extras. In the JSON line the extras come after
 * `timedOut` and before the message counters (the order `metricsRow` builds).
 */
export type MetricsRow = CoreRow & ExtraFields;

export type RowHead = Pick<CoreRow, 'step' | 'timeMs' | 'trainLoss' | 'used' | 'byzantineUsed' | 'vnRatio' | 'timedOut'>;
export type RowCounters = Pick<CoreRow, 'sent' | 'delivered' | 'dropped' | 'duplicated' | 'stale' | 'faulty'>;

/** The row in its canonical key order: head, extras, counters. */
export function metricsRow(head: RowHead, extras: Readonly<Record<string, number>>, counters: RowCounters): MetricsRow {
  const { step, timeMs, trainLoss, used, byzantineUsed, vnRatio, timedOut } = head;
  const { sent, delivered, dropped, duplicated, stale, faulty } = counters;
  return Object.assign({ step, timeMs, trainLoss, used, byzantineUsed, ...(vnRatio !== undefined ? { vnRatio } : {}), timedOut }, extras, {
    sent,
    delivered,
    dropped,
    duplicated,
    stale,
    faulty,
  });
}

/** The row with `vnRatio` in its canonical place (after `byzantineUsed`). */
export function withVnRatio(row: MetricsRow, vnRatio: number): MetricsRow {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === 'vnRatio') continue;
    out[k] = v;
    if (k === 'byzantineUsed') out.vnRatio = vnRatio;
  }
  return out as MetricsRow;
}

/** Round a float for output so that lines are short and byte-stable (float32 precision). */
export function round(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(7)) : x;
}
