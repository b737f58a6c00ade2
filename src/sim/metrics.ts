/** One line of `metrics.jsonl`: the state of a run after a step. Virtual time only. */
export interface MetricsRow {
  step: number;
  timeMs: number;
  /** Mean loss of the honest gradients the server aggregated this step. */
  trainLoss: number | null;
  testAccuracy?: number;
  testLoss?: number;
  /** Gradients aggregated this step, and how many of them came from Byzantine workers. */
  used: number;
  byzantineUsed: number;
  timedOut: boolean;
  /** BTARD: peers banned so far. */
  banned?: number;
  /** Replicated protocols: max distance of a correct replica's model to the correct replicas' mean. */
  drift?: number;
  /** Empirical VN ratio √(Σ‖gᵢ−ḡ‖²/(h−1)) / ‖ḡ‖ of the honest gradients aggregated (h ≥ 2). */
  vnRatio?: number;
  /** Cumulative message counters. */
  sent: number;
  delivered: number;
  dropped: number;
  duplicated: number;
  stale: number;
  faulty: number;
}

/** Round a float for output so that lines are short and byte-stable (float32 precision). */
export function round(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(7)) : x;
}
