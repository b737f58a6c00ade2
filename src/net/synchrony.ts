/**
 * Synchrony assumptions, applied on top of a link's delay model:
 * - `synchronous`: every delay ≤ Δ (samples above Δ are cut to Δ);
 * - `partial` (Dwork–Lynch–Stockmeyer): before the global stabilisation time GST delays are
 *   unbounded (the model's raw samples), but a message sent before GST arrives by GST + Δ;
 *   messages sent at or after GST take ≤ Δ;
 * - `asynchronous`: no bound (the model's raw samples).
 */
export type Synchrony =
  | { readonly mode: 'synchronous'; readonly deltaMs: number }
  | { readonly mode: 'partial'; readonly deltaMs: number; readonly gstMs: number }
  | { readonly mode: 'asynchronous' };

/** The delay a message sent at `nowMs` actually takes, given the model's raw sample. */
export function boundDelay(s: Synchrony, nowMs: number, sampleMs: number): number {
  switch (s.mode) {
    case 'asynchronous':
      return sampleMs;
    case 'synchronous':
      return sampleMs < s.deltaMs ? sampleMs : s.deltaMs;
    case 'partial': {
      const bound = nowMs >= s.gstMs ? s.deltaMs : s.gstMs + s.deltaMs - nowMs;
      return sampleMs < bound ? sampleMs : bound;
    }
  }
}

/**
 * The longest delay the mode allows a message sent at `nowMs`: Δ when synchronous; when partial,
 * GST + Δ − now before GST and Δ after; when asynchronous there is no bound, only eventual
 * delivery, so `holdMs` (finite) stands for "late". What adversaries use for "at the edge of the bound".
 */
export function latestDelay(s: Synchrony, nowMs: number, holdMs: number): number {
  switch (s.mode) {
    case 'asynchronous':
      return holdMs;
    case 'synchronous':
      return s.deltaMs;
    case 'partial':
      return nowMs >= s.gstMs ? s.deltaMs : s.gstMs + s.deltaMs - nowMs;
  }
}
