/** A row as the rules see it (types.ts's Vector; not imported from there: types.ts imports this file). */
type Row = Float32Array | Float64Array;

/**
 * Output rows a pipeline lends to one of its pre-aggregation steps (createAggregator, applySteps):
 * the step writes its outputs into them instead of fresh rows — a fresh 400 KB Float32Array costs
 * about as much as summing it (zero-filled, then faulted in page by page) — and may hand on its
 * inputs themselves where it would hand on copies (clip's unscaled rows). The rows stay valid
 * until the step's next call with the same pool; the caller neither keeps nor mutates them (the
 * next step reads them, the last rule returns a fresh vector). Never given to the last step.
 */
export class RowPool {
  private rows: Row[] = [];

  /** `count` rows of `like`'s type and length, reused from earlier calls; their contents are stale. */
  take<V extends Row>(like: V, count: number): V[] {
    const fits = (r: Row) => r.constructor === like.constructor && r.length === like.length;
    if (!this.rows.every(fits)) this.rows = [];
    while (this.rows.length < count) this.rows.push(like instanceof Float64Array ? new Float64Array(like.length) : new Float32Array(like.length));
    return this.rows.slice(0, count) as V[];
  }
}
