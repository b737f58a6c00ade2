/** Drift between replicas of a model: max_i ‖wᵢ − w̄‖ over the given models (w̄ their mean). */
export function drift(models: readonly Float32Array[]): number {
  const d = models[0].length;
  const mean = new Float64Array(d);
  for (const w of models) for (let k = 0; k < d; k++) mean[k] += w[k] / models.length;
  let worst = 0;
  for (const w of models) {
    let s = 0;
    for (let k = 0; k < d; k++) s += (w[k] - mean[k]) ** 2;
    worst = Math.max(worst, Math.sqrt(s));
  }
  return worst;
}
