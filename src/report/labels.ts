/**
 * The label table: what a reader sees for a scenario key or a metric (`batch size b`, not
 * `workers.batch`), the short symbol used in panel titles and legends (`b = 10`), and whether
 * the quantity is drawn on a log axis when its values span decades. One table for every figure.
 */

export interface Label {
  /** Axis name. */
  readonly name: string;
  /** Short name for panel titles and legends (the papers' symbol where there is one). */
  readonly symbol?: string;
  /**
   * `true`: a log axis as soon as the values are positive and span ≥ 1 decade (batch sizes,
   * distances, ratios); `false`: never (accuracies, step counts); absent: only when the values
   * span ≥ 2 decades.
   */
  readonly log?: boolean;
}

export const LABELS: Readonly<Record<string, Label>> = {
  // metrics (metrics.jsonl fields) and axes
  step: { name: 'step', log: false },
  timeMs: { name: 'virtual time (ms)', log: false },
  testAccuracy: { name: 'test accuracy', log: false },
  testLoss: { name: 'test loss' },
  trainLoss: { name: 'train loss (honest gradients)' },
  vnRatio: { name: 'VN ratio of honest gradients', log: true },
  drift: { name: 'drift: max ‖wᵢ − w̄‖ over correct nodes', log: true },
  banned: { name: 'banned peers', log: false },
  used: { name: 'gradients aggregated', log: false },
  byzantineUsed: { name: 'Byzantine gradients aggregated', log: false },
  sent: { name: 'messages sent' },
  dropped: { name: 'messages dropped' },
  stale: { name: 'stale gradients' },
  faulty: { name: 'faulty gradients' },
  finalAccuracy: { name: 'final test accuracy', log: false },
  psnr: { name: 'reconstruction PSNR (dB)', log: false },
  mse: { name: 'reconstruction MSE', log: true },
  labelAccuracy: { name: 'labels recovered', log: false },
  gradientDistance: { name: 'gradient distance after the attack', log: true },
  // scenario keys (dotted paths of the schema)
  seed: { name: 'seed', symbol: 'seed', log: false },
  steps: { name: 'steps', symbol: 'T' },
  protocol: { name: 'protocol', symbol: 'protocol' },
  'workers.n': { name: 'workers n', symbol: 'n', log: false },
  'workers.f': { name: 'Byzantine workers f', symbol: 'f', log: false },
  'workers.batch': { name: 'batch size b', symbol: 'b', log: true },
  'workers.attack': { name: 'attack', symbol: 'attack' },
  'workers.schedule': { name: 'attack schedule', symbol: 'schedule' },
  'workers.privacy': { name: 'privacy mechanism', symbol: 'privacy' },
  'workers.privacy.params.epsilon': { name: 'privacy budget ε per step', symbol: 'ε', log: true },
  'workers.privacy.params.delta': { name: 'privacy δ', symbol: 'δ', log: true },
  'workers.privacy.params.fraction': { name: 'sparsified fraction', symbol: 'p', log: false },
  'workers.privacy.params.std': { name: 'gradient noise std σ', symbol: 'σ', log: true },
  'workers.dpsgd.sigma': { name: 'noise multiplier σ', symbol: 'σ' },
  'workers.dpsgd.clip': { name: 'clipping norm C', symbol: 'C', log: true },
  'server.gar': { name: 'aggregation rule', symbol: 'GAR' },
  'server.policy': { name: 'server waiting policy', symbol: 'policy' },
  'server.quorum': { name: 'quorum q', symbol: 'q', log: false },
  'server.timeoutMs': { name: 'server timeout (ms)', symbol: 'timeout', log: true },
  'server.lr': { name: 'learning rate γ', symbol: 'γ', log: true },
  'server.f': { name: 'tolerated f at the server', symbol: 'f_GAR', log: false },
  'servers.n': { name: 'servers n_ps', symbol: 'n_ps', log: false },
  'servers.f': { name: 'Byzantine servers f_ps', symbol: 'f_ps', log: false },
  'btard.validators': { name: 'validators per all-reduce round', symbol: 'validators', log: false },
  'btard.probability': { name: 'probability a round is validated', symbol: 'p_val', log: false },
  'network.synchrony': { name: 'network synchrony', symbol: 'synchrony' },
  'network.synchrony.mode': { name: 'network synchrony', symbol: 'synchrony' },
  'network.delay': { name: 'link delay model', symbol: 'delay' },
  'network.delay.meanMs': { name: 'mean link delay (ms)', symbol: 'delay', log: true },
  'network.loss': { name: 'message loss probability', symbol: 'loss' },
  'network.duplication': { name: 'message duplication probability', symbol: 'dup' },
  'data.partition': { name: 'data partition', symbol: 'partition' },
  'data.train': { name: 'training examples', symbol: 'N', log: true },
  model: { name: 'model', symbol: 'model' },
  'model.name': { name: 'model', symbol: 'model' },
  variant: { name: 'configuration', symbol: '' },
};

/** The entry for a key; unknown keys fall back to their last dotted segment. */
export function labelOf(key: string): Label {
  return LABELS[key] ?? { name: key.split('.').pop() ?? key };
}

export const axisName = (key: string): string => labelOf(key).name;
export const symbolOf = (key: string): string => labelOf(key).symbol ?? labelOf(key).name;

/** A value as a reader writes it: ∞ for infinities, an object by its `name`, numbers short. */
export function showValue(v: unknown): string {
  if (v === 'Infinity' || v === Infinity) return '∞';
  if (v === '-Infinity' || v === -Infinity) return '−∞';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(Number(v.toPrecision(6)));
  if (v !== null && typeof v === 'object' && 'name' in v) return String((v as { name: unknown }).name);
  if (v !== null && typeof v === 'object' && 'mode' in v) return String((v as { mode: unknown }).mode);
  return JSON.stringify(v);
}

/** `b = 10, ε = 0.2` for the given keys of a grid point (keys absent from it are skipped). */
export function describeKeys(grid: Readonly<Record<string, unknown>>, keys: readonly string[]): string {
  return keys
    .filter((k) => k in grid)
    .map((k) => {
      const s = symbolOf(k);
      return s ? `${s} = ${showValue(grid[k])}` : showValue(grid[k]);
    })
    .join(', ');
}

/** Decades spanned by positive values (0 when any value is ≤ 0 or not finite). */
export function decades(values: readonly number[]): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of values) {
    if (!Number.isFinite(x)) continue;
    if (x <= 0) return 0;
    lo = Math.min(lo, x);
    hi = Math.max(hi, x);
  }
  return hi >= lo ? Math.log10(hi / lo) : 0;
}

/** Whether a quantity is drawn on a log axis, from the label table (or the figure's wish) and the data. */
export function useLog(values: readonly number[], wish: boolean | undefined): boolean {
  if (wish === false) return false;
  const span = decades(values);
  return wish === true ? span >= 1 : span >= 2;
}
