/** The vector arithmetic LiuBei's filters and worker need (float64 accumulation over float32 vectors). */

/** ‖a − b‖₂. */
export function norm2Diff(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2;
  return Math.sqrt(s);
}
