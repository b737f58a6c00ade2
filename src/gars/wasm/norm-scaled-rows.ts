/**
 * Norm-based scaling of float32 rows (static clipping, ARC) on the kernels: sq = ‖xᵢ‖² of every
 * row (linalg.sqNorm's bits), sᵢ = decide(sq), then yᵢ = f32(xᵢ · sᵢ) for the rows with a scale.
 * When the n rows fit in WHOLE_ROWS_BYTES they are staged once, whole, and scaled in the arena
 * (one copy in, one copy out per scaled row); larger inputs stream block by block twice. Rows without a scale are handed on as they are when a pool
 * is given (the pipeline's next step only reads them), copied otherwise.
 */
import type { RowPool } from '../row-pool.ts';
import { RowStager, blockFor, type KernelRuntime } from './kernels.ts';
import { NormGroups, scoped } from './ops.ts';

/**
 * Inputs up to this size are staged whole: faster than two block-by-block passes even past the
 * L3 (n = 11, d = 10⁶, 44 MB: 3.7 against 4.3 floors; n = 50, d = 10⁵: 3.4 against 4.5), at the
 * price of an arena that keeps up to this much memory once grown (wasm memory never shrinks).
 */
export const WHOLE_ROWS_BYTES = 48 * 1024 * 1024;

export function normScaledRows(
  rt: KernelRuntime,
  inputs: readonly Float32Array[],
  decide: (sq: Float64Array) => readonly (number | undefined)[],
  pool?: RowPool,
  wholeBytes = WHOLE_ROWS_BYTES,
): Float32Array[] {
  return scoped(rt, () => {
    const n = inputs.length;
    const d = inputs[0].length;
    const whole = n * d * 4 <= wholeBytes;
    const st = new RowStager(rt, n, whole ? d : blockFor(n));
    const norms = new NormGroups(rt, st);
    for (let k0 = 0; k0 < d; k0 += st.block) {
      const len = Math.min(st.block, d - k0);
      st.stage(inputs, k0, len);
      norms.add(len);
    }
    const scales = decide(norms.result());
    const scaled = inputs.flatMap((_, i) => (scales[i] === undefined ? [] : [i]));
    const fresh = pool ? pool.take(inputs[0], scaled.length) : scaled.map(() => new Float32Array(d));
    const outs = inputs.map((x) => (pool ? x : x.slice()));
    scaled.forEach((i, r) => (outs[i] = fresh[r]));
    for (let k0 = 0; k0 < d; k0 += st.block) {
      const len = Math.min(st.block, d - k0);
      if (!whole) st.stage(inputs, k0, len, scaled);
      scaled.forEach((i, r) => {
        const at = st.rowAt(whole ? i : r);
        rt.k.scale(at, len, scales[i]!, at);
        outs[i].set(rt.f32.subarray(at / 4, at / 4 + len), k0);
      });
    }
    return outs;
  });
}
